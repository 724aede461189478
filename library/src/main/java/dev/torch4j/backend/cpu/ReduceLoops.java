package dev.torch4j.backend.cpu;

import dev.torch4j.backend.ReduceOp;

/**
 * The inner loops of {@link CpuReduce}, written out per carrier so the JIT sees monomorphic array code.
 * Floating inputs fold in a double accumulator, integer and bool inputs in a long one. An accumulator slot is
 * {@code (acc[j], idx[j])}; idx is used only by ARGMAX/ARGMIN.
 *
 * <p>Semantics (PyTorch's): MAX/MIN propagate NaN; ARGMAX/ARGMIN keep the first occurrence and treat NaN as both
 * the largest and the smallest value (the first NaN wins); ANY/ALL test {@code != 0} (NaN is true).
 * <p>Horizontal folds ({@code fold*}) reduce one strided run into one slot; vertical folds ({@code vfold*}) fold
 * a vector of values into a vector of slots elementwise, for reductions whose kept dim is the contiguous one.
 */
final class ReduceLoops {
    private ReduceLoops() {}

    static double initD(ReduceOp op) {
        return switch (op) {
            case SUM, ANY -> 0;
            case PROD, ALL -> 1;
            case MAX, ARGMAX -> Double.NEGATIVE_INFINITY;
            case MIN, ARGMIN -> Double.POSITIVE_INFINITY;
        };
    }

    static long initL(ReduceOp op) {
        return switch (op) {
            case SUM, ANY -> 0;
            case PROD, ALL -> 1;
            case MAX, ARGMAX -> Long.MIN_VALUE;
            case MIN, ARGMIN -> Long.MAX_VALUE;
        };
    }

    // ---------------------------------------------------------------- horizontal: one run into one slot

    /** Folds {@code a[off + t*s]}, t in [0, n), whose first element has reduced index {@code r0}, into slot j. */
    static void fold(ReduceOp op, float[] a, int off, int s, int n, long r0, double[] acc, long[] idx, int j) {
        double m = acc[j];
        switch (op) {
            case SUM -> {
                if (s == 1) m += ReduceSimd.sum(a, off, n);
                else for (int t = 0; t < n; t++) m += a[off + t * s];
            }
            case PROD -> { for (int t = 0; t < n; t++) m *= a[off + t * s]; }
            // the accumulator only ever holds one of the float inputs (or +-inf), so narrowing it is exact
            case MAX -> {
                if (s == 1) m = ReduceSimd.extreme(true, a, off, n, (float) m);
                else for (int t = 0; t < n; t++) m = Math.max(m, a[off + t * s]);
            }
            case MIN -> {
                if (s == 1) m = ReduceSimd.extreme(false, a, off, n, (float) m);
                else for (int t = 0; t < n; t++) m = Math.min(m, a[off + t * s]);
            }
            case ARGMAX -> {
                if (s == 1) { ReduceSimd.arg(true, a, off, n, r0, acc, idx, j); return; }
                long bi = idx[j];
                for (int t = 0; t < n; t++) {
                    double v = a[off + t * s];
                    if (v > m || (v != v && m == m)) { m = v; bi = r0 + t; }
                }
                idx[j] = bi;
            }
            case ARGMIN -> {
                if (s == 1) { ReduceSimd.arg(false, a, off, n, r0, acc, idx, j); return; }
                long bi = idx[j];
                for (int t = 0; t < n; t++) {
                    double v = a[off + t * s];
                    if (v < m || (v != v && m == m)) { m = v; bi = r0 + t; }
                }
                idx[j] = bi;
            }
            case ANY -> { if (m == 0) for (int t = 0; t < n; t++) if (a[off + t * s] != 0) { m = 1; break; } }
            case ALL -> { if (m != 0) for (int t = 0; t < n; t++) if (a[off + t * s] == 0) { m = 0; break; } }
        }
        acc[j] = m;
    }

    static void fold(ReduceOp op, double[] a, int off, int s, int n, long r0, double[] acc, long[] idx, int j) {
        double m = acc[j];
        switch (op) {
            case SUM -> {
                if (s == 1) m += ReduceSimd.sum(a, off, n);
                else for (int t = 0; t < n; t++) m += a[off + t * s];
            }
            case PROD -> { for (int t = 0; t < n; t++) m *= a[off + t * s]; }
            case MAX -> {
                if (s == 1) m = ReduceSimd.extreme(true, a, off, n, m);
                else for (int t = 0; t < n; t++) m = Math.max(m, a[off + t * s]);
            }
            case MIN -> {
                if (s == 1) m = ReduceSimd.extreme(false, a, off, n, m);
                else for (int t = 0; t < n; t++) m = Math.min(m, a[off + t * s]);
            }
            case ARGMAX -> {
                if (s == 1) { ReduceSimd.arg(true, a, off, n, r0, acc, idx, j); return; }
                long bi = idx[j];
                for (int t = 0; t < n; t++) {
                    double v = a[off + t * s];
                    if (v > m || (v != v && m == m)) { m = v; bi = r0 + t; }
                }
                idx[j] = bi;
            }
            case ARGMIN -> {
                if (s == 1) { ReduceSimd.arg(false, a, off, n, r0, acc, idx, j); return; }
                long bi = idx[j];
                for (int t = 0; t < n; t++) {
                    double v = a[off + t * s];
                    if (v < m || (v != v && m == m)) { m = v; bi = r0 + t; }
                }
                idx[j] = bi;
            }
            case ANY -> { if (m == 0) for (int t = 0; t < n; t++) if (a[off + t * s] != 0) { m = 1; break; } }
            case ALL -> { if (m != 0) for (int t = 0; t < n; t++) if (a[off + t * s] == 0) { m = 0; break; } }
        }
        acc[j] = m;
    }

