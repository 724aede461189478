package dev.torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The float32 Vector API kernels for exp, log, tanh, sigmoid and relu (bit for bit) ({@code FastLoops.unary}) against the exact
 * result (double math rounded to float) with torch.testing's float32 tolerances (rtol 1.3e-6, atol 1e-5), on
 * inputs long enough to reach the vector loop (the goldens are too short for 512-bit vectors), with odd lengths
 * for the scalar tail, special values, and a strided input that must take the generic loop.
 */
class FastUnaryTest {
    private static final double RTOL = 1.3e-6, ATOL = 1e-5;

    static float[] inputs(boolean positive) {
        SplittableRandom r = new SplittableRandom(7);
        float[] specials = {0f, -0f, 1f, -1f, 88.7f, -87.3f, 89f, -104f, 20f, -20f, 9f, -9f, 1e-30f, -1e-30f, 1e-45f,
                Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.NaN, 0.5f, 1e-4f, 3e-8f};
        float[] x = new float[4099];
        for (int i = 0; i < x.length; i++) {
            double v = i < specials.length ? specials[i] : i % 3 == 0 ? r.nextDouble(-100, 100) : r.nextGaussian() * 4;
            x[i] = (float) (positive ? (i < specials.length ? Math.abs(v) : Math.abs(v) + 1e-3 * r.nextDouble()) : v);
        }
        return x;
    }

    static void check(String name, boolean positive, UnaryOperator<Tensor> op, DoubleUnaryOperator exact) {
        float[] x = inputs(positive);
        for (int len : new int[] {4099, 17, 100, 1}) {
            float[] xs = java.util.Arrays.copyOf(x, len);
            float[] y = op.apply(Torch.tensor(xs)).toFloatArray();
            for (int i = 0; i < len; i++) {
                float want = (float) exact.applyAsDouble(xs[i]);
                float got = y[i];
                final int at = i;
                if (Float.isNaN(want)) {
                    assertTrue(Float.isNaN(got), () -> name + "(" + xs[at] + ") = " + got + ", want NaN");
                } else if (Float.isInfinite(want)) {
                    assertEquals(want, got, () -> name + "(" + xs[at] + ")");
                } else {
                    assertTrue(Math.abs(got - (double) want) <= ATOL + RTOL * Math.abs(want),
                            () -> name + "(" + xs[at] + ") = " + got + ", want " + want);
                }
            }
        }
    }

    @Test
    void exp() { check("exp", false, Tensor::exp, Math::exp); }

    @Test
    void log() { check("log", true, Tensor::log, Math::log); }

    @Test
    void logOfNegativeIsNaN() {
        float[] y = Torch.tensor(new float[] {-1f, -0f, 0f, -2f, -3f, -4f, -5f, -6f, -7f, -8f, -9f, -10f, -11f, -12f, -13f,
                -14f, -15f, -16f}).log().toFloatArray();
        assertTrue(Float.isNaN(y[0]) && Float.isNaN(y[17]));
        assertEquals(Float.NEGATIVE_INFINITY, y[1]);
        assertEquals(Float.NEGATIVE_INFINITY, y[2]);
    }

    @Test
    void tanh() { check("tanh", false, Tensor::tanh, Math::tanh); }

    @Test
    void sigmoid() { check("sigmoid", false, Tensor::sigmoid, v -> 1.0 / (1.0 + Math.exp(-v))); }

    @Test
    void relu() {
        float[] x = inputs(false);
        float[] y = Torch.tensor(x).relu().toFloatArray();
        for (int i = 0; i < x.length; i++) {
            float v = x[i], want = v > 0 || v != v ? v : 0f;
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(y[i]), "relu(" + v + ")");
        }
    }

    @Test
    void stridedInputTakesTheGenericLoopWithTheSameResults() {
        Tensor x = Torch.tensor(inputs(false)).narrow(0, 0, 4096).view(64, 64);
        Tensor t = x.t();
        float[] a = t.exp().toFloatArray(), b = t.contiguous().exp().toFloatArray();
        for (int i = 0; i < a.length; i++) {
            float want = b[i], got = a[i];
            final int at = i;
            assertTrue(Float.compare(want, got) == 0 || Math.abs(got - (double) want) <= ATOL + RTOL * Math.abs(want),
                    () -> "exp at " + at + ": " + got + " vs " + want);
        }
    }
}
