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
 * float32 sin, cos, tan, atan, asin and acos, computed on the floats widened to double (see {@link WidenedBlocks}) to
 * ~1e-14 relative and rounded back: within 1 ulp of the scalar {@code (float) Math.f(x)}. Only exactly rounded vector
 * operations (Note [no SVML transcendentals] in {@link FastLoops}). sin, cos and tan reduce by pi/2 in three parts
 * (Cody-Waite with fma); lanes beyond |x| = 1e6, infinities and NaN take the scalar op. One loop per op, for the
 * reason in {@code FastLoops.unary}.
 */
final class VectorTrig {
    private VectorTrig() {}

    private static final double TRIG_MAX = 1e6;

    static { JitWarmup.start("trig", VectorTrig::warmUp); }

    /** Every loop ~400 times on a small array, values spread over the kernels' ranges (see {@link JitWarmup}). */
    private static void warmUp() {
        int n = 67;
        float[] a = new float[n], o = new float[n];
        for (int i = 0; i < n; i++) a[i] = (i - n / 2) / 40f;
        for (int r = 0; r < 400; r++) {
            sin(n, o, 0, a, 0);
            cos(n, o, 0, a, 0);
            tan(n, o, 0, a, 0);
            atan(n, o, 0, a, 0);
            asin(n, o, 0, a, 0);
            acos(n, o, 0, a, 0);
        }
    }

    static int sin(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = scratch(n);
        for (int b = 0; b < n; ) {
            int up = widen(a, ao + b, n - b, buf);
            for (int i = 0; i < up; i += D.length()) {
                DoubleVector x = DoubleVector.fromArray(D, buf, i);
                DoubleVector k = quadrant(x), r = reduce(x, k), z = r.mul(r);
                select(sinPoly(r, z), cosPoly(z), k, 0).intoArray(buf, i);
                VectorMask<Double> ok = x.abs().compare(VectorOperators.LE, TRIG_MAX);
                if (!ok.allTrue()) patch(UnaryOp.SIN, ok, a, ao + b + i, buf, i, n - b - i);
            }
            b += narrow(buf, n - b, o, oo + b);
        }
        return n;
    }

    static int cos(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = scratch(n);
        for (int b = 0; b < n; ) {
            int up = widen(a, ao + b, n - b, buf);
            for (int i = 0; i < up; i += D.length()) {
                DoubleVector x = DoubleVector.fromArray(D, buf, i);
                DoubleVector k = quadrant(x), r = reduce(x, k), z = r.mul(r);
                select(sinPoly(r, z), cosPoly(z), k, 1).intoArray(buf, i);
                VectorMask<Double> ok = x.abs().compare(VectorOperators.LE, TRIG_MAX);
                if (!ok.allTrue()) patch(UnaryOp.COS, ok, a, ao + b + i, buf, i, n - b - i);
            }
            b += narrow(buf, n - b, o, oo + b);
        }
        return n;
    }

    static int tan(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = scratch(n);
        for (int b = 0; b < n; ) {
            int up = widen(a, ao + b, n - b, buf);
            for (int i = 0; i < up; i += D.length()) {
                DoubleVector x = DoubleVector.fromArray(D, buf, i);
                // sin(r) / cos(r) in even quadrants, -cos(r) / sin(r) in odd ones
                DoubleVector k = quadrant(x), r = reduce(x, k), z = r.mul(r), s = sinPoly(r, z), c = cosPoly(z);
                VectorMask<Double> odd = ((LongVector) k.convert(VectorOperators.D2L, 0)).and(1L).compare(VectorOperators.NE, 0L).cast(D);
                s.blend(c.neg(), odd).div(c.blend(s, odd)).intoArray(buf, i);
                VectorMask<Double> ok = x.abs().compare(VectorOperators.LE, TRIG_MAX);
                if (!ok.allTrue()) patch(UnaryOp.TAN, ok, a, ao + b + i, buf, i, n - b - i);
            }
            b += narrow(buf, n - b, o, oo + b);
        }
        return n;
    }

