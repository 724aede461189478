package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Views of a tensor whose elements overlap in memory (unfold's windows): a permutation's gradient is exact; a view
 * whose derivative would have to be read from memory places (which cannot say which element a place belongs to)
 * is refused with an error naming the view, never answered wrongly.
 */
class OverlappingViewGradTest {
    @Test
    void permutingOverlappingWindowsSumsEachElementsReads() {
        Tensor x = Torch.zeros(1, 8, 2).to(DType.FLOAT64).requiresGrad_(true);
        Tensor w = Torch.arange(24).to(DType.FLOAT64).reshape(1, 3, 4, 2);
        x.unfold(1, 4, 2).movedim(-1, 2).mul(w).sum().backward();
        // element j is read by window f at position j - 2f: its gradient is the sum of w[f, j - 2f] (channel 0)
        assertArrayEquals(new double[] {0, 2, 12, 16, 28, 32, 20, 22}, x.grad().select(2, 0).toDoubleArray(), 0);
    }

    @Test
    void aSelectOfOverlappingWindowsIsRefusedNotWrong() {
        Tensor x = Torch.ones(6).to(DType.FLOAT64).requiresGrad_(true);
        Tensor y = x.unfold(0, 3, 1).select(1, 0).sum();
        var e = assertThrows(UnsupportedOperationException.class, y::backward);
        assertTrue(e.getMessage().startsWith("SelectBackward0: the gradient of this view"), e.getMessage());
    }
}
