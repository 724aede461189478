package dev.torch4j.backend.cpu;

import static dev.torch4j.backend.cpu.WidenedBlocks.D;
import static dev.torch4j.backend.cpu.WidenedBlocks.narrow;
import static dev.torch4j.backend.cpu.WidenedBlocks.patch;
import static dev.torch4j.backend.cpu.WidenedBlocks.scratch;
import static dev.torch4j.backend.cpu.WidenedBlocks.widen;

import dev.torch4j.backend.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * float32 expm1, exp2, log1p, log2, log10, sinh and cosh, computed on the floats widened to double (see
 * {@link WidenedBlocks}) to ~1e-14 relative and rounded back, so within 1 ulp of the scalar {@code (float) applyD(x)}
 * (nearly always equal). Only exactly rounded vector operations (Note [no SVML transcendentals] in {@link FastLoops}).
 * Zeros keep their sign, exact cases stay exact (log2 of powers of two, exp2 of integers). The log kernels leave
 * non-positive, infinite and NaN lanes to the scalar op. One loop per op, for the reason in {@code FastLoops.unary}.
 */
final class VectorExpLog {
    private VectorExpLog() {}

    static { JitWarmup.start("explog", VectorExpLog::warmUp); }

    /** Every loop ~400 times on a small array, values spread over the kernels' ranges (see {@link JitWarmup}). */
    private static void warmUp() {
        int n = 67;
        float[] a = new float[n], o = new float[n];
        for (int i = 0; i < n; i++) a[i] = (i - n / 2) / 40f;
        for (int r = 0; r < 400; r++) {
            expm1(n, o, 0, a, 0);
            exp2(n, o, 0, a, 0);
            sinh(n, o, 0, a, 0);
            cosh(n, o, 0, a, 0);
            log1p(n, o, 0, a, 0);
            log2(n, o, 0, a, 0);
            log10(n, o, 0, a, 0);
        }
    }

    static int expm1(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = scratch(n);
        for (int b = 0; b < n; ) {
            int up = widen(a, ao + b, n - b, buf);
            for (int i = 0; i < up; i += D.length()) {
                // the series below |x| = 0.5 (no cancellation, keeps -0), exp(x) - 1 above (at most a bit of cancellation)
                DoubleVector x = DoubleVector.fromArray(D, buf, i);
                VectorExpD.exp(x).sub(1.0).blend(expm1Series(x), x.abs().compare(VectorOperators.LT, 0.5)).intoArray(buf, i);
            }
            b += narrow(buf, n - b, o, oo + b);
        }
        return n;
    }

    static int exp2(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = scratch(n);
        for (int b = 0; b < n; ) {
            int up = widen(a, ao + b, n - b, buf);
            for (int i = 0; i < up; i += D.length()) {
                // 2^k exp((x - k) ln 2) with k = round(x): exact at integers, where x - k is 0; x clamped to +-200 (0 or
                // infinity in float), NaN kept
                DoubleVector x = DoubleVector.fromArray(D, buf, i).max(-200.0).min(200.0);
                DoubleVector k = x.add(ROUND_MAGIC).sub(ROUND_MAGIC);
                DoubleVector scale = ((LongVector) k.convert(VectorOperators.D2L, 0)).add(1023).lanewise(VectorOperators.LSHL, 52)
                        .reinterpretAsDoubles();
                VectorExpD.exp(x.sub(k).mul(LN2)).mul(scale).intoArray(buf, i);
            }
            b += narrow(buf, n - b, o, oo + b);
        }
        return n;
    }

    static int sinh(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = scratch(n);
        for (int b = 0; b < n; ) {
            int up = widen(a, ao + b, n - b, buf);
            for (int i = 0; i < up; i += D.length()) {
                DoubleVector x = DoubleVector.fromArray(D, buf, i), ax = x.abs();
                DoubleVector e = VectorExpD.exp(ax).sub(1.0).blend(expm1Series(ax), ax.compare(VectorOperators.LT, 0.5));
                withSign(e.add(e.div(e.add(1.0))).mul(0.5), x).intoArray(buf, i);
            }
            b += narrow(buf, n - b, o, oo + b);
        }
        return n;
    }

    static int cosh(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = scratch(n);
        for (int b = 0; b < n; ) {
            int up = widen(a, ao + b, n - b, buf);
            for (int i = 0; i < up; i += D.length()) {
                DoubleVector e = VectorExpD.exp(DoubleVector.fromArray(D, buf, i).abs());
                e.add(DoubleVector.broadcast(D, 1.0).div(e)).mul(0.5).intoArray(buf, i);
            }
            b += narrow(buf, n - b, o, oo + b);
        }
        return n;
    }

    /** log1p(x) = log(u) + (x - (u - 1)) / u with u = 1 + x rounded (the quotient restores what the rounding lost). */
    static int log1p(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = scratch(n);
        for (int b = 0; b < n; ) {
            int up = widen(a, ao + b, n - b, buf);
            for (int i = 0; i < up; i += D.length()) {
                DoubleVector x = DoubleVector.fromArray(D, buf, i), u = x.add(1.0);
                DoubleVector r = exponent(u).fma(DoubleVector.broadcast(D, LN2), logOfMantissa(u)).add(x.sub(u.sub(1.0)).div(u));
                // tiny x (and signed zeros): log1p(x) rounds to x
                r.blend(x, x.abs().compare(VectorOperators.LT, 0x1p-30)).intoArray(buf, i);
                // -1 and below, NaN, and above 1e38 (UnaryOp.LOG1P's infinity) take the scalar op
                VectorMask<Double> ok = x.compare(VectorOperators.GT, -1.0).and(x.compare(VectorOperators.LE, 1e38));
                if (!ok.allTrue()) patch(UnaryOp.LOG1P, ok, a, ao + b + i, buf, i, n - b - i);
            }
            b += narrow(buf, n - b, o, oo + b);
        }
        return n;
    }