    static int atan(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = scratch(n);
        for (int b = 0; b < n; ) {
            int up = widen(a, ao + b, n - b, buf);
            for (int i = 0; i < up; i += D.length()) atan(DoubleVector.fromArray(D, buf, i)).intoArray(buf, i);
            b += narrow(buf, n - b, o, oo + b);
        }
        return n;
    }

    /** asin(x) = atan(x / sqrt((1 - x)(1 + x))): +-1 give +-inf and so +-pi/2, |x| > 1 a negative root and so NaN. */
    static int asin(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = scratch(n);
        for (int b = 0; b < n; ) {
            int up = widen(a, ao + b, n - b, buf);
            for (int i = 0; i < up; i += D.length()) {
                DoubleVector x = DoubleVector.fromArray(D, buf, i);
                DoubleVector c = DoubleVector.broadcast(D, 1.0).sub(x).mul(x.add(1.0)).lanewise(VectorOperators.SQRT);
                atan(x.div(c)).intoArray(buf, i);
            }
            b += narrow(buf, n - b, o, oo + b);
        }
        return n;
    }

    /** acos(x) = 2 atan(sqrt((1 - x) / (1 + x))): no cancellation near 1 (where pi/2 - asin(x) would have). */
    static int acos(int n, float[] o, int oo, float[] a, int ao) {
        double[] buf = scratch(n);
        for (int b = 0; b < n; ) {
            int up = widen(a, ao + b, n - b, buf);
            for (int i = 0; i < up; i += D.length()) {
                DoubleVector x = DoubleVector.fromArray(D, buf, i);
                DoubleVector q = DoubleVector.broadcast(D, 1.0).sub(x).div(x.add(1.0)).lanewise(VectorOperators.SQRT);
                atan(q).mul(2.0).intoArray(buf, i);
            }
            b += narrow(buf, n - b, o, oo + b);
        }
        return n;
    }

    // ---- kernels on doubles

    private static final double TWO_OVER_PI = 0.6366197723675814;
    // pi/2 = PIO2_1 + PIO2_2 + PIO2_3 to ~1e-49: x - k PIO2_1 is exact for |k| < 2^20 (both fit in 53 bits below 1)
    private static final double PIO2_1 = 1.5707963267948966, PIO2_2 = 6.123233995736766e-17, PIO2_3 = -1.4973849048591698e-33;
    private static final double ROUND_MAGIC = 6755399441055744.0;   // 1.5 * 2^52

    /** k = round(x / (pi/2)), as a double. */
    private static DoubleVector quadrant(DoubleVector x) {
        return x.mul(TWO_OVER_PI).add(ROUND_MAGIC).sub(ROUND_MAGIC);
    }

    /** sin(x) from sin(r) and cos(r) for quadrant k (shift 0), or cos(x) = sin(x + pi/2) (shift 1). */
    private static DoubleVector select(DoubleVector s, DoubleVector c, DoubleVector k, int shift) {
        LongVector q = ((LongVector) k.convert(VectorOperators.D2L, 0)).add(shift);
        VectorMask<Double> odd = q.and(1L).compare(VectorOperators.NE, 0L).cast(D);
        DoubleVector v = s.blend(c, odd);
        // quadrants 2 and 3 negate: bit 1 of q moved to the sign bit
        return ((LongVector) v.reinterpretAsLongs()).lanewise(VectorOperators.XOR, q.and(2L).lanewise(VectorOperators.LSHL, 62))
                .reinterpretAsDoubles();
    }

    /** r = x - k pi/2, |r| <= pi/4 (plus rounding), to ~1e-16 relative; x itself for k = 0 (the steps would turn -0 into +0). */
    private static DoubleVector reduce(DoubleVector x, DoubleVector k) {
        DoubleVector nk = k.neg();
        DoubleVector r = nk.fma(DoubleVector.broadcast(D, PIO2_1), x);
        r = nk.fma(DoubleVector.broadcast(D, PIO2_2), r);
        return nk.fma(DoubleVector.broadcast(D, PIO2_3), r).blend(x, k.compare(VectorOperators.EQ, 0.0));
    }

