package dev.torch4j.backend.cpu;

import dev.torch4j.backend.ActivationOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 elu (selu, celu), softplus, mish and logsigmoid, forward and backward, on vectors of doubles (the floats
 * widened, one rounding at the end, as {@link VectorGelu}): within an ulp of the float64 formulas. Where the composed
 * float32 form underflows an intermediate to 0 (or overflows it to inf), the factor here is set to that 0 (or the
 * result to what it gave), so zeros keep their sign and infinite gradients give NaN as before.
 */
final class VectorExpActivations {
    private VectorExpActivations() {}

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int BLOCK = 2048;
    /** Floats as many as D's lanes (half its width), for widening and narrowing a block. */
    private static final VectorSpecies<Float> H = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    /** Below this a float rounds to 0 (2^-150 ties to even). */
    private static final double FLOAT_ZERO = 0x1p-150;
    /** From this a float rounds to inf: FLT_MAX plus half an ulp. */
    private static final double FLOAT_INF = 0x1.ffffffp127;
    /** ln(FLOAT_INF): from here the float exp overflows. */
    private static final double LN_FLOAT_INF = Math.log(FLOAT_INF);
    /** ln(1e38): above it the float log1p of exp(x) is inf (UnaryOp.LOG1P's float cut-off). */
    private static final double LOG1P_INF = Math.log(1e38f);

    private static final int ELU = 0, SOFTPLUS = 1, MISH = 2, LOG_SIGMOID = 3;

    static { JitWarmup.start("exp-activations", VectorExpActivations::warmUp); }

    /** Each op's loops, both directions, ~400 calls on a small array (see {@link JitWarmup}). */
    private static void warmUp() {
        int n = 67;
        float[] a = new float[n], g = new float[n], o = new float[n];
        for (int i = 0; i < n; i++) { a[i] = (i - n / 2) / 4f; g[i] = 1f; }
        double[] sp = softplusParams(1, 20);
        for (int r = 0; r < 400; r++) {
            for (int kind : new int[] {ELU, SOFTPLUS, MISH, LOG_SIGMOID}) {
                double p0 = kind == SOFTPLUS ? sp[0] : 1, p1 = kind == SOFTPLUS ? sp[1] : 1, p2 = kind == SOFTPLUS ? sp[2] : 1;
                forward(kind, o, a, 0, p0, p1, p2, 0, n);
                backward(kind, o, g, 0, a, 0, p0, p1, p2, 0, n);
            }
        }
    }

    static int kind(ActivationOp op) {
        return switch (op) {
            case ELU -> ELU;
            case SOFTPLUS -> SOFTPLUS;
            case MISH -> MISH;
            case LOG_SIGMOID -> LOG_SIGMOID;
            default -> -1;
        };
    }

    /** Forward of {@code a[ao + lo..ao + hi)} into {@code o[lo..hi)}. */
    static void forward(int kind, float[] o, float[] a, int ao, double p0, double p1, double p2, int lo, int hi) {
        switch (kind) {
            case ELU -> eluForward(o, a, ao, p0, p1, p2, lo, hi);
            case SOFTPLUS -> softplusForward(o, a, ao, p0, p1, p2, lo, hi);
            case MISH -> mishForward(o, a, ao, lo, hi);
            default -> logSigmoidForward(o, a, ao, lo, hi);
        }
    }

    /** {@code g * op'(x)} over {@code [lo, hi)} into {@code o[lo..hi)}. */
    static void backward(int kind, float[] o, float[] g, int go, float[] a, int ao, double p0, double p1, double p2, int lo, int hi) {
        switch (kind) {
            case ELU -> eluBackward(o, g, go, a, ao, p0, p1, p2, lo, hi);
            case SOFTPLUS -> softplusBackward(o, g, go, a, ao, p0, p1, p2, lo, hi);
            case MISH -> mishBackward(o, g, go, a, ao, lo, hi);
            default -> logSigmoidBackward(o, g, go, a, ao, lo, hi);
        }
    }