    static int log2(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = scratch(n);
        for (int b = 0; b < n; ) {
            int up = widen(a, ao + b, n - b, buf);
            for (int i = 0; i < up; i += D.length()) {
                DoubleVector x = DoubleVector.fromArray(D, buf, i);
                exponent(x).add(logOfMantissa(x).mul(INV_LN2)).intoArray(buf, i);
                VectorMask<Double> ok = positiveFinite(x);
                if (!ok.allTrue()) patch(UnaryOp.LOG2, ok, a, ao + b + i, buf, i, n - b - i);
            }
            b += narrow(buf, n - b, o, oo + b);
        }
        return n;
    }

    static int log10(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = scratch(n);
        for (int b = 0; b < n; ) {
            int up = widen(a, ao + b, n - b, buf);
            for (int i = 0; i < up; i += D.length()) {
                DoubleVector x = DoubleVector.fromArray(D, buf, i);
                exponent(x).mul(LOG10_2).add(logOfMantissa(x).mul(INV_LN10)).intoArray(buf, i);
                VectorMask<Double> ok = positiveFinite(x);
                if (!ok.allTrue()) patch(UnaryOp.LOG10, ok, a, ao + b + i, buf, i, n - b - i);
            }
            b += narrow(buf, n - b, o, oo + b);
        }
        return n;
    }

    // ---- kernels on doubles

    static final double LN2 = 0.6931471805599453;
    private static final double INV_LN2 = 1.4426950408889634, INV_LN10 = 0.4342944819032518;
    private static final double LOG10_2 = 0.3010299956639812;
    private static final double ROUND_MAGIC = 6755399441055744.0;   // 1.5 * 2^52: adding and subtracting it rounds to an integer

    /** 1/(j+1)! for j = 12 down to 1: expm1(x) = x (1 + x/2! + ... + x^12/13!), error below 2e-15 for |x| <= 0.5. */
    private static final double[] EXPM1_COEFFS = new double[12];

    static {
        double f = 1;
        for (int j = 1; j <= 13; j++) {
            f *= j;
            if (j >= 2) EXPM1_COEFFS[13 - j] = 1 / f;
        }
    }

    /** expm1(x) for |x| <= 0.5 by its Taylor series, x times a polynomial (so -0 stays -0). */
    private static DoubleVector expm1Series(DoubleVector x) {
        DoubleVector p = DoubleVector.broadcast(D, EXPM1_COEFFS[0]);
        for (int j = 1; j < EXPM1_COEFFS.length; j++) p = p.fma(x, DoubleVector.broadcast(D, EXPM1_COEFFS[j]));
        return p.fma(x, DoubleVector.broadcast(D, 1.0)).mul(x);
    }

    private static final long SQRT_HALF_BITS = Double.doubleToRawLongBits(0.7071067811865476), ONE_BITS = 0x3ff0000000000000L;
    private static final long MANTISSA = 0x000fffffffffffffL;

    /** k of x = 2^k m with m in [sqrt(2)/2, sqrt(2)), as a double; x positive, normal and finite. */
    static DoubleVector exponent(DoubleVector x) {
        LongVector ix = ((LongVector) x.reinterpretAsLongs()).add(ONE_BITS - SQRT_HALF_BITS);
        return (DoubleVector) ix.lanewise(VectorOperators.ASHR, 52).sub(1023).convert(VectorOperators.L2D, 0);
    }

    /**
     * log(m) of x = 2^k m as in {@link #exponent}: with f = m - 1 (exact) and s = f / (2 + f), log(m) = 2 atanh(s) =
     * 2s (1 + s^2/3 + s^4/5 + ...), |s| <= 0.172, cut after s^20/21 (next term below 1e-16 relative).
     */
    static DoubleVector logOfMantissa(DoubleVector x) {
        LongVector ix = ((LongVector) x.reinterpretAsLongs()).add(ONE_BITS - SQRT_HALF_BITS);
        DoubleVector f = ix.and(MANTISSA).add(SQRT_HALF_BITS).reinterpretAsDoubles().sub(1.0);
        DoubleVector s = f.div(f.add(2.0)), z = s.mul(s);
        DoubleVector p = DoubleVector.broadcast(D, 1.0 / 21);
        for (int j = 19; j >= 1; j -= 2) p = p.fma(z, DoubleVector.broadcast(D, 1.0 / j));
        return p.mul(s.add(s));
    }

    private static VectorMask<Double> positiveFinite(DoubleVector x) {
        return x.compare(VectorOperators.GT, 0.0).and(x.compare(VectorOperators.LT, Double.POSITIVE_INFINITY));
    }

    /** |r| with x's sign bit (r non-negative). */
    static DoubleVector withSign(DoubleVector r, DoubleVector x) {
        LongVector sign = ((LongVector) x.reinterpretAsLongs()).and(Long.MIN_VALUE);
        return ((LongVector) r.reinterpretAsLongs()).or(sign).reinterpretAsDoubles();
    }
}
