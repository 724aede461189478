package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;

import static dev.torch4j.backend.cpu.CpuBackend.arr;

/**
 * Variances over the middle dim of a contiguous {@code [outer, n, inner]} tensor in two passes, each element read as
 * stored and widened to double (float32 like PyTorch's CPU kernel, which accumulates in double): the mean, then the
 * squared deviations from it. With {@code inner == 1} each variance is over a row, cut into fixed blocks whose sums
 * are added in order, so a long row (a whole tensor's variance) is shared among threads; otherwise each of the inner
 * columns is summed down the n rows in row order. Either way a result depends on the shape alone, not on the thread
 * count. The composed form this replaces widened the whole input to float64 and wrote two more tensors of that size.
 */
final class CpuMoments {
    private CpuMoments() {}

    /** Elements per block of a row: sums of blocks, added in order. */
    private static final int BLOCK = 1 << 16;
    /** Columns per task of the column case (its accumulators stay in the L1 cache). */
    private static final int COLUMNS = 512;

    /** {@link dev.torch4j.backend.Backend#variance}. */
    static Storage variance(Strided x, double correction, boolean sqrt) {
        DType t = x.dtype();
        if ((t != DType.FLOAT32 && t != DType.FLOAT64) || !x.isContiguous() || !(x.storage() instanceof CpuStorage)) return null;
        long[] s = x.shape();
        if (s[1] == 0 || s[0] * s[1] * s[2] > Integer.MAX_VALUE) return null;
        int outer = (int) s[0], n = (int) s[1], inner = (int) s[2], off = (int) x.offset();
        Object a = arr(x);
        double[] v = inner == 1 ? rows(a, off, outer, n) : columns(a, off, outer, n, inner);
        double div = Math.max(0, n - correction);
        CpuStorage out = CpuStorage.allocate(t, v.length);
        if (t == DType.FLOAT32) {
            float[] o = (float[]) out.array();
            for (int r = 0; r < v.length; r++) o[r] = (float) finish(v[r], div, sqrt);
        } else {
            double[] o = (double[]) out.array();
            for (int r = 0; r < v.length; r++) o[r] = finish(v[r], div, sqrt);
        }
        return out;
    }

    /** Each row's sum of squared deviations from its mean. */
    private static double[] rows(Object a, int off, int rows, int n) {
        double[] v = new double[rows];
        int blocks = (n + BLOCK - 1) / BLOCK;
        if (blocks == 1) {
            Parallel.parallelFor(0, rows, Math.max(1, Parallel.GRAIN_SIZE / n), (lo, hi) -> {
                for (int r = (int) lo; r < hi; r++) {
                    int o = off + r * n;
                    v[r] = squares(a, o, n, sum(a, o, n) / n);
                }
            });
            return v;
        }
        double[] part = new double[blocks];
        for (int r = 0; r < rows; r++) {
            int o = off + r * n;
            Parallel.parallelFor(0, blocks, 1, (lo, hi) -> {
                for (int b = (int) lo; b < hi; b++) part[b] = sum(a, o + b * BLOCK, Math.min(BLOCK, n - b * BLOCK));
            });
            double mu = ordered(part) / n;
            Parallel.parallelFor(0, blocks, 1, (lo, hi) -> {
                for (int b = (int) lo; b < hi; b++) part[b] = squares(a, o + b * BLOCK, Math.min(BLOCK, n - b * BLOCK), mu);
            });
            v[r] = ordered(part);
        }
        return v;
    }

    /** For each outer index and column j, the sum of squared deviations down the n rows: {@code v[o * inner + j]}. */
    private static double[] columns(Object a, int off, int outer, int n, int inner) {
        double[] v = new double[outer * inner];
        int chunks = (inner + COLUMNS - 1) / COLUMNS;
        long grain = Math.max(1, Parallel.GRAIN_SIZE / ((long) n * Math.min(inner, COLUMNS)));
        Parallel.parallelFor(0, (long) outer * chunks, grain, (lo, hi) -> {
            double[] mu = new double[COLUMNS];
            for (long task = lo; task < hi; task++) {
                int o = (int) (task / chunks), j0 = (int) (task % chunks) * COLUMNS, w = Math.min(COLUMNS, inner - j0);
                int base = off + o * n * inner + j0;
                java.util.Arrays.fill(mu, 0, w, 0);
                if (a instanceof float[] f) {
                    for (int i = 0; i < n; i++) for (int j = 0, p = base + i * inner; j < w; j++) mu[j] += f[p + j];
                } else {
                    double[] d = (double[]) a;
                    for (int i = 0; i < n; i++) for (int j = 0, p = base + i * inner; j < w; j++) mu[j] += d[p + j];
                }
                for (int j = 0; j < w; j++) mu[j] /= n;
                int vo = o * inner + j0;
                if (a instanceof float[] f) {
                    for (int i = 0; i < n; i++) {
                        for (int j = 0, p = base + i * inner; j < w; j++) {
                            double dv = f[p + j] - mu[j];
                            v[vo + j] += dv * dv;
                        }
                    }
                } else {
                    double[] d = (double[]) a;
                    for (int i = 0; i < n; i++) {
                        for (int j = 0, p = base + i * inner; j < w; j++) {
                            double dv = d[p + j] - mu[j];
                            v[vo + j] += dv * dv;
                        }
                    }
                }
            }
        });
        return v;
    }

    private static double finish(double squares, double div, boolean sqrt) {
        double var = squares / div;
        return sqrt ? Math.sqrt(var) : var;
    }

    private static double ordered(double[] parts) {
        double s = 0;
        for (double p : parts) s += p;
        return s;
    }

    private static double sum(Object a, int off, int n) {
        return a instanceof float[] f ? ReduceSimd.sum(f, off, n) : ReduceSimd.sum((double[]) a, off, n);
    }

    private static double squares(Object a, int off, int n, double mu) {
        return a instanceof float[] f ? CpuNorm.squares(f, off, n, mu) : CpuNorm.squares((double[]) a, off, n, mu);
    }
}
