package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.nn.Parameter;
import dev.torch4j.optim.SGD;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fused training-step kernels (addmm with the input in the GEMM, relu's threshold_backward, the one-pass SGD
 * update) against the composed forms they replace, including the layouts that fall back to those forms.
 */
class FusedTest {

    /** Integer-valued float64 operands: every sum is exact, so fused and composed results must be equal. */
    private static Tensor ints(long... shape) {
        Torch.manualSeed(7);
        return Torch.randint(-4, 5, dev.torch4j.Size.of(shape)).to(DType.FLOAT64);
    }

    @Test
    void addmmBroadcastsEveryInputShapeLikeTheComposedForm() {
        Tensor a = ints(5, 3), b = ints(3, 4).add(1.0);
        Tensor[] inputs = {ints(4), ints(5, 1), ints(5, 4), ints(1, 4), Torch.tensor(2.0), ints(4, 5).t()};
        for (Tensor in : inputs) {
            for (double[] ba : new double[][] {{1, 1}, {0.5, 2}, {-1, 0.25}}) {
                Tensor want = in.mul(ba[0]).add(a.mm(b).mul(ba[1]));
                Tensor got = Torch.addmm(in, a, b, ba[0], ba[1]);
                assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), "input " + java.util.Arrays.toString(in.shapeArray()));
                assertArrayEquals(new long[] {5, 4}, got.shapeArray());
            }
        }
        // transposed matrices go to the GEMM as flags; float32 agrees to rounding
        Tensor x = Torch.randn(6, 7), w = Torch.randn(5, 7), bias = Torch.randn(5);
        Golden.assertClose(x.mm(w.t()).add(bias), Torch.addmm(bias, x, w.t(), 1, 1), 1e-5, 1e-5, "linear");
    }

    @Test
    void reluGradientIsZeroWhereTheResultIsNotPositiveAndPassesNaN() {
        Tensor x = Torch.tensor(new double[] {-1, 0, 2, Double.NaN, 3}).requiresGrad_(true);
        Tensor g = Torch.tensor(new double[] {5, 6, 7, 8, Double.POSITIVE_INFINITY});
        x.relu().backward(g);
        // threshold_backward(grad, result, 0): an infinite or NaN gradient does not leak through a zero (g * 0 would)
        assertArrayEquals(new double[] {0, 0, 7, 8, Double.POSITIVE_INFINITY}, x.grad().toDoubleArray());
        // a non-contiguous gradient takes the composed form, with the same values
        Tensor y = Torch.tensor(new double[] {-1, 0, 2, Double.NaN}).view(2, 2).relu();
        Tensor gg = Torch.tensor(new double[] {1, Double.NaN, 3, 4}).view(2, 2).t();
        assertArrayEquals(new double[] {0, 0, Double.NaN, 4}, Fused.thresholdBackward(gg, y, 0).toDoubleArray());
        assertArrayEquals(Fused.thresholdBackward(gg.contiguous(), y, 0).toDoubleArray(),
                Fused.thresholdBackward(gg, y, 0).toDoubleArray());
    }

    @Test
    void reluDoubleBackwardRecordsThresholdBackward() {
        Tensor x = Torch.tensor(new double[] {-1, 2, 3}).requiresGrad_(true);
        Tensor g = Torch.ones(3).requiresGrad_(true);
        Tensor gx = Torch.autograd().grad(new Tensor[] {x.relu()}, new Tensor[] {x}, new Tensor[] {g}, true, true, false)[0];
        assertEquals("ThresholdBackwardBackward0", gx.gradFn().name());
        gx.mul(Torch.tensor(new double[] {10, 20, 30})).sum().backward();
        assertArrayEquals(new double[] {0, 20, 30}, g.grad().toDoubleArray());
    }

    @Test
    void fusedSgdMatchesTheComposedUpdateForEveryOption() {
        SGD.Options[] options = {SGD.options(0.1), SGD.options(0.1).momentum(0.9),
                SGD.options(0.05).momentum(0.8).nesterov(true).weightDecay(0.01),
                SGD.options(0.05).momentum(0.5).dampening(0.3).maximize(true).weightDecay(0.1)};
        for (SGD.Options o : options) {
            Torch.manualSeed(1);
            Tensor init = Torch.randn(4, 37);
            // a contiguous parameter takes the fused kernel, a transposed one the composed tensor ops
            Tensor fused = Parameter.of(init.clone());
            Tensor composed = Parameter.of(init.t().contiguous().t());
            SGD a = new SGD(List.of(fused), o), b = new SGD(List.of(composed), o);
            for (int step = 0; step < 4; step++) {
                Tensor grad = Torch.randn(4, 37);
                fused.setGrad(grad.clone());
                composed.setGrad(grad.t().contiguous().t());
                int version = fused.version();
                a.step();
                b.step();
                assertEquals(version + 1, fused.version(), "an in-place update bumps the version");
            }
            Golden.assertClose(composed.detach(), fused.detach(), 1e-6, 1e-6, o.toString());
            if (o.momentum() != 0) {
                Golden.assertClose((Tensor) b.state(composed).get("momentum_buffer"),
                        (Tensor) a.state(fused).get("momentum_buffer"), 1e-6, 1e-6, o + " buffer");
            }
        }
        try (var g = GradMode.noGrad()) {
            Tensor p = Torch.ones(3);
            assertEquals(false, Fused.sgdStep(p, Torch.ones(4), null, false, 0.1, 0, 0, 0, false, false), "shape mismatch");
        }
    }
}
