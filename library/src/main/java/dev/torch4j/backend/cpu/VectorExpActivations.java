package dev.torch4j.backend.cpu;

import dev.torch4j.backend.ActivationOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
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

    /** Below this a float rounds to 0 (2^-150 ties to even). */
    private static final double FLOAT_ZERO = 0x1p-150;
    /** From this a float rounds to inf: FLT_MAX plus half an ulp. */
    private static final double FLOAT_INF = 0x1.ffffffp127;
    /** ln(FLOAT_INF): from here the float exp overflows. */
    private static final double LN_FLOAT_INF = Math.log(FLOAT_INF);
    /** ln(1e38): above it the float log1p of exp(x) is inf (UnaryOp.LOG1P's float cut-off). */
    private static final double LOG1P_INF = Math.log(1e38f);

    private static final int ELU = 0, SOFTPLUS = 1, MISH = 2, LOG_SIGMOID = 3;

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
        double[] xs = new double[Math.min(hi - lo, BLOCK) + D.length()];
        for (int b = lo; b < hi; b += BLOCK) {
            int m = Math.min(BLOCK, hi - b), up = D.loopBound(m), i = 0;
            for (int k = 0; k < m; k++) xs[k] = a[ao + b + k];
            for (; i < up; i += D.length()) forward(kind, DoubleVector.fromArray(D, xs, i), p0, p1, p2).intoArray(xs, i);
            if (i < m) {
                VectorMask<Double> in = D.indexInRange(i, m);
                forward(kind, DoubleVector.fromArray(D, xs, i, in), p0, p1, p2).intoArray(xs, i, in);
            }
            if (kind == LOG_SIGMOID) for (int k = 0; k < m; k++) o[b + k] = (float) xs[k] + 0f;   // a zero is +0, as 0 - 0
            else for (int k = 0; k < m; k++) o[b + k] = (float) xs[k];
        }
    }

    /** {@code g * op'(x)} over {@code [lo, hi)} into {@code o[lo..hi)}. */
    static void backward(int kind, float[] o, float[] g, int go, float[] a, int ao, double p0, double p1, double p2, int lo, int hi) {
        double[] xs = new double[Math.min(hi - lo, BLOCK) + D.length()], gs = new double[xs.length];
        for (int b = lo; b < hi; b += BLOCK) {
            int m = Math.min(BLOCK, hi - b), up = D.loopBound(m), i = 0;
            for (int k = 0; k < m; k++) { xs[k] = a[ao + b + k]; gs[k] = g[go + b + k]; }
            for (; i < up; i += D.length()) {
                backward(kind, DoubleVector.fromArray(D, gs, i), DoubleVector.fromArray(D, xs, i), p0, p1, p2).intoArray(gs, i);
            }
            if (i < m) {
                VectorMask<Double> in = D.indexInRange(i, m);
                backward(kind, DoubleVector.fromArray(D, gs, i, in), DoubleVector.fromArray(D, xs, i, in), p0, p1, p2).intoArray(gs, i, in);
            }
            for (int k = 0; k < m; k++) o[b + k] = (float) gs[k];
        }
    }

    private static DoubleVector forward(int kind, DoubleVector x, double p0, double p1, double p2) {
        switch (kind) {
            case ELU -> {   // x <= 0 ? expm1(x p2) (p0 p1) : x p1 (NaN takes the second)
                return x.mul(p1).blend(expm1(x.mul(p2)).mul(p0 * p1), x.compare(VectorOperators.LE, 0.0));
            }
            case SOFTPLUS -> {   // p0 x exact in double (p0 a float); its float rounding picks the branch, as the composed form's
                DoubleVector bx = x.mul(p0);
                DoubleVector sp = bx.max(0.0).add(log1p(exp(bx.abs().neg()))).div(p0);
                sp = sp.blend(Double.POSITIVE_INFINITY / p0, bx.compare(VectorOperators.GT, LOG1P_INF));
                return sp.blend(x, aboveThreshold(bx, p1, p2));
            }
            case MISH -> { return x.mul(tanhSoftplus(exp(x.min(40.0)))); }
            default -> {   // log sigmoid: min(x, 0) - log1p(exp(-|x|))
                return x.min(0.0).sub(log1p(exp(x.abs().neg())));
            }
        }
    }

    private static DoubleVector backward(int kind, DoubleVector g, DoubleVector x, double p0, double p1, double p2) {
        switch (kind) {
            case ELU -> {   // x <= 0 ? g exp(x p2) (p0 p1 p2) : g p1
                DoubleVector e = flushToZero(exp(x.mul(p2)));
                return g.mul(p1).blend(g.mul(e.mul(p0 * p1 * p2)), x.compare(VectorOperators.LE, 0.0));
            }
            case SOFTPLUS -> {   // g z / (z + 1), z = exp(p0 x); NaN where the float z overflowed (inf / inf), inf where g z did
                DoubleVector bx = x.mul(p0), z = flushToZero(exp(bx)), gz = g.mul(z);
                gz = gz.blend(gz.mul(Double.POSITIVE_INFINITY), gz.abs().compare(VectorOperators.GE, FLOAT_INF));
                DoubleVector d = gz.div(z.add(1.0)).blend(Double.NaN, z.compare(VectorOperators.GE, FLOAT_INF));
                return d.blend(g, aboveThreshold(bx, p1, p2));
            }
            case MISH -> {   // t + x sigmoid(x) (1 - t^2), t = tanh(softplus(x)), with 1 - t = 2 / (n + 2)
                DoubleVector e = exp(x.min(40.0)), n = e.mul(e.add(2.0)), t = n.div(n.add(2.0));
                // sigmoid 0 where the float exp(-x) overflowed (as the composed form's), which keeps its zeros' signs
                DoubleVector sig = e.div(e.add(1.0)).blend(0.0, x.compare(VectorOperators.LE, -LN_FLOAT_INF));
                // 1 - t is 0 above 40 (2 e^-2x there; e stops at e^40)
                DoubleVector oneMinusT = DoubleVector.broadcast(D, 2.0).div(n.add(2.0)).blend(0.0, x.compare(VectorOperators.GT, 40.0));
                DoubleVector d = x.mul(sig).mul(t.add(1.0)).mul(oneMinusT).add(t);
                d = flushToZero(d).blend(Double.NaN, x.abs().compare(VectorOperators.EQ, Double.POSITIVE_INFINITY));
                return g.mul(d);
            }
            default -> {   // g sigmoid(-x), 0 where the float exp(x) overflows (1 / (1 + inf))
                DoubleVector e = exp(x);
                DoubleVector s = DoubleVector.broadcast(D, 1.0).div(e.add(1.0));
                return g.mul(flushToZero(s).blend(0.0, e.compare(VectorOperators.GE, FLOAT_INF)));
            }
        }
    }

    /**
     * The composed form's {@code (x * beta) > threshold} in floats, from bx (a float times a float, exact in double):
     * its float rounding exceeds the float threshold T where bx is above {@code mid}, the midpoint between T and the
     * next float, or at it where that tie rounds up ({@code tieUp} 1). See {@link #softplusParams}.
     */
    private static VectorMask<Double> aboveThreshold(DoubleVector bx, double mid, double tieUp) {
        VectorMask<Double> gt = bx.compare(VectorOperators.GT, mid);
        return tieUp != 0 ? gt.or(bx.compare(VectorOperators.EQ, mid)) : gt;
    }

    /** Softplus's {@code p0, p1, p2}: beta as a float, then {@link #aboveThreshold}'s mid and tieUp from the threshold. */
    static double[] softplusParams(double beta, double threshold) {
        float t = (float) threshold;
        if (Float.isNaN(t) || Float.isInfinite(t)) return new double[] {(float) beta, t, 0};
        double mid = ((double) t + Math.nextUp(t)) / 2;   // exact in double
        return new double[] {(float) beta, mid, (float) mid == Math.nextUp(t) ? 1 : 0};
    }

    /** {@code tanh(log1p(e))} as {@code n / (n + 2)}, {@code n = e (e + 2)}: no cancellation at either end. */
    private static DoubleVector tanhSoftplus(DoubleVector e) {
        DoubleVector n = e.mul(e.add(2.0));
        return n.div(n.add(2.0));
    }

    /** Values a float would round to 0 set to +0 (the composed float form's intermediate underflowed there). */
    private static DoubleVector flushToZero(DoubleVector v) {
        return v.blend(0.0, v.abs().compare(VectorOperators.LE, FLOAT_ZERO));
    }

    /** {@link VectorExpD#exp}, but exactly 0 below -745 and inf above 709.8 (where that one stays finite). */
    static DoubleVector exp(DoubleVector x) {
        return VectorExpD.exp(x).blend(0.0, x.compare(VectorOperators.LT, -745.2))
                .blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.GT, 709.78));
    }

    /** expm1: exp(x) - 1, or its Taylor series below 1e-5 (x^4 / 24 is then under 1e-16 relative); -0 kept. */
    static DoubleVector expm1(DoubleVector x) {
        DoubleVector small = x.mul(1.0 / 6).add(0.5).mul(x).add(1.0).mul(x);
        return exp(x).sub(1.0).blend(small, x.abs().compare(VectorOperators.LT, 1e-5));
    }

    private static final double LN2 = 0.6931471805599453, SQRT2 = 1.4142135623730951;
    /** 2 atanh(s) / (2 s) = sum s^2k / (2k + 1), highest first: k = 10 leaves 1e-16 for |s| <= 0.172. */
    private static final double[] ATANH = new double[11];
    static {
        for (int k = 0; k <= 10; k++) ATANH[10 - k] = 1.0 / (2 * k + 1);
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
        DoubleVector c = u.sub(w.sub(1.0)).div(w);
        DoubleVector lg = s.mul(2.0).mul(p).add(c);
        return lg.add(DoubleVector.zero(D).blend(LN2, big));
    }
}
