package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Views of a tensor whose elements overlap in memory (unfold's windows): a permutation's gradient is exact, select
 * and narrow take theirs by index, diagonal replays itself on zeros shaped like its input; a view whose derivative
 * would have to be read from memory places (which cannot say which element a place belongs to) is refused with an
 * error naming the view, never answered wrongly.
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
    void selectAndNarrowOfOverlappingWindowsTakeTheirDerivativeByIndex() {
        Tensor x = Torch.ones(6).to(DType.FLOAT64).requiresGrad_(true);
        x.unfold(0, 3, 1).select(1, 0).sum().backward();            // window w's first element is x[w]
        assertArrayEquals(new double[] {1, 1, 1, 1, 0, 0}, x.grad().toDoubleArray(), 0);
        Tensor y = Torch.ones(6).to(DType.FLOAT64).requiresGrad_(true);
        y.unfold(0, 3, 1).narrow(1, 1, 2).sum().backward();         // window w reads y[w + 1], y[w + 2]
        assertArrayEquals(new double[] {0, 1, 2, 2, 2, 1}, y.grad().toDoubleArray(), 0);
    }

    @Test
    void diagonalOfOverlappingWindowsReplaysItselfOnZeros() {
        // windows [x0..x2], [x1..x3], [x2..x4]: the diagonal reads x0, x2, x4
        // (PyTorch: (torch.arange(5.).unfold(0, 3, 1).diagonal() * [1, 2, 3]).sum().backward() -> [1, 0, 2, 0, 3])
        Tensor x = Torch.arange(5.0).to(DType.FLOAT64).requiresGrad_(true);
        x.unfold(0, 3, 1).diagonal().mul(Torch.tensor(new double[] {1, 2, 3})).sum().backward();
        assertArrayEquals(new double[] {1, 0, 2, 0, 3}, x.grad().toDoubleArray(), 0);
    }
}