    // Note [vector inlining budget]: one loop per op and direction, so that each compiles alone. C2 stops inlining
    // ordinary methods once a compilation reaches about 18000 nodes (NodeCountInliningCutoff), and a vector passed to
    // a method it did not inline is boxed: 3-5x slower. Each op's vector code is near that size, so the small helpers
    // (flush to zero, the threshold test) are written out where they come late in a formula. Blocks of BLOCK floats
    // are widened into a buffer padded to whole vectors (the padding's lanes computed and dropped), then rounded back.

    private static void eluForward(float[] o, float[] a, int ao, double p0, double p1, double p2, int lo, int hi) {
        double[] xs = buffer(hi - lo);
        for (int b = lo; b < hi; b += BLOCK) {
            int m = widen(xs, a, ao + b, Math.min(BLOCK, hi - b));
            for (int i = 0; i < m; i += D.length()) eluForward(DoubleVector.fromArray(D, xs, i), p0, p1, p2).intoArray(xs, i);
            narrow(o, b, xs, m);
        }
    }

    private static void softplusForward(float[] o, float[] a, int ao, double p0, double p1, double p2, int lo, int hi) {
        double[] xs = buffer(hi - lo);
        for (int b = lo; b < hi; b += BLOCK) {
            int m = widen(xs, a, ao + b, Math.min(BLOCK, hi - b));
            for (int i = 0; i < m; i += D.length()) softplusForward(DoubleVector.fromArray(D, xs, i), p0, p1, p2).intoArray(xs, i);
            narrow(o, b, xs, m);
        }
    }

    private static void mishForward(float[] o, float[] a, int ao, int lo, int hi) {
        double[] xs = buffer(hi - lo);
        for (int b = lo; b < hi; b += BLOCK) {
            int m = widen(xs, a, ao + b, Math.min(BLOCK, hi - b));
            for (int i = 0; i < m; i += D.length()) mishForward(DoubleVector.fromArray(D, xs, i)).intoArray(xs, i);
            narrow(o, b, xs, m);
        }
    }

    private static void logSigmoidForward(float[] o, float[] a, int ao, int lo, int hi) {
        double[] xs = buffer(hi - lo);
        for (int b = lo; b < hi; b += BLOCK) {
            int m = widen(xs, a, ao + b, Math.min(BLOCK, hi - b));
            for (int i = 0; i < m; i += D.length()) logSigmoidForward(DoubleVector.fromArray(D, xs, i)).intoArray(xs, i);
            for (int k = 0; k < m; k++) o[b + k] = (float) xs[k] + 0f;   // a zero is +0, as the composed 0 - 0
        }
    }

    private static void eluBackward(float[] o, float[] g, int go, float[] a, int ao, double p0, double p1, double p2, int lo, int hi) {
        double[] xs = buffer(hi - lo), gs = buffer(hi - lo);
        for (int b = lo; b < hi; b += BLOCK) {
            int m = widen(xs, a, ao + b, Math.min(BLOCK, hi - b));
            widen(gs, g, go + b, m);
            for (int i = 0; i < m; i += D.length()) {
                eluBackward(DoubleVector.fromArray(D, gs, i), DoubleVector.fromArray(D, xs, i), p0, p1, p2).intoArray(gs, i);
            }
            narrow(o, b, gs, m);
        }
    }

    private static void softplusBackward(float[] o, float[] g, int go, float[] a, int ao, double p0, double p1, double p2, int lo,
                                         int hi) {
        double[] xs = buffer(hi - lo), gs = buffer(hi - lo);
        for (int b = lo; b < hi; b += BLOCK) {
            int m = widen(xs, a, ao + b, Math.min(BLOCK, hi - b));
            widen(gs, g, go + b, m);
            for (int i = 0; i < m; i += D.length()) {
                softplusBackward(DoubleVector.fromArray(D, gs, i), DoubleVector.fromArray(D, xs, i), p0, p1, p2).intoArray(gs, i);
            }
            narrow(o, b, gs, m);
        }
    }

    private static void mishBackward(float[] o, float[] g, int go, float[] a, int ao, int lo, int hi) {
        double[] xs = buffer(hi - lo), gs = buffer(hi - lo);
        for (int b = lo; b < hi; b += BLOCK) {
            int m = widen(xs, a, ao + b, Math.min(BLOCK, hi - b));
            widen(gs, g, go + b, m);
            for (int i = 0; i < m; i += D.length()) mishBackward(DoubleVector.fromArray(D, gs, i), DoubleVector.fromArray(D, xs, i)).intoArray(gs, i);
            narrow(o, b, gs, m);
        }
    }

