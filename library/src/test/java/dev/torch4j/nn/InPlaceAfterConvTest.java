package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.BiFunction;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * An in-place op straight on a convolution's output (AlexNet's and VGG's {@code ReLU(inplace=True)}) must keep the
 * convolution's history: the weight gets the same gradient as with the out-of-place op.
 */
class InPlaceAfterConvTest {
    private record Case(String name, long[] inShape, long[] wShape, BiFunction<Tensor, Tensor, Tensor> conv) {}

    @Test
    void reluInPlaceAfterEveryConvolutionKeepsTheGradient() {
        List<Case> cases = List.of(
                new Case("conv2d", new long[] {2, 3, 6, 6}, new long[] {4, 3, 3, 3}, (x, w) -> Functional.conv2d(x, w, null)),
                new Case("conv2d unbatched", new long[] {3, 6, 6}, new long[] {4, 3, 3, 3}, (x, w) -> Functional.conv2d(x, w, null)),
                new Case("conv1d", new long[] {2, 3, 7}, new long[] {4, 3, 3}, (x, w) -> Functional.conv1d(x, w, null)),
                new Case("conv3d", new long[] {1, 2, 4, 4, 4}, new long[] {3, 2, 2, 2, 2}, (x, w) -> Functional.conv3d(x, w, null)),
                new Case("conv_transpose2d", new long[] {1, 3, 4, 4}, new long[] {3, 2, 3, 3}, (x, w) -> Functional.convTranspose2d(x, w, null)),
                new Case("conv_transpose1d", new long[] {1, 3, 5}, new long[] {3, 2, 3}, (x, w) -> Functional.convTranspose1d(x, w, null)));
        for (Case c : cases) {
            manualSeed(1);
            Tensor x = randn(shape(c.inShape()), dtype(DType.FLOAT64));
            Tensor w = randn(shape(c.wShape()), dtype(DType.FLOAT64)).requiresGrad_(true);
            c.conv().apply(x, w).relu().sum().backward();
            double[] want = w.grad().toDoubleArray();
            w.setGrad(null);
            Tensor y = c.conv().apply(x, w);
            y.relu_();
            y.sum().backward();
            assertNotNull(w.grad(), c.name() + ": the weight got no gradient through relu_");
            assertArrayEquals(want, w.grad().toDoubleArray(), 1e-12, c.name());
        }
    }
}