    static void fold(ReduceOp op, long[] a, int off, int s, int n, long r0, long[] acc, long[] idx, int j) {
        long m = acc[j];
        switch (op) {
            case SUM -> { for (int t = 0; t < n; t++) m += a[off + t * s]; }
            case PROD -> { for (int t = 0; t < n; t++) m *= a[off + t * s]; }
            case MAX -> { for (int t = 0; t < n; t++) m = Math.max(m, a[off + t * s]); }
            case MIN -> { for (int t = 0; t < n; t++) m = Math.min(m, a[off + t * s]); }
            case ARGMAX -> {
                long bi = idx[j];
                for (int t = 0; t < n; t++) {
                    long v = a[off + t * s];
                    if (v > m) { m = v; bi = r0 + t; }
                }
                idx[j] = bi;
            }
            case ARGMIN -> {
                long bi = idx[j];
                for (int t = 0; t < n; t++) {
                    long v = a[off + t * s];
                    if (v < m) { m = v; bi = r0 + t; }
                }
                idx[j] = bi;
            }
            case ANY -> { if (m == 0) for (int t = 0; t < n; t++) if (a[off + t * s] != 0) { m = 1; break; } }
            case ALL -> { if (m != 0) for (int t = 0; t < n; t++) if (a[off + t * s] == 0) { m = 0; break; } }
        }
        acc[j] = m;
    }

    // ---------------------------------------------------------------- vertical: a vector of values into n slots

    /**
     * Folds {@code v[voff + j]} into slot {@code aoff + j} for j in [0, n). The values have reduced index
     * {@code r}, or {@code vidx[voff + j]} when {@code vidx} is not null (combining partial results).
     */
    static void vfold(ReduceOp op, double[] v, int voff, long[] vidx, long r, double[] acc, long[] idx, int aoff, int n) {
        switch (op) {
            case SUM -> { for (int j = 0; j < n; j++) acc[aoff + j] += v[voff + j]; }
            case PROD -> { for (int j = 0; j < n; j++) acc[aoff + j] *= v[voff + j]; }
            case MAX -> { for (int j = 0; j < n; j++) acc[aoff + j] = Math.max(acc[aoff + j], v[voff + j]); }
            case MIN -> { for (int j = 0; j < n; j++) acc[aoff + j] = Math.min(acc[aoff + j], v[voff + j]); }
            case ARGMAX -> {
                for (int j = 0; j < n; j++) {
                    double x = v[voff + j], m = acc[aoff + j];
                    if (x > m || (x != x && m == m)) { acc[aoff + j] = x; idx[aoff + j] = vidx == null ? r : vidx[voff + j]; }
                }
            }
            case ARGMIN -> {
                for (int j = 0; j < n; j++) {
                    double x = v[voff + j], m = acc[aoff + j];
                    if (x < m || (x != x && m == m)) { acc[aoff + j] = x; idx[aoff + j] = vidx == null ? r : vidx[voff + j]; }
                }
            }
            case ANY -> { for (int j = 0; j < n; j++) if (v[voff + j] != 0) acc[aoff + j] = 1; }
            case ALL -> { for (int j = 0; j < n; j++) if (v[voff + j] == 0) acc[aoff + j] = 0; }
        }
    }

    static void vfold(ReduceOp op, long[] v, int voff, long[] vidx, long r, long[] acc, long[] idx, int aoff, int n) {
        switch (op) {
            case SUM -> { for (int j = 0; j < n; j++) acc[aoff + j] += v[voff + j]; }
            case PROD -> { for (int j = 0; j < n; j++) acc[aoff + j] *= v[voff + j]; }
            case MAX -> { for (int j = 0; j < n; j++) acc[aoff + j] = Math.max(acc[aoff + j], v[voff + j]); }
            case MIN -> { for (int j = 0; j < n; j++) acc[aoff + j] = Math.min(acc[aoff + j], v[voff + j]); }
            case ARGMAX -> {
                for (int j = 0; j < n; j++) {
                    if (v[voff + j] > acc[aoff + j]) { acc[aoff + j] = v[voff + j]; idx[aoff + j] = vidx == null ? r : vidx[voff + j]; }
                }
            }
            case ARGMIN -> {
                for (int j = 0; j < n; j++) {
                    if (v[voff + j] < acc[aoff + j]) { acc[aoff + j] = v[voff + j]; idx[aoff + j] = vidx == null ? r : vidx[voff + j]; }
                }
            }
            case ANY -> { for (int j = 0; j < n; j++) if (v[voff + j] != 0) acc[aoff + j] = 1; }
            case ALL -> { for (int j = 0; j < n; j++) if (v[voff + j] == 0) acc[aoff + j] = 0; }
        }
    }
}
