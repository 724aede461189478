package dev.torch4j.backend.cpu;

import dev.torch4j.backend.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 GELU (both forms), SiLU and their derivatives on vectors of doubles (the floats widened, the results rounded back),
 * within an ulp or two of the scalar double formulas of {@link dev.torch4j.backend.UnaryOp#GELU}.
 *
 * <p>Exact form: {@code 0.5 x (1 + erf(z))}, {@code z = x / sqrt 2}. For negative x, {@code 1 + erf(z)} is
 * {@code erfc(|z|)}, which cancels: an erf good to float precision (as {@link VectorErf}) leaves 1 + erf(z) with a
 * few correct bits below z = -3. So {@code 2 Phi} is erfc(|z|) or 2 - erfc(|z|), and erfc(t) is exp(-t^2) times
 * one polynomial in {@code (t - 3) / (t + 3)} over {@code 1 + 2t}: no branches, no cancellation, 1e-12 relative.
 *
 * <p>tanh form: {@code 0.5 x (1 + tanh u) = x sigmoid(2u)}, which does not cancel for negative x either.
 * Only exactly rounded vector operations (Note [no SVML transcendentals] in {@link FastLoops}).
 */
final class VectorGelu {
    private VectorGelu() {}

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int BLOCK = 2048;

    /**
     * {@code (1 + 2t) erfcx(t)} as a polynomial in {@code y = (t - 3) / (t + 3)}, highest power first: the degree-18
     * Chebyshev interpolant from scripts/fit/erfcx_poly.py, erfc within 2.4e-13 relative for every t >= 0.
     */
    private static final double[] ERFCX = {-2.983942535318685e-08, -2.798421357795291e-07, 1.8268338386983095e-07,
        2.886970988458487e-06, -5.650045317455557e-07, -1.950471307214092e-05, 4.849692303646733e-06,
        0.0001247281353066936, -0.0001051225857336883, -0.0007796903107536677, 0.0018886820608398581,
        0.0025293596278562498, -0.02377051390413961, 0.06830803132200151, -0.11927366347219923, 0.12964515847824742,
        -0.047562294352507736, -0.1356211061208497, 1.2530080582697296};
    /** From this t on, exp(-t^2) < 1e-293 is taken as 0, so that x = +-inf meets 0 and gives NaN as the scalar formulas. */
    private static final double T_MAX = 26.0;

    private static final double SQRT1_2 = 0.7071067811865476, INV_SQRT_2PI = 0.3989422804014327,
            TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double K_BETA = 0.7978845608028654, K_KAPPA = 0.044715;

    /** Forward ({@code tanh} false: exact) of {@code a[ao..ao+n)} into {@code o}; returns n. */
    static int gelu(int n, float[] o, int oo, float[] a, int ao, boolean tanh) { return forward(n, o, oo, a, ao, tanh ? 1 : 0); }

    /** SiLU, {@code x sigmoid(x)}, of {@code a[ao..ao+n)} into {@code o}; returns n. */
    static int silu(int n, float[] o, int oo, float[] a, int ao) { return forward(n, o, oo, a, ao, 2); }

    /** {@code kind}: 0 exact GELU, 1 its tanh form, 2 SiLU (an int, not the enum: a switch on it stays small for C2). */
    private static int forward(int n, float[] o, int oo, float[] a, int ao, int kind) {
        if (vectorsWarm()) return forwardVectors(n, o, oo, a, ao, kind);
        for (int k = 0; k < n; k++) o[oo + k] = (float) forwardLane(a[ao + k], kind);
        return n;
    }

    static int forwardVectors(int n, float[] o, int oo, float[] a, int ao, int kind) {
        double[] buf = new double[Math.min(n, BLOCK) + D.length()];
        for (int b = 0; b < n; b += BLOCK) {
            int m = Math.min(BLOCK, n - b), up = D.loopBound(m), i = 0;
            for (int k = 0; k < m; k++) buf[k] = a[ao + b + k];
            for (; i < up; i += D.length()) forward(DoubleVector.fromArray(D, buf, i), kind).intoArray(buf, i);
            if (i < m) {   // the block's tail: one masked vector
                VectorMask<Double> in = D.indexInRange(i, m);
                forward(DoubleVector.fromArray(D, buf, i, in), kind).intoArray(buf, i, in);
            }
            for (int k = 0; k < m; k++) o[oo + b + k] = (float) buf[k];
        }
        return n;
    }

    /** {@code grad * op'(x)} (op GELU, GELU_TANH or SILU) over {@code [lo, hi)} of the three arrays' runs. */
    static void backward(UnaryOp op, float[] o, int oo, float[] g, int go, float[] a, int ao, int lo, int hi) {
        int kind = op == UnaryOp.GELU ? 0 : op == UnaryOp.GELU_TANH ? 1 : 2;
        if (vectorsWarm()) {
            backwardVectors(o, oo, g, go, a, ao, lo, hi, kind);
        } else {
            for (int k = lo; k < hi; k++) o[oo + k] = (float) (g[go + k] * derivativeLane(a[ao + k], kind));
        }
    }

    static void backwardVectors(float[] o, int oo, float[] g, int go, float[] a, int ao, int lo, int hi, int kind) {
        int len = hi - lo;
        double[] xs = new double[Math.min(len, BLOCK) + D.length()], gs = new double[xs.length];
        for (int b = lo; b < hi; b += BLOCK) {
            int m = Math.min(BLOCK, hi - b), up = D.loopBound(m), i = 0;
            for (int k = 0; k < m; k++) { xs[k] = a[ao + b + k]; gs[k] = g[go + b + k]; }
            for (; i < up; i += D.length()) {
                DoubleVector x = DoubleVector.fromArray(D, xs, i);
                DoubleVector.fromArray(D, gs, i).mul(derivative(x, kind)).intoArray(gs, i);
            }
            if (i < m) {
                VectorMask<Double> in = D.indexInRange(i, m);
                DoubleVector x = DoubleVector.fromArray(D, xs, i, in);
                DoubleVector.fromArray(D, gs, i, in).mul(derivative(x, kind)).intoArray(gs, i, in);
            }
            for (int k = 0; k < m; k++) o[oo + b + k] = (float) gs[k];
        }
    }

    private static DoubleVector forward(DoubleVector x, int kind) {
        if (kind == 2) {   // x / (1 + exp(-x)); at -inf that is -inf / huge, where x * sigmoid(x) is -inf * 0 = NaN
            DoubleVector y = x.div(exp(x.neg()).add(1.0));
            return y.blend(Double.NaN, x.compare(VectorOperators.EQ, Double.NEGATIVE_INFINITY));
        }
        if (kind == 0) {
            DoubleVector t = halfAbs(x);
            return x.mul(twoPhi(x, t, gauss(t))).mul(0.5);
        }
        // at -inf the tanh form is -inf * 0 = NaN, as PyTorch's; the sigmoid form would give -inf
        return x.mul(sigmoid2u(x)).blend(Double.NaN, x.compare(VectorOperators.EQ, Double.NEGATIVE_INFINITY));
    }

    private static DoubleVector derivative(DoubleVector x, int kind) {
        return kind == 0 ? exactDerivative(x) : kind == 1 ? tanhDerivative(x) : siluDerivative(x);
    }

    /** {@code s (1 + x (1 - s))}, s = sigmoid(x), with 1 - s = exp(-x) s; NaN at +-inf as the composed formula (x * 0 there). */
    private static DoubleVector siluDerivative(DoubleVector x) {
        DoubleVector e = exp(x.neg()), s = DoubleVector.broadcast(D, 1.0).div(e.add(1.0));
        DoubleVector d = x.mul(e.mul(s)).add(1.0).mul(s);
        return d.blend(Double.NaN, x.abs().compare(VectorOperators.EQ, Double.POSITIVE_INFINITY));
    }

    /** {@code Phi(x) + x phi(x)}. */
    private static DoubleVector exactDerivative(DoubleVector x) {
        DoubleVector t = halfAbs(x), e = gauss(t);   // exp(-x^2 / 2)
        return twoPhi(x, t, e).mul(0.5).add(x.mul(e).mul(INV_SQRT_2PI));
    }

    /** {@code s + 2 x s (1 - s) k (1 + 3 c x^2)}, s = sigmoid(2u): the tanh form's derivative with 1 - tanh^2 = 4 s (1 - s). */
    private static DoubleVector tanhDerivative(DoubleVector x) {
        DoubleVector x2 = x.mul(x), s = sigmoid2u(x);
        DoubleVector du = x2.mul(3 * K_KAPPA).add(1.0).mul(K_BETA);
        DoubleVector d = x.mul(2.0).mul(s).mul(s.neg().add(1.0)).mul(du).add(s);
        // NaN at -inf, as the tanh form's (-inf * 0 there); +inf gives NaN by itself (inf * (1 - s) = inf * 0)
        return d.blend(Double.NaN, x.compare(VectorOperators.EQ, Double.NEGATIVE_INFINITY));
    }

    /** {@code t = |x| / sqrt 2}, clamped to T_MAX (NaN kept). */
    private static DoubleVector halfAbs(DoubleVector x) { return x.abs().mul(SQRT1_2).min(T_MAX); }

    /** {@code exp(-t^2)}, 0 at T_MAX. */
    private static DoubleVector gauss(DoubleVector t) { return exp(t.mul(t).neg()).blend(0.0, t.compare(VectorOperators.GE, T_MAX)); }

    /**
     * {@code 1 + erf(x / sqrt 2)}, that is 2 Phi(x), as erfc(t) for negative x and 2 - erfc(t) otherwise, from
     * {@code t = halfAbs(x)} and {@code e = gauss(t)}: to ~1e-12 relative everywhere, also where it is tiny.
     */
    private static DoubleVector twoPhi(DoubleVector x, DoubleVector t, DoubleVector e) {
        DoubleVector y = t.sub(3.0).div(t.add(3.0)), p = DoubleVector.broadcast(D, ERFCX[0]);
        for (int k = 1; k < ERFCX.length; k++) p = p.fma(y, DoubleVector.broadcast(D, ERFCX[k]));
        DoubleVector erfc = e.mul(p).div(t.mul(2.0).add(1.0));
        // near 0, erf's Taylor terms (t^5 / 10 relative): 1 -/+ erf(t) exactly as the scalar 1 - erf rounds it, where
        // the polynomial's last-digit error would tip 0.5 x of the smallest floats over a rounding tie
        DoubleVector erf = t.mul(t).mul(-1.0 / 3).add(1.0).mul(t).mul(TWO_OVER_SQRT_PI);
        erfc = erfc.blend(DoubleVector.broadcast(D, 1.0).sub(erf), t.compare(VectorOperators.LT, 1e-4));
        return DoubleVector.broadcast(D, 2.0).sub(erfc).blend(erfc, x.compare(VectorOperators.LT, 0.0));
    }

    /** {@code sigmoid(2u) = 1 / (1 + exp(-2u))}, {@code u = k (x + c x^3)}. */
    private static DoubleVector sigmoid2u(DoubleVector x) {
        DoubleVector u = x.mul(x).mul(K_KAPPA).add(1.0).mul(x).mul(K_BETA);
        return DoubleVector.broadcast(D, 1.0).div(exp(u.mul(-2.0)).add(1.0));
    }

    private static DoubleVector exp(DoubleVector x) { return VectorExpD.exp(x); }

    // ---- the same formulas lane by lane: each operation as the vector code does it (the vector fma is Math.fma,
    // min/max/compare have Math's semantics), so the same bits. They serve until the vector code is compiled.

    private static volatile boolean warm;
    private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Whether the vector code is compiled. Until C2 has compiled it, Vector API code runs as C1 code that allocates
     * every vector: the first calls of a 100K-element GELU ran 10x slower than the scalar formula. So the first use
     * starts a daemon thread that runs the vector loops on a small array until they are hot, and callers take the
     * lane-by-lane formulas (same bits) meanwhile.
     */
    private static boolean vectorsWarm() {
        if (warm) return true;
        if (WARMING.compareAndSet(false, true)) JitWarmup.start("gelu", VectorGelu::warmUp);
        return false;
    }

    private static void warmUp() {
        // C2 compiles a method after ~600 calls (and OSR alone leaves each short call in C1 code): many small calls
        int n = 67;
        float[] a = new float[n], g = new float[n], o = new float[n];
        for (int i = 0; i < n; i++) { a[i] = (i - n / 2) / 4f; g[i] = 1f; }
        for (int r = 0; r < 400; r++) {
            for (int kind = 0; kind < 3; kind++) {
                forwardVectors(n, o, 0, a, 0, kind);
                backwardVectors(o, 0, g, 0, a, 0, 0, n, kind);
            }
        }
        warm = true;
    }

    /** One lane of {@link #forward(DoubleVector, int)}. */
    static double forwardLane(double x, int kind) {
        if (kind == 2) return x == Double.NEGATIVE_INFINITY ? Double.NaN : x / (VectorExpD.exp(-x) + 1.0);
        if (kind == 0) {
            double t = halfAbs(x);
            return x * twoPhi(x, t, gauss(t)) * 0.5;
        }
        return x == Double.NEGATIVE_INFINITY ? Double.NaN : x * sigmoid2u(x);
    }

    /** One lane of {@link #derivative(DoubleVector, int)}. */
    static double derivativeLane(double x, int kind) {
        if (kind == 0) {
            double t = halfAbs(x), e = gauss(t);
            return twoPhi(x, t, e) * 0.5 + x * e * INV_SQRT_2PI;
        }
        if (kind == 1) {
            double s = sigmoid2u(x), du = (x * x * (3 * K_KAPPA) + 1.0) * K_BETA;
            double d = x * 2.0 * s * (-s + 1.0) * du + s;
            return x == Double.NEGATIVE_INFINITY ? Double.NaN : d;
        }
        double e = VectorExpD.exp(-x), s = 1.0 / (e + 1.0);
        double d = (x * (e * s) + 1.0) * s;
        return Math.abs(x) == Double.POSITIVE_INFINITY ? Double.NaN : d;
    }

    private static double halfAbs(double x) { return Math.min(Math.abs(x) * SQRT1_2, T_MAX); }

    private static double gauss(double t) { return t >= T_MAX ? 0.0 : VectorExpD.exp(-(t * t)); }

    private static double twoPhi(double x, double t, double e) {
        double y = (t - 3.0) / (t + 3.0), p = ERFCX[0];
        for (int k = 1; k < ERFCX.length; k++) p = Math.fma(p, y, ERFCX[k]);
        double erfc = e * p / (t * 2.0 + 1.0);
        if (t < 1e-4) erfc = 1.0 - (t * t * (-1.0 / 3) + 1.0) * t * TWO_OVER_SQRT_PI;
        return x < 0.0 ? erfc : 2.0 - erfc;
    }

    private static double sigmoid2u(double x) {
        double u = (x * x * K_KAPPA + 1.0) * x * K_BETA;
        return 1.0 / (VectorExpD.exp(u * -2.0) + 1.0);
    }
}
