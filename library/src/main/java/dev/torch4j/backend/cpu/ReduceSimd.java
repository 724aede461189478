package dev.torch4j.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops for the hottest unit-stride reductions (sum, max, min). The JIT does not vectorise a
 * floating-point reduction by itself (it may not reorder the additions), so without these a float sum runs one
 * add per cycle at best. float32 sums widen each vector to double lanes, keeping the float64 accumulation of
 * {@link CpuReduce}; max/min use the lanewise {@code Math.max}/{@code Math.min} semantics, so NaN propagates.
 */
final class ReduceSimd {
    private ReduceSimd() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int FL = FS.length(), DL = DS.length();

    /** Sum of {@code a[off, off + n)} accumulated in double. */
    static double sum(float[] a, int off, int n) {
        if (n < 2 * FL) {
            double s = 0;
            for (int i = 0; i < n; i++) s += a[off + i];
            return s;
        }
        DoubleVector s0 = DoubleVector.zero(DS), s1 = DoubleVector.zero(DS), s2 = DoubleVector.zero(DS), s3 = DoubleVector.zero(DS);
        int i = 0;
        for (; i + 2 * FL <= n; i += 2 * FL) {
            FloatVector v = FloatVector.fromArray(FS, a, off + i), w = FloatVector.fromArray(FS, a, off + i + FL);
            s0 = s0.add((DoubleVector) v.convertShape(VectorOperators.F2D, DS, 0));
            s1 = s1.add((DoubleVector) v.convertShape(VectorOperators.F2D, DS, 1));
            s2 = s2.add((DoubleVector) w.convertShape(VectorOperators.F2D, DS, 0));
            s3 = s3.add((DoubleVector) w.convertShape(VectorOperators.F2D, DS, 1));
        }
        double s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[off + i];
        return s;
    }

    static double sum(double[] a, int off, int n) {
        if (n < 4 * DL) {
            double s = 0;
            for (int i = 0; i < n; i++) s += a[off + i];
            return s;
        }
        DoubleVector s0 = DoubleVector.zero(DS), s1 = DoubleVector.zero(DS), s2 = DoubleVector.zero(DS), s3 = DoubleVector.zero(DS);
        int i = 0;
        for (; i + 4 * DL <= n; i += 4 * DL) {
            s0 = s0.add(DoubleVector.fromArray(DS, a, off + i));
            s1 = s1.add(DoubleVector.fromArray(DS, a, off + i + DL));
            s2 = s2.add(DoubleVector.fromArray(DS, a, off + i + 2 * DL));
            s3 = s3.add(DoubleVector.fromArray(DS, a, off + i + 3 * DL));
        }
        double s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[off + i];
        return s;
    }

    /** max (or min) of {@code m} and {@code a[off, off + n)}; NaN if any of them is NaN. */
    static float extreme(boolean max, float[] a, int off, int n, float m) {
        int i = 0;
        // the operator must be a constant where the vector op is written, or the JIT cannot intrinsify it
        if (n >= 2 * FL) {
            FloatVector r0 = FloatVector.fromArray(FS, a, off), r1 = FloatVector.fromArray(FS, a, off + FL);
            float r;
            if (max) {
                for (i = 2 * FL; i + 2 * FL <= n; i += 2 * FL) {
                    r0 = r0.max(FloatVector.fromArray(FS, a, off + i));
                    r1 = r1.max(FloatVector.fromArray(FS, a, off + i + FL));
                }
                r = r0.max(r1).reduceLanes(VectorOperators.MAX);
            } else {
                for (i = 2 * FL; i + 2 * FL <= n; i += 2 * FL) {
                    r0 = r0.min(FloatVector.fromArray(FS, a, off + i));
                    r1 = r1.min(FloatVector.fromArray(FS, a, off + i + FL));
                }
                r = r0.min(r1).reduceLanes(VectorOperators.MIN);
            }
            m = max ? Math.max(m, r) : Math.min(m, r);
        }
        for (; i < n; i++) m = max ? Math.max(m, a[off + i]) : Math.min(m, a[off + i]);
        return m;
    }

    static double extreme(boolean max, double[] a, int off, int n, double m) {
        int i = 0;
        if (n >= 2 * DL) {
            DoubleVector r0 = DoubleVector.fromArray(DS, a, off), r1 = DoubleVector.fromArray(DS, a, off + DL);
            double r;
            if (max) {
                for (i = 2 * DL; i + 2 * DL <= n; i += 2 * DL) {
                    r0 = r0.max(DoubleVector.fromArray(DS, a, off + i));
                    r1 = r1.max(DoubleVector.fromArray(DS, a, off + i + DL));
                }
                r = r0.max(r1).reduceLanes(VectorOperators.MAX);
            } else {
                for (i = 2 * DL; i + 2 * DL <= n; i += 2 * DL) {
                    r0 = r0.min(DoubleVector.fromArray(DS, a, off + i));
                    r1 = r1.min(DoubleVector.fromArray(DS, a, off + i + DL));
                }
                r = r0.min(r1).reduceLanes(VectorOperators.MIN);
            }
            m = max ? Math.max(m, r) : Math.min(m, r);
        }
        for (; i < n; i++) m = max ? Math.max(m, a[off + i]) : Math.min(m, a[off + i]);
        return m;
    }

    /**
     * {@code acc[aoff + j] = op(acc[aoff + j], a[off + j])} for j in [0, n), float values widened to double, for
     * SUM, MAX and MIN (the vertical reductions); false for other ops.
     */
    static boolean column(dev.torch4j.backend.ReduceOp op, double[] acc, int aoff, float[] a, int off, int n) {
        int j = 0;
        switch (op) {
            case SUM -> {
                for (; j + FL <= n; j += FL) {
                    FloatVector v = FloatVector.fromArray(FS, a, off + j);
                    DoubleVector.fromArray(DS, acc, aoff + j).add((DoubleVector) v.convertShape(VectorOperators.F2D, DS, 0))
                            .intoArray(acc, aoff + j);
                    DoubleVector.fromArray(DS, acc, aoff + j + DL).add((DoubleVector) v.convertShape(VectorOperators.F2D, DS, 1))
                            .intoArray(acc, aoff + j + DL);
                }
                for (; j < n; j++) acc[aoff + j] += a[off + j];
            }
            case MAX -> {
                for (; j + FL <= n; j += FL) {
                    FloatVector v = FloatVector.fromArray(FS, a, off + j);
                    DoubleVector.fromArray(DS, acc, aoff + j).max((DoubleVector) v.convertShape(VectorOperators.F2D, DS, 0))
                            .intoArray(acc, aoff + j);
                    DoubleVector.fromArray(DS, acc, aoff + j + DL).max((DoubleVector) v.convertShape(VectorOperators.F2D, DS, 1))
                            .intoArray(acc, aoff + j + DL);
                }
                for (; j < n; j++) acc[aoff + j] = Math.max(acc[aoff + j], a[off + j]);
            }
            case MIN -> {
                for (; j + FL <= n; j += FL) {
                    FloatVector v = FloatVector.fromArray(FS, a, off + j);
                    DoubleVector.fromArray(DS, acc, aoff + j).min((DoubleVector) v.convertShape(VectorOperators.F2D, DS, 0))
                            .intoArray(acc, aoff + j);
                    DoubleVector.fromArray(DS, acc, aoff + j + DL).min((DoubleVector) v.convertShape(VectorOperators.F2D, DS, 1))
                            .intoArray(acc, aoff + j + DL);
                }
                for (; j < n; j++) acc[aoff + j] = Math.min(acc[aoff + j], a[off + j]);
            }
            default -> { return false; }
        }
        return true;
    }
}