    private static void logSigmoidBackward(float[] o, float[] g, int go, float[] a, int ao, int lo, int hi) {
        double[] xs = buffer(hi - lo), gs = buffer(hi - lo);
        for (int b = lo; b < hi; b += BLOCK) {
            int m = widen(xs, a, ao + b, Math.min(BLOCK, hi - b));
            widen(gs, g, go + b, m);
            for (int i = 0; i < m; i += D.length()) {
                logSigmoidBackward(DoubleVector.fromArray(D, gs, i), DoubleVector.fromArray(D, xs, i)).intoArray(gs, i);
            }
            narrow(o, b, gs, m);
        }
    }

    /** A block buffer for a run of n, padded to whole vectors. */
    private static double[] buffer(int n) { return new double[D.loopBound(Math.min(n, BLOCK) + D.length() - 1)]; }

    /** {@code a[from..from + m)} widened into {@code buf}; returns m. */
    private static int widen(double[] buf, float[] a, int from, int m) {
        int k = 0, up = H.loopBound(m);
        for (; k < up; k += H.length()) {
            ((DoubleVector) FloatVector.fromArray(H, a, from + k).convertShape(VectorOperators.F2D, D, 0)).intoArray(buf, k);
        }
        for (; k < m; k++) buf[k] = a[from + k];
        return m;
    }

    private static void narrow(float[] o, int to, double[] buf, int m) {
        int k = 0, up = H.loopBound(m);
        for (; k < up; k += H.length()) {
            ((FloatVector) DoubleVector.fromArray(D, buf, k).convertShape(VectorOperators.D2F, H, 0)).intoArray(o, to + k);
        }
        for (; k < m; k++) o[to + k] = (float) buf[k];
    }

    /** {@code x <= 0 ? expm1(x p2) (p0 p1) : x p1} (NaN takes the second). */
    private static DoubleVector eluForward(DoubleVector x, double p0, double p1, double p2) {
        return x.mul(p1).blend(expm1(x.mul(p2)).mul(p0 * p1), x.compare(VectorOperators.LE, 0.0));
    }

    /** {@code x <= 0 ? g exp(x p2) (p0 p1 p2) : g p1}. */
    private static DoubleVector eluBackward(DoubleVector g, DoubleVector x, double p0, double p1, double p2) {
        DoubleVector e = expF(x.mul(p2));
        e = e.blend(0.0, e.compare(VectorOperators.LE, FLOAT_ZERO));   // flushed as the float's (written out: Note [vector inlining budget])
        return g.mul(p1).blend(g.mul(e.mul(p0 * p1 * p2)), x.compare(VectorOperators.LE, 0.0));
    }

    /** p0 x is exact in double (p0 a float); its float rounding picks the branch, as the composed form's. */
    private static DoubleVector softplusForward(DoubleVector x, double p0, double p1, double p2) {
        DoubleVector bx = x.mul(p0);
        DoubleVector sp = bx.max(0.0).add(log1p(expF(bx.abs().neg()))).mul(1 / p0);
        sp = sp.blend(Double.POSITIVE_INFINITY / p0, bx.compare(VectorOperators.GT, LOG1P_INF));
        return sp.blend(x, bx.compare(VectorOperators.GT, p1));   // p1 from softplusParams
    }

    /** {@code g z / (z + 1)}, z = exp(p0 x); NaN where the float z overflowed (inf / inf), inf where g z did. */
    private static DoubleVector softplusBackward(DoubleVector g, DoubleVector x, double p0, double p1, double p2) {
        DoubleVector bx = x.mul(p0), z = expF(bx);
        z = z.blend(0.0, z.compare(VectorOperators.LE, FLOAT_ZERO));
        DoubleVector gz = g.mul(z);
        gz = gz.blend(gz.mul(Double.POSITIVE_INFINITY), gz.abs().compare(VectorOperators.GE, FLOAT_INF));
        DoubleVector d = gz.div(z.add(1.0)).blend(Double.NaN, z.compare(VectorOperators.GE, FLOAT_INF));
        return d.blend(g, bx.compare(VectorOperators.GT, p1));
    }

