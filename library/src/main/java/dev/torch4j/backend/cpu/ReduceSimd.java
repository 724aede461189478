package dev.torch4j.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops for the hottest unit-stride reductions (sum, max, min, argmax, argmin). The JIT does not
 * vectorise a floating-point reduction by itself (it may not reorder the additions), so without these a float sum
 * runs one add per cycle at best.
 *
 * <p>Note [float32 sums]: a float32 sum adds groups of 2 or 4 vectors (or, down a column, of {@value #GROUP} rows)
 * in float32 lanes as a fixed pairwise tree (each element passes through at most 3 float32 roundings), then
 * widens the group's vector to double lanes and accumulates those in float64. The error is at most about
 * {@code 3 * 2^-24 * sum|x|} however long the input (PyTorch's float32 cascade sum bounds it by
 * {@code O(log n) * 2^-24 * sum|x|}), while only one widening per group is paid, so the loop runs at memory
 * bandwidth instead of at the rate of the float-to-double conversions.
 *
 * <p>Reproducibility: every result depends only on the input and the call's bounds, never on the JIT: only
 * exactly rounded lanewise operations are used, and lanes are folded in lane order instead of
 * {@code reduceLanes(ADD)}, whose order is unspecified and may differ between the Java fallback and compiled code.
 * max/min use the lanewise {@code Math.max}/{@code Math.min} semantics (NaN propagates, -0.0 &lt; 0.0), which are
 * associative and commutative, so their {@code reduceLanes} is exact.
 */
final class ReduceSimd {
    private ReduceSimd() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, DS.vectorShape());
    private static final int FL = FS.length(), DL = DS.length();
    /** Rows of a column sum added in float32 (a 3-level pairwise tree) before widening; Note [float32 sums]. */
    static final int GROUP = 8;
    /** From this many elements on, a float32 sum reads its range as four streams (its quarters). */
    private static final int STREAMS_MIN = 1 << 16;
    /** Elements per block of the argmax/argmin loops: a block is re-read from L1 to find the index. */
    private static final int ARG_BLOCK = 2048;

    /**
     * Sum of {@code a[off, off + n)}: float32 groups accumulated in double (Note [float32 sums]). A long range is
     * read as four interleaved streams (its quarters) in groups of 4 vectors, which DRAM served 10-15% faster than
     * one stream; a short one (a row) in order in groups of 2 (streams only a page or so long starve the hardware
     * prefetcher). Every element's path (its group, its accumulator) depends only on n.
     */
    static double sum(float[] a, int off, int n) {
        if (n < FL) {
            double s = 0;
            for (int i = 0; i < n; i++) s += a[off + i];
            return s;
        }
        DoubleVector s0 = DoubleVector.zero(DS), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        int gl = 4 * FL, q = n / (4 * gl) * gl, i = 0;
        // the groups: fixed pairwise trees, written out (a helper taking or returning vectors may fail to inline,
        // and then every vector is boxed)
        if (n >= STREAMS_MIN) {
            // a long range: groups of 4 vectors from each of its four quarters per step, then what they leave
            for (; i < q; i += gl) {
                int o0 = off + i, o1 = o0 + q, o2 = o1 + q, o3 = o2 + q;
                FloatVector g0 = FloatVector.fromArray(FS, a, o0).add(FloatVector.fromArray(FS, a, o0 + FL))
                        .add(FloatVector.fromArray(FS, a, o0 + 2 * FL).add(FloatVector.fromArray(FS, a, o0 + 3 * FL)));
                FloatVector g1 = FloatVector.fromArray(FS, a, o1).add(FloatVector.fromArray(FS, a, o1 + FL))
                        .add(FloatVector.fromArray(FS, a, o1 + 2 * FL).add(FloatVector.fromArray(FS, a, o1 + 3 * FL)));
                FloatVector g2 = FloatVector.fromArray(FS, a, o2).add(FloatVector.fromArray(FS, a, o2 + FL))
                        .add(FloatVector.fromArray(FS, a, o2 + 2 * FL).add(FloatVector.fromArray(FS, a, o2 + 3 * FL)));
                FloatVector g3 = FloatVector.fromArray(FS, a, o3).add(FloatVector.fromArray(FS, a, o3 + FL))
                        .add(FloatVector.fromArray(FS, a, o3 + 2 * FL).add(FloatVector.fromArray(FS, a, o3 + 3 * FL)));
                s0 = s0.add((DoubleVector) g0.convertShape(VectorOperators.F2D, DS, 0));
                s1 = s1.add((DoubleVector) g0.convertShape(VectorOperators.F2D, DS, 1));
                s2 = s2.add((DoubleVector) g1.convertShape(VectorOperators.F2D, DS, 0));
                s3 = s3.add((DoubleVector) g1.convertShape(VectorOperators.F2D, DS, 1));
                s4 = s4.add((DoubleVector) g2.convertShape(VectorOperators.F2D, DS, 0));
                s5 = s5.add((DoubleVector) g2.convertShape(VectorOperators.F2D, DS, 1));
                s6 = s6.add((DoubleVector) g3.convertShape(VectorOperators.F2D, DS, 0));
                s7 = s7.add((DoubleVector) g3.convertShape(VectorOperators.F2D, DS, 1));
            }
            i = 4 * q;
        } else {
            // a short range (a row): groups of 2 neighbouring vectors (more per step measured slower from DRAM)
            for (; i + 2 * FL <= n; i += 2 * FL) {
                FloatVector g = FloatVector.fromArray(FS, a, off + i).add(FloatVector.fromArray(FS, a, off + i + FL));
                s0 = s0.add((DoubleVector) g.convertShape(VectorOperators.F2D, DS, 0));
                s1 = s1.add((DoubleVector) g.convertShape(VectorOperators.F2D, DS, 1));
            }
        }
        // whole vectors left widened one by one (exact), then the scalar tail
        for (; i + FL <= n; i += FL) {
            FloatVector v = FloatVector.fromArray(FS, a, off + i);
            s0 = s0.add((DoubleVector) v.convertShape(VectorOperators.F2D, DS, 0));
            s1 = s1.add((DoubleVector) v.convertShape(VectorOperators.F2D, DS, 1));
        }
        // lanes folded in lane order, not reduceLanes(ADD), whose order is unspecified
        DoubleVector t = s0.add(s1).add(s2.add(s3)).add(s4.add(s5).add(s6.add(s7)));
        double s = 0;
        for (int k = 0; k < DL; k++) s += t.lane(k);
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
        DoubleVector t = s0.add(s1).add(s2.add(s3));
        double s = 0;
        for (int k = 0; k < DL; k++) s += t.lane(k);
        for (; i < n; i++) s += a[off + i];
        return s;
    }

    /**
     * Column sums of {@value #GROUP} rows: {@code acc[aoff + j] += sum_k a[off + k*rs + j]} for j in [0, n), each
     * group of 8 values added in float32 as a fixed pairwise tree and then in double (Note [float32 sums]); the
     * scalar tail columns use the same tree, so every column's result is the same whatever its position.
     */
    static void columnSum8(double[] acc, int aoff, float[] a, int off, int rs, int n) {
        int j = 0;
        for (; j + FL <= n; j += FL) {
            int o = off + j;
            FloatVector g = FloatVector.fromArray(FS, a, o).add(FloatVector.fromArray(FS, a, o + rs))
                    .add(FloatVector.fromArray(FS, a, o + 2 * rs).add(FloatVector.fromArray(FS, a, o + 3 * rs)))
                    .add(FloatVector.fromArray(FS, a, o + 4 * rs).add(FloatVector.fromArray(FS, a, o + 5 * rs))
                            .add(FloatVector.fromArray(FS, a, o + 6 * rs).add(FloatVector.fromArray(FS, a, o + 7 * rs))));
            DoubleVector.fromArray(DS, acc, aoff + j).add((DoubleVector) g.convertShape(VectorOperators.F2D, DS, 0))
                    .intoArray(acc, aoff + j);
            DoubleVector.fromArray(DS, acc, aoff + j + DL).add((DoubleVector) g.convertShape(VectorOperators.F2D, DS, 1))
                    .intoArray(acc, aoff + j + DL);
        }
        for (; j < n; j++) {
            int o = off + j;
            float g = ((a[o] + a[o + rs]) + (a[o + 2 * rs] + a[o + 3 * rs])) + ((a[o + 4 * rs] + a[o + 5 * rs]) + (a[o + 6 * rs] + a[o + 7 * rs]));
            acc[aoff + j] += g;
        }
    }

    /** max (or min) of {@code m} and {@code a[off, off + n)}; NaN if any of them is NaN. */
    static float extreme(boolean max, float[] a, int off, int n, float m) {
        if (n < 4 * FL) return exactExtreme(max, a, off, n, m);
        float r = blendExtreme(max, a, off, n);
        // a possible NaN, or a zero whose sign the blends may have got wrong: the Java-semantics loop decides
        if (r != r || r == 0) r = exactExtreme(max, a, off, n, max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY);
        return max ? Math.max(m, r) : Math.min(m, r);
    }

    static double extreme(boolean max, double[] a, int off, int n, double m) {
        if (n < 4 * DL) return exactExtreme(max, a, off, n, m);
        double r = blendExtreme(max, a, off, n);
        if (r != r || r == 0) r = exactExtreme(max, a, off, n, max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        return max ? Math.max(m, r) : Math.min(m, r);
    }

    /**
     * The largest (smallest) element of {@code a[off, off + n)}, n >= 4 vectors, by compare-and-blend (half the
     * instructions of the lanewise Java-semantics max), two accumulators of neighbouring vectors (the loop shape
     * that measured fastest from DRAM here: four in flight, or four streams, were 10-30% slower). It ignores NaN
     * and may pick -0.0 over 0.0, so it returns NaN when the range may hold a NaN (a running float sum of every
     * element is NaN: a NaN, or infinities of both signs) and its caller checks a zero result. Otherwise the
     * result is an element of the range equal ({@code ==}) to the extreme.
     */
    private static float blendExtreme(boolean max, float[] a, int off, int n) {
        // one method per comparison: with both in one method C2 runs out of inlining budget and leaves some
        // vector loads as calls (boxed vectors, several times slower)
        return max ? blendMax(a, off, n) : blendMin(a, off, n);
    }

    private static double blendExtreme(boolean max, double[] a, int off, int n) {
        return max ? blendMax(a, off, n) : blendMin(a, off, n);
    }

    private static float blendMax(float[] a, int off, int n) {
        FloatVector r0 = FloatVector.fromArray(FS, a, off), r1 = FloatVector.fromArray(FS, a, off + FL), z0 = r0, z1 = r1;
        int i = 2 * FL;
        // four vectors per step as a tree, so each accumulator waits on one compare-and-blend per 4 vectors: from
        // L2/L3 (rows of a 16 MiB matrix) the loop is bound by that chain, not by the loads
        for (; i + 4 * FL <= n; i += 4 * FL) {
            FloatVector v0 = FloatVector.fromArray(FS, a, off + i), v1 = FloatVector.fromArray(FS, a, off + i + FL);
            FloatVector v2 = FloatVector.fromArray(FS, a, off + i + 2 * FL), v3 = FloatVector.fromArray(FS, a, off + i + 3 * FL);
            FloatVector w0 = v0.blend(v1, v1.compare(VectorOperators.GT, v0)), w1 = v2.blend(v3, v3.compare(VectorOperators.GT, v2));
            r0 = r0.blend(w0, w0.compare(VectorOperators.GT, r0));
            r1 = r1.blend(w1, w1.compare(VectorOperators.GT, r1));
            z0 = z0.add(v0.add(v1));
            z1 = z1.add(v2.add(v3));
        }
        for (; i + 2 * FL <= n; i += 2 * FL) {
            FloatVector v0 = FloatVector.fromArray(FS, a, off + i), v1 = FloatVector.fromArray(FS, a, off + i + FL);
            r0 = r0.blend(v0, v0.compare(VectorOperators.GT, r0));
            r1 = r1.blend(v1, v1.compare(VectorOperators.GT, r1));
            z0 = z0.add(v0);
            z1 = z1.add(v1);
        }
        if (i + FL <= n) {
            FloatVector v = FloatVector.fromArray(FS, a, off + i);
            r0 = r0.blend(v, v.compare(VectorOperators.GT, r0));
            z0 = z0.add(v);
            i += FL;
        }
        r0 = r0.blend(r1, r1.compare(VectorOperators.GT, r0));
        FloatVector z = z0.add(z1);
        if (z.compare(VectorOperators.NE, z).anyTrue()) return Float.NaN;
        float r = r0.lane(0);
        for (int k = 1; k < FL; k++) {
            float x = r0.lane(k);
            if (x > r) r = x;
        }
        for (; i < n; i++) {
            float x = a[off + i];
            if (x != x) return Float.NaN;
            if (x > r) r = x;
        }
        return r;
    }

    private static float blendMin(float[] a, int off, int n) {
        FloatVector r0 = FloatVector.fromArray(FS, a, off), r1 = FloatVector.fromArray(FS, a, off + FL), z0 = r0, z1 = r1;
        int i = 2 * FL;
        // four vectors per step as a tree, so each accumulator waits on one compare-and-blend per 4 vectors: from
        // L2/L3 (rows of a 16 MiB matrix) the loop is bound by that chain, not by the loads
        for (; i + 4 * FL <= n; i += 4 * FL) {
            FloatVector v0 = FloatVector.fromArray(FS, a, off + i), v1 = FloatVector.fromArray(FS, a, off + i + FL);
            FloatVector v2 = FloatVector.fromArray(FS, a, off + i + 2 * FL), v3 = FloatVector.fromArray(FS, a, off + i + 3 * FL);
            FloatVector w0 = v0.blend(v1, v1.compare(VectorOperators.LT, v0)), w1 = v2.blend(v3, v3.compare(VectorOperators.LT, v2));
            r0 = r0.blend(w0, w0.compare(VectorOperators.LT, r0));
            r1 = r1.blend(w1, w1.compare(VectorOperators.LT, r1));
            z0 = z0.add(v0.add(v1));
            z1 = z1.add(v2.add(v3));
        }
        for (; i + 2 * FL <= n; i += 2 * FL) {
            FloatVector v0 = FloatVector.fromArray(FS, a, off + i), v1 = FloatVector.fromArray(FS, a, off + i + FL);
            r0 = r0.blend(v0, v0.compare(VectorOperators.LT, r0));
            r1 = r1.blend(v1, v1.compare(VectorOperators.LT, r1));
            z0 = z0.add(v0);
            z1 = z1.add(v1);
        }
        if (i + FL <= n) {
            FloatVector v = FloatVector.fromArray(FS, a, off + i);
            r0 = r0.blend(v, v.compare(VectorOperators.LT, r0));
            z0 = z0.add(v);
            i += FL;
        }
        r0 = r0.blend(r1, r1.compare(VectorOperators.LT, r0));
        FloatVector z = z0.add(z1);
        if (z.compare(VectorOperators.NE, z).anyTrue()) return Float.NaN;
        float r = r0.lane(0);
        for (int k = 1; k < FL; k++) {
            float x = r0.lane(k);
            if (x < r) r = x;
        }
        for (; i < n; i++) {
            float x = a[off + i];
            if (x != x) return Float.NaN;
            if (x < r) r = x;
        }
        return r;
    }

    private static double blendMax(double[] a, int off, int n) {
        DoubleVector r0 = DoubleVector.fromArray(DS, a, off), r1 = DoubleVector.fromArray(DS, a, off + DL), z0 = r0, z1 = r1;
        int i = 2 * DL;
        for (; i + 2 * DL <= n; i += 2 * DL) {
            DoubleVector v0 = DoubleVector.fromArray(DS, a, off + i), v1 = DoubleVector.fromArray(DS, a, off + i + DL);
            r0 = r0.blend(v0, v0.compare(VectorOperators.GT, r0));
            r1 = r1.blend(v1, v1.compare(VectorOperators.GT, r1));
            z0 = z0.add(v0);
            z1 = z1.add(v1);
        }
        if (i + DL <= n) {
            DoubleVector v = DoubleVector.fromArray(DS, a, off + i);
            r0 = r0.blend(v, v.compare(VectorOperators.GT, r0));
            z0 = z0.add(v);
            i += DL;
        }
        r0 = r0.blend(r1, r1.compare(VectorOperators.GT, r0));
        DoubleVector z = z0.add(z1);
        if (z.compare(VectorOperators.NE, z).anyTrue()) return Double.NaN;
        double r = r0.lane(0);
        for (int k = 1; k < DL; k++) {
            double x = r0.lane(k);
            if (x > r) r = x;
        }
        for (; i < n; i++) {
            double x = a[off + i];
            if (x != x) return Double.NaN;
            if (x > r) r = x;
        }
        return r;
    }

    private static double blendMin(double[] a, int off, int n) {
        DoubleVector r0 = DoubleVector.fromArray(DS, a, off), r1 = DoubleVector.fromArray(DS, a, off + DL), z0 = r0, z1 = r1;
        int i = 2 * DL;
        for (; i + 2 * DL <= n; i += 2 * DL) {
            DoubleVector v0 = DoubleVector.fromArray(DS, a, off + i), v1 = DoubleVector.fromArray(DS, a, off + i + DL);
            r0 = r0.blend(v0, v0.compare(VectorOperators.LT, r0));
            r1 = r1.blend(v1, v1.compare(VectorOperators.LT, r1));
            z0 = z0.add(v0);
            z1 = z1.add(v1);
        }
        if (i + DL <= n) {
            DoubleVector v = DoubleVector.fromArray(DS, a, off + i);
            r0 = r0.blend(v, v.compare(VectorOperators.LT, r0));
            z0 = z0.add(v);
            i += DL;
        }
        r0 = r0.blend(r1, r1.compare(VectorOperators.LT, r0));
        DoubleVector z = z0.add(z1);
        if (z.compare(VectorOperators.NE, z).anyTrue()) return Double.NaN;
        double r = r0.lane(0);
        for (int k = 1; k < DL; k++) {
            double x = r0.lane(k);
            if (x < r) r = x;
        }
        for (; i < n; i++) {
            double x = a[off + i];
            if (x != x) return Double.NaN;
            if (x < r) r = x;
        }
        return r;
    }

    /** {@link #extreme} with the lanewise Java-semantics max/min: exact for NaN and signed zeros. */
    private static float exactExtreme(boolean max, float[] a, int off, int n, float m) {
        int i = 0;
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

    private static double exactExtreme(boolean max, double[] a, int off, int n, double m) {
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
     * ARGMAX (max true) or ARGMIN of {@code a[off, off + n)} continuing a running slot {@code (acc[j], idx[j])},
     * with PyTorch's semantics: the first occurrence of the extreme wins and the first NaN beats everything. Each
     * block's extreme is found with vectors; only a block that beats the running value is scanned again (from L1)
     * for the first index equal to its extreme, or for its first NaN. {@code r0} is the reduced index of a[off].
     */
    static void arg(boolean max, float[] a, int off, int n, long r0, double[] acc, long[] idx, int j) {
        double m = acc[j];
        if (m != m) return; // a NaN is already in: nothing later replaces it
        for (int b = 0; b < n; b += ARG_BLOCK) {
            int len = Math.min(ARG_BLOCK, n - b), o = off + b;
            // the sign of a zero extreme does not matter here (firstEqual matches either)
            float e = len >= 4 * FL ? blendExtreme(max, a, o, len) : Float.NaN;
            if (e != e) e = exactExtreme(max, a, o, len, max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY);
            if (e != e) {
                int k = firstNaN(a, o, len);
                acc[j] = Double.NaN;
                idx[j] = r0 + b + k;
                return;
            }
            if (max ? e > m : e < m) {
                m = e;
                idx[j] = r0 + b + firstEqual(a, o, len, e);
            }
        }
        acc[j] = m;
    }

    static void arg(boolean max, double[] a, int off, int n, long r0, double[] acc, long[] idx, int j) {
        double m = acc[j];
        if (m != m) return;
        for (int b = 0; b < n; b += ARG_BLOCK) {
            int len = Math.min(ARG_BLOCK, n - b), o = off + b;
            double e = len >= 4 * DL ? blendExtreme(max, a, o, len) : Double.NaN;
            if (e != e) e = exactExtreme(max, a, o, len, max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            if (e != e) {
                int k = firstNaN(a, o, len);
                acc[j] = Double.NaN;
                idx[j] = r0 + b + k;
                return;
            }
            if (max ? e > m : e < m) {
                m = e;
                idx[j] = r0 + b + firstEqual(a, o, len, e);
            }
        }
        acc[j] = m;
    }

    /** The first k in [0, n) with {@code a[off + k] == e} (e not NaN; -0.0 equals 0.0); n if none. */
    private static int firstEqual(float[] a, int off, int n, float e) {
        int k = 0;
        for (; k + FL <= n; k += FL) {
            int t = FloatVector.fromArray(FS, a, off + k).compare(VectorOperators.EQ, e).firstTrue();
            if (t < FL) return k + t;
        }
        for (; k < n; k++) if (a[off + k] == e) return k;
        return n;
    }

    private static int firstEqual(double[] a, int off, int n, double e) {
        int k = 0;
        for (; k + DL <= n; k += DL) {
            int t = DoubleVector.fromArray(DS, a, off + k).compare(VectorOperators.EQ, e).firstTrue();
            if (t < DL) return k + t;
        }
        for (; k < n; k++) if (a[off + k] == e) return k;
        return n;
    }

    private static int firstNaN(float[] a, int off, int n) {
        for (int k = 0; k < n; k++) if (a[off + k] != a[off + k]) return k;
        return n;
    }

    private static int firstNaN(double[] a, int off, int n) {
        for (int k = 0; k < n; k++) if (a[off + k] != a[off + k]) return k;
        return n;
    }

    /**
     * ARGMAX (max true) or ARGMIN of one row of values into a row of slots: for j in [0, n), the value
     * {@code a[off + j]}, whose reduced index is r, replaces slot {@code (acc[aoff + j], idx[aoff + j])} when it is
     * larger (smaller), or NaN while the slot is not: {@link ReduceLoops#vfold}'s rule, with lane masks for branches.
     */
    static void columnArg(boolean max, double[] acc, long[] idx, int aoff, float[] a, int off, int n, long r) {
        int j = 0;
        LongVector rv = LongVector.broadcast(LS, r);
        for (; j + FL <= n; j += FL) {
            FloatVector v = FloatVector.fromArray(FS, a, off + j);
            for (int part = 0; part < 2; part++) {
                int k = aoff + j + part * DL;
                DoubleVector x = (DoubleVector) v.convertShape(VectorOperators.F2D, DS, part);
                DoubleVector m = DoubleVector.fromArray(DS, acc, k);
                VectorMask<Double> take = (max ? x.compare(VectorOperators.GT, m) : x.compare(VectorOperators.LT, m))
                        .or(x.compare(VectorOperators.NE, x).and(m.compare(VectorOperators.EQ, m)));
                m.blend(x, take).intoArray(acc, k);
                LongVector.fromArray(LS, idx, k).blend(rv, take.cast(LS)).intoArray(idx, k);
            }
        }
        for (; j < n; j++) {
            double x = a[off + j], m = acc[aoff + j];
            if ((max ? x > m : x < m) || (x != x && m == m)) { acc[aoff + j] = x; idx[aoff + j] = r; }
        }
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
