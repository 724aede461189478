package dev.torch4j.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp on vectors of doubles from exactly rounded operations only (Note [no SVML transcendentals] in {@link FastLoops}),
 * for the float32 kernels that widen to double ({@link VectorGelu}): ~1e-15 relative, far inside a float's half ulp.
 */
final class VectorExpD {
    private VectorExpD() {}

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private static final double LOG2E = 1.4426950408889634, LN2_HI = 0.6931471803691238, LN2_LO = 1.9082149292705877e-10;
    private static final double ROUND_MAGIC = 6755399441055744.0;   // 1.5 * 2^52
    private static final double[] EXP_COEFFS = {1.0 / 3628800, 1.0 / 362880, 1.0 / 40320, 1.0 / 5040, 1.0 / 720, 1.0 / 120,
        1.0 / 24, 1.0 / 6, 0.5, 1.0, 1.0};

    /**
     * exp(x) to ~1e-15 relative: 2^k exp(r), |r| <= ln(2)/2, exp(r) by its degree-11 Taylor polynomial; x clamped to
     * [-745, 709] first (0 and a finite huge value at the ends: 2^k is built in two halves, so it stays exact down to
     * the subnormals), and NaN kept.
     */
    static DoubleVector exp(DoubleVector x0) {
        DoubleVector x = x0.max(-745.0).min(709.0);
        DoubleVector k = x.mul(LOG2E).add(ROUND_MAGIC).sub(ROUND_MAGIC);
        DoubleVector r = k.fma(DoubleVector.broadcast(D, -LN2_HI), x);
        r = k.fma(DoubleVector.broadcast(D, -LN2_LO), r);
        DoubleVector p = DoubleVector.broadcast(D, 1.0 / 39916800);
        for (double ci : EXP_COEFFS) p = p.fma(r, DoubleVector.broadcast(D, ci));
        LongVector ki = (LongVector) k.convert(VectorOperators.D2L, 0);
        LongVector half = ki.lanewise(VectorOperators.ASHR, 1);
        DoubleVector s1 = half.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector s2 = ki.sub(half).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return p.mul(s1).mul(s2).blend(x0, x0.compare(VectorOperators.NE, x0));
    }

    /** One lane of {@link #exp(DoubleVector)}, operation for operation: the same bits. */
    static double exp(double x0) {
        double x = Math.min(Math.max(x0, -745.0), 709.0);
        double k = x * LOG2E + ROUND_MAGIC - ROUND_MAGIC;
        double r = Math.fma(k, -LN2_HI, x);
        r = Math.fma(k, -LN2_LO, r);
        double p = 1.0 / 39916800;
        for (double ci : EXP_COEFFS) p = Math.fma(p, r, ci);
        long ki = (long) k, half = ki >> 1;
        double y = p * Double.longBitsToDouble((half + 1023) << 52) * Double.longBitsToDouble((ki - half + 1023) << 52);
        return x0 != x0 ? x0 : y;
    }
}