    private static DoubleVector mishForward(DoubleVector x) { return x.mul(tanhSoftplus(expF(x.min(40.0)))); }

    /**
     * {@code g (t + x sigmoid(x) (1 - t^2))}, t = tanh(softplus(x)), with 1 - t = 2 / (n + 2). The sum cancels near
     * x = -1.19, so this one takes the 1e-15 exp.
     */
    private static DoubleVector mishBackward(DoubleVector g, DoubleVector x) {
        DoubleVector e = exp(x.min(40.0)), n = e.mul(e.add(2.0)), n2 = n.add(2.0), e1 = e.add(1.0);
        DoubleVector q = DoubleVector.broadcast(D, 1.0).div(n2.mul(e1));   // one division for 1 / (n + 2) and 1 / (e + 1)
        DoubleVector r = q.mul(e1), t = n.mul(r);
        // sigmoid 0 where the float exp(-x) overflowed (as the composed form's), which keeps its zeros' signs
        DoubleVector sig = e.mul(q.mul(n2)).blend(0.0, x.compare(VectorOperators.LE, -LN_FLOAT_INF));
        // 1 - t is 0 above 40 (2 e^-2x there; e stops at e^40)
        DoubleVector oneMinusT = r.mul(2.0).blend(0.0, x.compare(VectorOperators.GT, 40.0));
        DoubleVector d = x.mul(sig).mul(t.add(1.0)).mul(oneMinusT).add(t);
        d = d.blend(0.0, d.abs().compare(VectorOperators.LE, FLOAT_ZERO))
                .blend(Double.NaN, x.abs().compare(VectorOperators.EQ, Double.POSITIVE_INFINITY));
        return g.mul(d);
    }

    /** {@code min(x, 0) - log1p(exp(-|x|))}. */
    private static DoubleVector logSigmoidForward(DoubleVector x) { return x.min(0.0).sub(log1p(expF(x.abs().neg()))); }

    /** {@code g sigmoid(-x)}, 0 where the float exp(x) overflows (1 / (1 + inf)). */
    private static DoubleVector logSigmoidBackward(DoubleVector g, DoubleVector x) {
        DoubleVector e = expF(x);
        DoubleVector s = DoubleVector.broadcast(D, 1.0).div(e.add(1.0));
        return g.mul(s.blend(0.0, e.compare(VectorOperators.GE, FLOAT_INF)));
    }

    /**
     * Softplus's {@code p0, p1, p2}: beta as a float; then, for the composed form's {@code (x * beta) > threshold} in
     * floats, a double that bx (a float times a float, exact in double) exceeds just where its float rounding exceeds
     * the float threshold T: the midpoint between T and the next float, or the double below it where that tie rounds
     * up; p2 unused.
     */
    static double[] softplusParams(double beta, double threshold) {
        float t = (float) threshold;
        if (Float.isNaN(t) || Float.isInfinite(t)) return new double[] {(float) beta, t, 0};
        double mid = ((double) t + Math.nextUp(t)) / 2;   // exact in double
        return new double[] {(float) beta, (float) mid == Math.nextUp(t) ? Math.nextDown(mid) : mid, 0};
    }

    /** {@code tanh(log1p(e))} as {@code n / (n + 2)}, {@code n = e (e + 2)}: no cancellation at either end. */
    private static DoubleVector tanhSoftplus(DoubleVector e) {
        DoubleVector n = e.mul(e.add(2.0));
        return n.div(n.add(2.0));
    }

