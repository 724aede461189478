package dev.torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.backend.UnaryOp;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The float32 Vector API kernels for exp, log, tanh, sigmoid, erf and relu (bit for bit) ({@code FastLoops.unary}) against the exact
 * result (double math rounded to float) with torch.testing's float32 tolerances (rtol 1.3e-6, atol 1e-5), on
 * inputs long enough to reach the vector loop (the goldens are too short for 512-bit vectors), with odd lengths
 * for the scalar tail, special values, and a strided input that must take the generic loop. tanh and log are also
 * held to 1 ulp of {@code (float) Math.tanh / Math.log} over sweeps of the whole float range.
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

    /** Distance in units in the last place between two finite floats of the same sign (or zeros). */
    static long ulps(float a, float b) {
        int x = Float.floatToRawIntBits(a), y = Float.floatToRawIntBits(b);
        if (x < 0) x = Integer.MIN_VALUE - x;
        if (y < 0) y = Integer.MIN_VALUE - y;
        return Math.abs((long) x - y);
    }

    /**
     * Floats spread over the bit patterns of [-hi, hi] (every 4093rd pattern: ~2000 in each binade), then the
     * given specials; {@code len} cuts it to exercise the scalar tail.
     */
    static float[] sweep(float lo, float hi, float... specials) {
        int from = Float.floatToIntBits(lo), to = Float.floatToIntBits(hi), stride = 4093;
        int m = (to - from) / stride + 1;
        float[] x = new float[2 * m + specials.length];
        for (int i = 0; i < m; i++) {
            x[2 * i] = Float.intBitsToFloat(from + i * stride);
            x[2 * i + 1] = -x[2 * i];
        }
        System.arraycopy(specials, 0, x, 2 * m, specials.length);
        return x;
    }

    /** The vector kernel (contiguous) against {@code (float) exact} within {@code maxUlps}; NaN, infinities and zeros exactly. */
    static void checkUlps(String name, float[] x, UnaryOperator<Tensor> op, DoubleUnaryOperator exact, int maxUlps) {
        for (int len : new int[] {x.length, 1, 15, 17, 33, 1023}) {
            float[] xs = java.util.Arrays.copyOfRange(x, x.length - Math.min(len, x.length), x.length);
            float[] y = op.apply(Torch.tensor(xs)).toFloatArray();
            for (int i = 0; i < xs.length; i++) {
                float want = (float) exact.applyAsDouble(xs[i]), got = y[i];
                final int at = i;
                if (Float.isNaN(want) || Float.isInfinite(want) || want == 0) {
                    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got), () -> name + "(" + xs[at] + ")");
                } else {
                    assertTrue(ulps(want, got) <= maxUlps, () -> name + "(" + xs[at] + ") = " + got + ", want " + want);
                }
            }
        }
    }

    private static final float[] SPECIALS = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
            0.625f, -0.625f, Math.nextDown(0.625f), Math.nextUp(0.625f), 9f, 9.01f, 10f, 11f, 88f, 1f, -1f, 1e-4f, 3e-8f};

    @Test
    void tanhWithinOneUlpOverTheWholeRange() {
        checkUlps("tanh", sweep(0f, 12f, SPECIALS), Tensor::tanh, Math::tanh, 1);
    }

    @Test
    void tanhOfTinyValuesIsTheValueAndLargeOnesSaturate() {
        float[] x = sweep(0f, 0x1p-13f, 0x1p-13f, -0x1p-13f, Float.MIN_VALUE);
        float[] y = Torch.tensor(x).tanh().toFloatArray();
        for (int i = 0; i < x.length; i++) assertEquals(Float.floatToIntBits(x[i]), Float.floatToIntBits(y[i]), "tanh(" + x[i] + ")");
        float[] big = sweep(9.1f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
        float[] t = Torch.tensor(big).tanh().toFloatArray();
        for (int i = 0; i < big.length; i++) assertEquals(Math.signum(big[i]), t[i], "tanh(" + big[i] + ")");
    }

    @Test
    void logWithinOneUlpOverTheWholeRange() {
        float[] x = sweep(0f, Float.MAX_VALUE, SPECIALS);
        checkUlps("log", x, Tensor::log, Math::log, 1);
        // near 1, where log is smallest relative to its input
        checkUlps("log", sweep(0.5f, 2f, 1f, Math.nextUp(1f), Math.nextDown(1f)), Tensor::log, Math::log, 1);
    }

    @Test
    void erfWithinOneUlpOverTheWholeRange() {
        // the vector erf (VectorErf) against the scalar double erf rounded to float, across its ranges' seams
        float[] seams = {3f, Math.nextDown(3f), Math.nextUp(3f), 4f, Math.nextDown(4f), 2.5f, 1e-6f, -1e-4f, 0.01f};
        float[] x = sweep(0f, 5f, seams);
        checkUlps("erf", x, Tensor::erf, dev.torch4j.backend.Erf::erf, 1);
        checkUlps("erf", sweep(0f, 1e-3f, 0f, -0f), Tensor::erf, dev.torch4j.backend.Erf::erf, 1);
        // NaN, infinities, signed zeros, saturation
        float[] sp = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, 4f, -7f, 1e30f, -Float.MAX_VALUE};
        float[] in = new float[40];
        for (int i = 0; i < in.length; i++) in[i] = sp[i % sp.length];
        float[] y = Torch.tensor(in).erf().toFloatArray();
        for (int i = 0; i < in.length; i++) {
            float want = (float) dev.torch4j.backend.Erf.erf(in[i]);
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(y[i]), "erf(" + in[i] + ")");
        }
    }

    @Test
    void sameBitsColdAndWarm() {
        // the first calls may run the Vector API's Java fallback, later ones C2's code: both must give the same bits
        // (Note [no SVML transcendentals]); when another test warmed the loops first this still checks repeatability
        float[] x = inputs(false);
        float[] ax = new float[x.length];
        for (int i = 0; i < x.length; i++) ax[i] = Math.abs(x[i]);
        float[] tanh0 = new float[x.length], log0 = new float[x.length], tanh1 = new float[x.length], log1 = new float[x.length];
        int n = x.length;
        assertTrue(FastLoops.unary(dev.torch4j.backend.UnaryOp.TANH, n, tanh0, 0, x, 0, 1));
        assertTrue(FastLoops.unary(dev.torch4j.backend.UnaryOp.LOG, n, log0, 0, ax, 0, 1));
        for (int rep = 0; rep < 400; rep++) { // ~100k loop iterations: past C2's compile thresholds
            FastLoops.unary(dev.torch4j.backend.UnaryOp.TANH, n, tanh1, 0, x, 0, 1);
            FastLoops.unary(dev.torch4j.backend.UnaryOp.LOG, n, log1, 0, ax, 0, 1);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(tanh0[i]), Float.floatToIntBits(tanh1[i]), "tanh(" + x[i] + ")");
            assertEquals(Float.floatToIntBits(log0[i]), Float.floatToIntBits(log1[i]), "log(" + ax[i] + ")");
        }
    }

    @Test
    void geluWithinOneUlpOverTheWholeRange() {
        // the vector GELU (VectorGelu) of both forms against the scalar double formulas rounded to float; 0.75 is near
        // the derivative's root, 3.6 and 5.7 where 1 + erf(x / sqrt 2) would have cancelled to a few bits in float
        float[] x = sweep(0f, 40f, SPECIALS);
        checkUlps("gelu", x, Tensor::gelu, UnaryOp.GELU::applyD, 1);
        checkUlps("gelu_tanh", x, t -> t.gelu("tanh"), UnaryOp.GELU_TANH::applyD, 1);
        checkUlps("silu", sweep(0f, 800f, SPECIALS), Tensor::silu, UnaryOp.SILU::applyD, 1);
    }

    @Test
    void geluAndSiluLaneFormulasGiveTheVectorBits() {
        // until the vector code is compiled the lane-by-lane formulas serve (VectorGelu.vectorsWarm): same bits
        float[] x = sweep(0f, 800f, SPECIALS);
        int n = x.length;
        float[] g = new float[n], vec = new float[n];
        for (int i = 0; i < n; i++) g[i] = (i % 7) - 3.5f;
        for (int kind = 0; kind < 3; kind++) {
            VectorGelu.forwardVectors(n, vec, 0, x, 0, kind);
            for (int i = 0; i < n; i++) {
                float lane = (float) VectorGelu.forwardLane(x[i], kind);
                // floatToIntBits: NaN's sign is the hardware's accident (x86 makes negative NaNs), not the formula's
                assertEquals(Float.floatToIntBits(vec[i]), Float.floatToIntBits(lane), "kind " + kind + " forward(" + x[i] + ")");
            }
            VectorGelu.backwardVectors(vec, 0, g, 0, x, 0, 0, n, kind);
            for (int i = 0; i < n; i++) {
                float lane = (float) (g[i] * VectorGelu.derivativeLane(x[i], kind));
                assertEquals(Float.floatToIntBits(vec[i]), Float.floatToIntBits(lane), "kind " + kind + " derivative(" + x[i] + ")");
            }
        }
    }

    @Test
    void geluKeepsItsNegativeTail() {
        // 0.5 x erfc(-x / sqrt 2) to 17 digits (mpmath at 30 digits): PyTorch's 0.5 x (1 + erf(x / sqrt 2)) rounds to 0
        // below about -5.8 in float32 and -8.3 in float64, here the value keeps its digits down to the subnormals
        double[][] cases = {{-3, -0.0040496940948902836}, {-5, -1.4332578593959696e-6}, {-8, -4.9767684594174273e-15},
            {-10, -7.6198530241605261e-23}, {-12, -2.1317785344932148e-32}, {-14, -1.091095154686992e-43},
            {-20, -5.5072482372124674e-88}};
        for (double[] c : cases) {
            double got = Torch.tensor(new float[] {(float) c[0]}).to(dev.torch4j.DType.FLOAT64).gelu().toDoubleArray()[0];
            assertEquals(c[1], got, Math.abs(c[1]) * 1e-13, "float64 gelu(" + c[0] + ")");
            float f = Torch.tensor(new float[] {(float) c[0]}).gelu().toFloatArray()[0];
            assertTrue(ulps((float) c[1], f) <= 1, "float32 gelu(" + c[0] + ") = " + f + ", want " + (float) c[1]);
        }
    }

    @Test
    void geluAndSiluBackwardFusedWithinOneUlpOfTheDoubleFormula() {
        // a contiguous float32 gradient takes the fused kernel, an expanded one the composed float32 formula: both
        // against the float64 composed formula rounded to float (the composed float32 one within its float rounding)
        float[] x = sweep(0f, 40f, SPECIALS);
        float[] gs = new float[x.length];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < gs.length; i++) gs[i] = (float) (r.nextDouble() * 4 - 2);
        for (String approximate : List.of("none", "tanh", "silu")) {
            UnaryOperator<Tensor> f = t -> approximate.equals("silu") ? t.silu() : t.gelu(approximate);
            Tensor xd = Torch.tensor(x).to(dev.torch4j.DType.FLOAT64).requiresGrad_(true);
            f.apply(xd).backward(Torch.tensor(gs).to(dev.torch4j.DType.FLOAT64));
            float[] want = xd.grad().to(dev.torch4j.DType.FLOAT32).toFloatArray();
            Tensor xf = Torch.tensor(x).requiresGrad_(true);
            f.apply(xf).backward(Torch.tensor(gs));
            float[] got = xf.grad().toFloatArray();
            for (int i = 0; i < x.length; i++) {
                final int at = i;
                if (want[i] == 0) {   // either sign: where both terms underflow, the sign of the zero is the formula's accident
                    assertEquals(0f, Math.abs(got[i]), () -> approximate + " gelu'(" + x[at] + ")");
                } else if (Float.isNaN(want[i]) || Float.isInfinite(want[i])) {
                    assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), () -> approximate + " gelu'(" + x[at] + ")");
                } else {
                    assertTrue(ulps(want[i], got[i]) <= 1, () -> approximate + " gelu'(" + x[at] + ") = " + got[at] + ", want " + want[at]);
                }
            }
        }
    }

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
        for (UnaryOperator<Tensor> op : List.<UnaryOperator<Tensor>>of(Tensor::exp, Tensor::tanh, Tensor::sigmoid)) {
            float[] a = op.apply(t).toFloatArray(), b = op.apply(t.contiguous()).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                float want = b[i], got = a[i];
                final int at = i;
                assertTrue(Float.compare(want, got) == 0 || Math.abs(got - (double) want) <= ATOL + RTOL * Math.abs(want),
                        () -> "at " + at + ": " + got + " vs " + want);
            }
        }
        // a strided log: the generic loop gives (float) Math.log exactly
        float[] l = t.abs().t().log().toFloatArray(), in = t.abs().t().contiguous().toFloatArray();
        for (int i = 0; i < l.length; i++) assertEquals(Float.floatToIntBits((float) Math.log(in[i])), Float.floatToIntBits(l[i]));
    }
}
