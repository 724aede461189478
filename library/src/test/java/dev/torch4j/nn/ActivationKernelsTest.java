package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.UnaryOperator;

import static dev.torch4j.Torch.fromArray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one-pass float32 activation kernels (backend/cpu VectorActivations, VectorExpActivations), forward and backward,
 * against the composed float32 form they replace (run on a strided view, which the kernels leave to it) and the
 * float64 form rounded to float: piecewise-linear ones bit for bit with the composed form; ones with exp or log
 * within an ulp of float64 (or both subnormal, where the composed form's intermediates underflow), with NaN,
 * infinities and zeros (signs included) as the composed form gives them.
 */
class ActivationKernelsTest {
    private static final float[] SPECIALS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f,
        3f, -3f, Math.nextUp(3f), Math.nextDown(3f), Math.nextUp(-3f), Math.nextDown(-3f), 6f, -6f, 0.5f, -0.5f, 20f,
        Math.nextUp(20f), Math.nextDown(20f), 10f, 5f, 5.000001f, 0.85f, 87.49f, 87.51f, 88.72f, 88.73f, 100f, -87.4f,
        -88.8f, -100f, -103.9f, -104f, -104.5f, -105f, -110f, -150f, 1e-5f, -1e-5f, 1e-7f, -1e-7f, 1e-20f, -1e-20f,
        1e-40f, -1e-40f, 40f, 41f, -40f, 1e4f, -1e4f, 2.5f, -2.5f, 0.3f, -0.3f, 0.7f, -0.7f, -0.04f, -0.0399f, -0.0401f, 0.04f,
        -0.08f, -0.0799f, -0.0801f, -1.19f, -1.2f};

    /** Specials, then values spread over the interesting ranges: n elements (lengths leaving vector tails). */
    private static float[] inputs(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i < SPECIALS.length ? SPECIALS[i] : switch (i % 4) {
                case 0 -> (float) (r.nextGaussian() * 4);
                case 1 -> (float) (r.nextDouble() * 240 - 120);
                case 2 -> (float) (r.nextGaussian() * 1e-3);
                default -> (float) (r.nextDouble() * 12 - 6);
            };
        }
        return x;
    }

    private static float[] grads(int n, long seed) {
        Random r = new Random(seed);
        float[] g = new float[n];
        for (int i = 0; i < n; i++) g[i] = (float) (r.nextDouble() * 4 - 2);
        g[0] = 0f;
        if (n > 1) g[1] = -0f;
        return g;
    }

    /** Forward and gradient of f at x: float32 through the kernels, float32 composed (strided view), float64 composed. */
    private record Run(float[] fused, float[] composed, float[] wide, float[] gFused, float[] gComposed, float[] gWide) {}

    private static Run run(UnaryOperator<Tensor> f, float[] x, float[] g) {
        int n = x.length;
        Tensor xf = fromArray(x.clone(), n).requiresGrad_(true);
        Tensor yf = f.apply(xf);
        yf.backward(fromArray(g.clone(), n));
        float[] twice = new float[2 * n];
        for (int i = 0; i < n; i++) twice[2 * i] = twice[2 * i + 1] = x[i];
        Tensor base = fromArray(twice, n, 2).requiresGrad_(true);
        Tensor yc = f.apply(base.select(1, 0));
        yc.backward(fromArray(g.clone(), n));
        Tensor xd = fromArray(x.clone(), n).to(DType.FLOAT64).detach().requiresGrad_(true);
        Tensor yd = f.apply(xd);
        yd.backward(fromArray(g.clone(), n).to(DType.FLOAT64));
        return new Run(yf.detach().toFloatArray(), yc.detach().toFloatArray(), yd.detach().toFloatArray(),
                xf.grad().toFloatArray(), base.grad().select(1, 0).toFloatArray(), xd.grad().toFloatArray());
    }

    private static void assertExact(float[] composed, float[] fused, float[] x, String what) {
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(composed[i]) && Float.isNaN(fused[i])) continue;
            if (Float.floatToIntBits(composed[i]) != Float.floatToIntBits(fused[i])) {
                fail(what + " at x = " + x[i] + " (" + i + "): composed " + composed[i] + ", fused " + fused[i]);
            }
        }
    }

    /**
     * Within an ulp of the float64 result, unless equal to the composed float32 one; NaN, infinities and zeros as the
     * composed one's.
     */
    private static void assertClose(float[] composed, float[] fused, float[] wide, float[] x, String what) {
        for (int i = 0; i < x.length; i++) {
            float c = composed[i], f = fused[i], w = wide[i];
            String at = what + " at x = " + x[i] + " (" + i + "): composed " + c + ", fused " + f + ", float64 " + w;
            if (Float.isNaN(c) || Float.isNaN(f)) {
                assertTrue(Float.isNaN(c) && Float.isNaN(f), at);
                continue;
            }
            if (Float.floatToIntBits(c) == Float.floatToIntBits(f)) continue;
            assertTrue(!Float.isInfinite(c) && !(c == 0 && f == 0), at);
            // below the normal range the composed form's float intermediates have underflowed: only the range is kept
            if (Math.abs(c) < Float.MIN_NORMAL && Math.abs(f) < Float.MIN_NORMAL) continue;
            assertTrue(Math.abs((double) f - w) <= Math.ulp(w), at);
        }
    }

    private static void check(String what, UnaryOperator<Tensor> f, boolean exact) {
        for (int n : new int[] {1, 3, 7, 8, 9, 15, 17, 31, 33, SPECIALS.length, 1000 + 13, 70_001}) {
            float[] x = inputs(n, n), g = grads(n, 7 * n);
            Run r = run(f, x, g);
            String at = what + " (n " + n + ")";
            if (exact) {
                assertExact(r.composed, r.fused, x, at);
                assertExact(r.gComposed, r.gFused, x, at + " gradient");
            } else {
                assertClose(r.composed, r.fused, r.wide, x, at);
                assertClose(r.gComposed, r.gFused, r.gWide, x, at + " gradient");
            }
        }
    }

    @Test
    void piecewiseLinearBitForBit() {
        check("leaky_relu", Functional::leakyRelu, true);
        check("leaky_relu(0.3)", x -> Functional.leakyRelu(x, 0.3), true);
        check("leaky_relu(-0.7)", x -> Functional.leakyRelu(x, -0.7), true);
        check("hardtanh", Functional::hardtanh, true);
        check("hardtanh(-0.3, 0.7)", x -> Functional.hardtanh(x, -0.3, 0.7), true);
        check("relu6", Functional::relu6, true);
        check("hardswish", Functional::hardswish, true);
        check("hardsigmoid", Functional::hardsigmoid, true);
    }

    @Test
    void eluFamily() {
        check("elu", Functional::elu, false);
        check("elu(0.5)", x -> Functional.elu(x, 0.5), false);
        check("selu", Functional::selu, false);
        check("celu(2)", x -> Functional.celu(x, 2.0), false);
        check("celu(0.7)", x -> Functional.celu(x, 0.7), false);
    }

    @Test
    void softplusMishLogsigmoid() {
        check("softplus", Functional::softplus, false);
        check("softplus(2, 10)", x -> Functional.softplus(x, 2, 10), false);
        check("softplus(0.5, 1.7)", x -> Functional.softplus(x, 0.5, 1.7), false);
        check("softplus(1, 100)", x -> Functional.softplus(x, 1, 100), false);
        check("mish", Functional::mish, false);
        check("logsigmoid", Functional::logsigmoid, false);
    }

    /** tanh_backward and sigmoid_backward from the saved result: the composed formulas' floats, bit for bit. */
    @Test
    void tanhSigmoidBackwardFromResult() {
        for (int n : new int[] {1, 7, 9, 17, SPECIALS.length, 1013, 70_001}) {
            float[] x = inputs(n, n), g = grads(n, 3 * n);
            for (boolean sigmoid : new boolean[] {false, true}) {
                Tensor leaf = fromArray(x.clone(), n).requiresGrad_(true);
                Tensor y = sigmoid ? leaf.sigmoid() : leaf.tanh();
                Tensor gt = fromArray(g.clone(), n);
                y.backward(gt);
                Tensor r = y.detach();
                Tensor expected = sigmoid ? gt.mul(r.mul(r.neg().add(1.0))) : gt.mul(r.square().neg().add(1.0));
                assertExact(expected.toFloatArray(), leaf.grad().toFloatArray(), x, (sigmoid ? "sigmoid" : "tanh") + " (n " + n + ")");
            }
        }
    }

    /** The in-place leaky_relu runs the same kernel, and records its node (saving what it saved before). */
    @Test
    void inPlaceLeakyRelu() {
        float[] x = inputs(1013, 5);
        Tensor expected;
        Tensor t = fromArray(x.clone(), x.length);
        try (var ng = GradMode.noGrad()) {
            expected = Functional.leakyRelu(fromArray(x.clone(), x.length), 0.2);
            Functional.leakyRelu_(t, 0.2);
        }
        assertExact(expected.toFloatArray(), t.toFloatArray(), x, "leaky_relu_");
        Tensor leaf = fromArray(new float[] {-2f, 3f}, 2).requiresGrad_(true);
        Tensor y = Functional.leakyRelu_(leaf.mul(1.0), -0.5);
        assertEquals("LeakyReluBackward1", y.gradFn().name());
    }

    /** Under create_graph the composed derivative runs and records its own graph (second derivatives), same values. */
    @Test
    void createGraphComposed() {
        float[] x = {-1.5f, 0.5f, 2f};
        Tensor a = fromArray(x.clone(), 3).requiresGrad_(true), b = fromArray(x.clone(), 3).requiresGrad_(true);
        Functional.mish(a).backward(fromArray(new float[] {1f, 1f, 1f}, 3), true, true);
        Functional.mish(b).backward(fromArray(new float[] {1f, 1f, 1f}, 3));
        assertTrue(a.grad().requiresGrad());
        float[] composed = a.grad().detach().toFloatArray(), fused = b.grad().toFloatArray();
        for (int i = 0; i < 3; i++) assertEquals(composed[i], fused[i], Math.abs(fused[i]) * 1e-6, "x = " + x[i]);
    }
}