    /** {@link VectorExpD#exp}, but exactly 0 below -745 and inf above 709.8 (where that one stays finite). */
    static DoubleVector exp(DoubleVector x) {
        return VectorExpD.exp(x).blend(0.0, x.compare(VectorOperators.LT, -745.2))
                .blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.GT, 709.78));
    }

    private static final double LOG2E = 1.4426950408889634, LN2_HI = 0.6931471803691238, LN2_LO = 1.9082149292705877e-10;
    private static final double ROUND_MAGIC = 6755399441055744.0;   // 1.5 * 2^52
    /** exp(r) on |r| <= ln(2) / 2, highest power first: a degree-7 fit, 4.1e-11 relative (a float's ulp is 6e-8). */
    private static final double[] EXP7 = {1.976691991327819e-04, 1.3948134071832255e-03, 8.333578288694988e-03,
        4.166622630994296e-02, 0.1666666502416844, 0.5000000104140092, 1.0000000002580762, 0.9999999999619434};

    /**
     * exp(x) to 4.1e-11 relative, for results that go on into float products and quotients (into a difference only
     * where little cancels, as expm1 from 0.04): 2^k exp(r) with the degree-7 {@link #EXP7}; exactly 0 below -708 (no float product of it and
     * float-range factors reaches the subnormals) and inf above 709.78; NaN kept.
     */
    static DoubleVector expF(DoubleVector x0) {
        DoubleVector x = x0.max(-708.0).min(709.0);
        DoubleVector k = x.mul(LOG2E).add(ROUND_MAGIC).sub(ROUND_MAGIC);
        DoubleVector r = k.fma(DoubleVector.broadcast(D, -LN2_HI), x);
        r = k.fma(DoubleVector.broadcast(D, -LN2_LO), r);
        DoubleVector p = DoubleVector.broadcast(D, EXP7[0]);
        for (int j = 1; j < EXP7.length; j++) p = p.fma(r, DoubleVector.broadcast(D, EXP7[j]));
        LongVector ki = (LongVector) k.convert(VectorOperators.D2L, 0);
        DoubleVector scale = ki.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return p.mul(scale).blend(0.0, x0.compare(VectorOperators.LT, -708.0))
                .blend(Double.POSITIVE_INFINITY, x0.compare(VectorOperators.GT, 709.78));
    }

    /**
     * expm1: {@link #expF}(x) - 1 (to 1.1e-9 relative from |x| = 0.04 on), or below that its Taylor series to x^6 (the
     * rest is under 1e-12 relative); -0 kept.
     */
    static DoubleVector expm1(DoubleVector x) {
        DoubleVector p = DoubleVector.broadcast(D, 1.0 / 720).fma(x, DoubleVector.broadcast(D, 1.0 / 120))
                .fma(x, DoubleVector.broadcast(D, 1.0 / 24)).fma(x, DoubleVector.broadcast(D, 1.0 / 6)).fma(x, DoubleVector.broadcast(D, 0.5));
        DoubleVector small = x.mul(x.mul(p).add(1.0));   // x (1 + x p), not x + x^2 p: -0 stays -0
        return expF(x).sub(1.0).blend(small, x.abs().compare(VectorOperators.LT, 0.04));
    }

    private static final double LN2 = 0.6931471805599453, SQRT2 = 1.4142135623730951;
    /** 2 atanh(s) / (2 s) = sum s^2k / (2k + 1), highest first: k up to 8 leaves 1e-15 for |s| <= 0.172. */
    private static final double[] ATANH = new double[9];
    static {
        for (int k = 0; k <= 8; k++) ATANH[8 - k] = 1.0 / (2 * k + 1);
    }

    /**
     * log1p(u) for u in [0, 1] (and NaN), to ~1e-16 relative: w = 1 + u, halved above sqrt 2, log(m) = 2 atanh((m - 1) /
     * (m + 1)) (m - 1 exact), plus {@code (u - (w - 1)) / w} for the rounding of w.
     */
    static DoubleVector log1p(DoubleVector u) {
        DoubleVector w = u.add(1.0);
        VectorMask<Double> big = w.compare(VectorOperators.GT, SQRT2);
        DoubleVector m = w.blend(w.mul(0.5), big);
        DoubleVector s = m.sub(1.0).div(m.add(1.0)), s2 = s.mul(s);
        DoubleVector p = DoubleVector.broadcast(D, ATANH[0]);
        for (int k = 1; k < ATANH.length; k++) p = p.fma(s2, DoubleVector.broadcast(D, ATANH[k]));
        // the rounding of w is below ulp(w), so 1 / w may be as rough as 2 - w (exact at w = 1, where c is all of it)
        DoubleVector c = u.sub(w.sub(1.0)).mul(DoubleVector.broadcast(D, 2.0).sub(w));
        DoubleVector lg = s.mul(2.0).mul(p).add(c);
        return lg.add(DoubleVector.zero(D).blend(LN2, big));
    }
}