    private static final double[] SIN_COEFFS = new double[8], COS_COEFFS = new double[9];

    static {
        // Taylor coefficients, highest first: sin's (-1)^j / (2j+1)! for j = 8..1, cos's (-1)^j / (2j)! for j = 9..1;
        // at |r| = pi/4 the next terms are below 1e-16 and 1e-20 of the result
        double f = 1;
        for (int m = 1; m <= 18; m++) {
            f *= m;
            int j = m / 2;
            double c = (j % 2 == 0 ? 1 : -1) / f;
            if (m % 2 == 1 && j >= 1) SIN_COEFFS[8 - j] = c;
            if (m % 2 == 0) COS_COEFFS[9 - j] = c;
        }
    }

    /** r (1 + z S(z)): a product, so sin(-0) is -0 (the sum r + r z S(z) would give +0). */
    private static DoubleVector sinPoly(DoubleVector r, DoubleVector z) {
        DoubleVector p = DoubleVector.broadcast(D, SIN_COEFFS[0]);
        for (int j = 1; j < SIN_COEFFS.length; j++) p = p.fma(z, DoubleVector.broadcast(D, SIN_COEFFS[j]));
        return r.mul(p.fma(z, DoubleVector.broadcast(D, 1.0)));
    }

    private static DoubleVector cosPoly(DoubleVector z) {
        DoubleVector p = DoubleVector.broadcast(D, COS_COEFFS[0]);
        for (int j = 1; j < COS_COEFFS.length; j++) p = p.fma(z, DoubleVector.broadcast(D, COS_COEFFS[j]));
        return p.fma(z, DoubleVector.broadcast(D, 1.0));
    }

    private static final double TAN_PI_8 = 0.41421356237309503, TAN_3PI_8 = 2.414213562373095;
    private static final double PI_4 = 0.7853981633974483, PI_2 = 1.5707963267948966;
    /** (-1)^j / (2j+1), highest j first, j < 16: the next term is below 2e-14 of the sum at t = tan(pi/8). */
    private static final double[] ATAN_COEFFS = new double[16];

    static {
        for (int j = 0; j < ATAN_COEFFS.length; j++) ATAN_COEFFS[ATAN_COEFFS.length - 1 - j] = (j % 2 == 0 ? 1.0 : -1.0) / (2 * j + 1);
    }

    /**
     * atan(x) = sign(x) (base + atan(t)): t = |x| below tan(pi/8) (base 0), (|x| - 1) / (|x| + 1) up to tan(3pi/8)
     * (base pi/4), -1 / |x| above (base pi/2), so |t| <= tan(pi/8) and its alternating Taylor series converges fast
     * enough. Infinities give +-pi/2 and NaN stays NaN (every compare false: t = NaN).
     */
    private static DoubleVector atan(DoubleVector x) {
        DoubleVector ax = x.abs(), one = DoubleVector.broadcast(D, 1.0), zero = DoubleVector.zero(D);
        VectorMask<Double> mid = ax.compare(VectorOperators.GT, TAN_PI_8), big = ax.compare(VectorOperators.GT, TAN_3PI_8);
        DoubleVector num = ax.blend(ax.sub(1.0), mid).blend(-1.0, big);
        DoubleVector den = one.blend(ax.add(1.0), mid).blend(ax, big);
        DoubleVector base = zero.blend(PI_4, mid).blend(PI_2, big);
        DoubleVector t = num.div(den), z = t.mul(t);
        DoubleVector p = DoubleVector.broadcast(D, ATAN_COEFFS[0]);
        for (int j = 1; j < ATAN_COEFFS.length; j++) p = p.fma(z, DoubleVector.broadcast(D, ATAN_COEFFS[j]));
        // x's sign bit on the non-negative result (inline: see WidenedBlocks on helpers calling helpers)
        LongVector sign = ((LongVector) x.reinterpretAsLongs()).and(Long.MIN_VALUE);
        return ((LongVector) t.mul(p).add(base).reinterpretAsLongs()).or(sign).reinterpretAsDoubles();
    }
}
