package dev.torch4j.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 {@code erf} on vectors of doubles (the floats widened, the results rounded back): below 3 the same everywhere-positive
 * series as {@link dev.torch4j.backend.Erf} ({@code 2/sqrt(pi) exp(-x^2) sum 2^n x^(2n+1) / (2n+1)!!}), cut at 36
 * terms (the last below 1e-9 of the sum at x = 3); from 3 to 4, one minus the asymptotic expansion of erfc (six terms:
 * 7e-9 absolute at 3, below float's half ulp of 1); from 4 on, the sign. Double exp(-x^2) by a degree-11 polynomial
 * after reduction by ln 2. Only exactly rounded vector operations, so interpreted and compiled code give the same
 * bits (Note [no SVML transcendentals] in {@link FastLoops}); results equal the scalar {@code (float) Erf.erf(x)} to
 * within one float ulp. The scalar erf spent ~14 ns an element in its series; this is ~30x faster.
 */
final class VectorErf {
    private VectorErf() {}

        private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private static final int TERMS = 36;
    /** The series as a polynomial in x^2: coefficient n is 2^n / (2n+1)!!, all positive, so Horner's rule is exact enough. */
    private static final double[] COEFFS = new double[TERMS + 1];

    static {
        COEFFS[0] = 1;
        for (int n = 1; n <= TERMS; n++) COEFFS[n] = COEFFS[n - 1] * 2.0 / (2 * n + 1);
    }

    private static final double[] EXP_COEFFS = {1.0 / 3628800, 1.0 / 362880, 1.0 / 40320, 1.0 / 5040, 1.0 / 720, 1.0 / 120,
        1.0 / 24, 1.0 / 6, 0.5, 1.0, 1.0};

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126, ONE_OVER_SQRT_PI = 0.5641895835477563;

    private static final int BLOCK = 2048;

    static { JitWarmup.start("erf", VectorErf::warmUp); }

    /** Every loop ~400 times on a small array, values spread over the kernels' ranges (see {@link JitWarmup}). */
    private static void warmUp() {
        int n = 67;
        float[] a = new float[n], o = new float[n];
        for (int i = 0; i < n; i++) a[i] = (i - n / 2) / 40f;
        for (int r = 0; r < 400; r++) {
            erf(n, o, 0, a, 0);
            erfc(n, o, 0, a, 0);
        }
    }

    /**
     * {@code a[ao..ao+n)} into {@code o} a block at a time, widened to double in a scratch array (plain loops, which
     * the JIT vectorises; converting vector halves in place measured slower); returns n (no scalar tail).
     */
    static int erf(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = new double[Math.min(n, BLOCK) + D.length()];
        for (int b = 0; b < n; b += BLOCK) {
            int m = Math.min(BLOCK, n - b), up = D.loopBound(m), i = 0;
            for (int k = 0; k < m; k++) buf[k] = a[ao + b + k];
            for (; i < up; i += D.length()) {
                DoubleVector x = DoubleVector.fromArray(D, buf, i);
                erf(x, gauss(x)).intoArray(buf, i);
            }
            if (i < m) {   // the block's tail: one masked vector
                VectorMask<Double> mask = D.indexInRange(i, m);
                DoubleVector x = DoubleVector.fromArray(D, buf, i, mask);
                erf(x, gauss(x)).intoArray(buf, i, mask);
            }
            for (int k = 0; k < m; k++) o[oo + b + k] = (float) buf[k];
        }
        return n;
    }

    /**
     * float32 erfc, within one float ulp of the scalar {@code (float) Erf.erfc(x)}: below 2.5 one minus the vector erf
     * (as the scalar does; the series' error, amplified by the cancellation, stays below 1e-13 of erfc); from 2.5 on
     * {@code exp(-x^2) / sqrt(pi)} over the continued fraction {@code x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))}, its
     * first 30 terms evaluated forward by the three-term recurrence of numerators and denominators (only positive
     * products and sums, no divisions; 1e-14 at 2.5). x is clamped to 12 there: erfc(12) is far below float's
     * smallest subnormal.
     */
    static int erfc(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = WidenedBlocks.scratch(n);
        for (int b = 0; b < n; ) {
            int up = WidenedBlocks.widen(a, ao + b, n - b, buf);
            for (int i = 0; i < up; i += D.length()) {
                // each piece only where a lane needs it: vectors rarely straddle 2.5
                DoubleVector x = DoubleVector.fromArray(D, buf, i), r;
                VectorMask<Double> large = x.compare(VectorOperators.GE, 2.5);
                if (!large.allTrue()) r = DoubleVector.broadcast(D, 1.0).sub(erf(x, gauss(x)));
                else r = x;
                if (large.anyTrue()) {
                    DoubleVector t = x.max(2.5).min(12.0);
                    r = r.blend(VectorExpD.exp(t.mul(t).neg()).mul(erfcFraction(t)), large);
                }
                r.intoArray(buf, i);
            }
            b += WidenedBlocks.narrow(buf, n - b, o, oo + b);
        }
        return n;
    }

    private static final int CF_TERMS = 30;

    /** exp(t^2) erfc(t) for t in [2.5, 12]: 1 / sqrt(pi) over the continued fraction. */
    static DoubleVector erfcFraction(DoubleVector t) {
        // A_k = t A_(k-1) + (k/2) A_(k-2), B_k likewise, from A_(-1) = 1, A_0 = t, B_(-1) = 0, B_0 = 1: fraction = A / B
        DoubleVector a0 = DoubleVector.broadcast(D, 1.0), a1 = t, b0 = DoubleVector.zero(D), b1 = DoubleVector.broadcast(D, 1.0);
        for (int k = 1; k <= CF_TERMS; k++) {
            DoubleVector ak = DoubleVector.broadcast(D, 0.5 * k);
            DoubleVector a2 = a0.fma(ak, a1.mul(t)), b2 = b0.fma(ak, b1.mul(t));
            a0 = a1; a1 = a2; b0 = b1; b1 = b2;
        }
        return b1.div(a1.mul(SQRT_PI));
    }

    private static final double SQRT_PI = 1.7724538509055160;

    /**
     * erf(x) given e = {@link #gauss}(x), which the caller computes: a helper calling a helper is not inlined once
     * the inner one has been compiled on its own (see {@link WidenedBlocks}).
     */
    static DoubleVector erf(DoubleVector x, DoubleVector e) {
        DoubleVector ax = x.abs();
        // the series, every lane below 3 (larger lanes are replaced below; their terms stay finite)
        DoubleVector s = ax.min(3.0), s2 = s.mul(s), sum = DoubleVector.broadcast(D, COEFFS[TERMS]);
        for (int k = TERMS - 1; k >= 0; k--) sum = sum.fma(s2, DoubleVector.broadcast(D, COEFFS[k]));
        sum = sum.mul(s);
        DoubleVector series = sum.mul(e).mul(TWO_OVER_SQRT_PI);
        // 1 - exp(-x^2) / (x sqrt(pi)) (1 - 1/(2x^2) + 3/(2x^2)^2 - 15/(2x^2)^3 + 105/(2x^2)^4 - 945/(2x^2)^5)
        DoubleVector t = ax.max(3.0), u = DoubleVector.broadcast(D, 1.0).div(t.mul(t).mul(2.0));
        DoubleVector poly = u.mul(-945.0).add(105.0).mul(u).sub(15.0).mul(u).add(3.0).mul(u).sub(1.0).mul(u).add(1.0);
        DoubleVector tail = DoubleVector.broadcast(D, 1.0).sub(e.mul(poly).mul(ONE_OVER_SQRT_PI).div(t));
        DoubleVector r = series.blend(tail, ax.compare(VectorOperators.GE, 3.0));
        r = r.blend(1.0, ax.compare(VectorOperators.GE, 4.0));
        // x's sign (and -0 for -0); NaN lanes keep NaN: min/max/compare pass it to the series' sum
        LongVector sign = ((LongVector) x.reinterpretAsLongs()).and(Long.MIN_VALUE);
        DoubleVector signed = ((LongVector) r.reinterpretAsLongs()).or(sign).reinterpretAsDoubles();
        return signed.blend(x, x.compare(VectorOperators.NE, x));
    }

    private static final double LOG2E = 1.4426950408889634, LN2_HI = 0.6931471803691238, LN2_LO = 1.9082149292705877e-10;
    private static final double ROUND_MAGIC = 6755399441055744.0;   // 1.5 * 2^52

    /**
     * exp(-x^2) for erf's series, x^2 capped at 16 (erf is 1 from 4 on): 2^k exp(r), |r| <= ln(2)/2, exp(r) by its
     * degree-11 Taylor polynomial.
     */
    static DoubleVector gauss(DoubleVector x0) {
        DoubleVector x = x0.mul(x0).min(16.0).neg();
        DoubleVector k = x.mul(LOG2E).add(ROUND_MAGIC).sub(ROUND_MAGIC);
        DoubleVector r = k.fma(DoubleVector.broadcast(D, -LN2_HI), x);
        r = k.fma(DoubleVector.broadcast(D, -LN2_LO), r);
        DoubleVector p = DoubleVector.broadcast(D, 1.0 / 39916800);
        for (double ci : EXP_COEFFS) p = p.fma(r, DoubleVector.broadcast(D, ci));
        LongVector bits = ((LongVector) k.convert(VectorOperators.D2L, 0)).add(1023).lanewise(VectorOperators.LSHL, 52);
        return p.mul(bits.reinterpretAsDoubles());
    }
}
