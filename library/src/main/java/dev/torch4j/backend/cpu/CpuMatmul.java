package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;

import static dev.torch4j.backend.cpu.CpuBackend.arr;

/**
 * Batched matmul on the CPU: float32/float64 through {@link Gemm} (OpenBLAS or the Java kernel), int64 through a
 * plain loop. Operands with a unit stride in either matrix dim are passed as they are (a transposed view is just
 * the other BLAS layout); anything else is packed first.
 */
final class CpuMatmul {
    private CpuMatmul() {}

    /** A matrix operand as BLAS sees it. */
    private record Mat(Object array, int offset, int ld, boolean trans, long batchStride) {}

    static void bmm(Strided out, Strided a, Strided b) {
        gemm(out, a, b, 1, 0);
    }

    /**
     * {@link #bmm} into an {@code out} that holds zeros: OpenBLAS clears C in a pass of its own when beta is 0 and
     * then adds the product, so beta 1 gives the same bits without that pass (2-4% of a new 256x256 product, up to 3%
     * at 1024x1024, docs/PERFORMANCE.md). Small products keep beta 0 (see {@link Gemm#addsIntoC}).
     */
    static void bmmIntoZeros(Strided out, Strided a, Strided b) {
        long[] os = out.shape();
        gemm(out, a, b, 1, Gemm.addsIntoC((int) os[0], (int) os[1], (int) os[2], (int) a.shape()[2]) ? 1 : 0);
    }

    /**
     * {@code beta * input + alpha * a @ b} for float32/float64 (null for other dtypes or an empty product):
     * {@code input} (broadcast to the product's shape) is copied into a new storage, then one GEMM with {@code beta}
     * adds the product, as PyTorch's addmm does, instead of a product and a separate broadcast add.
     */
    static Storage addmm(Strided input, Strided a, Strided b, double beta, double alpha) {
        DType t = a.dtype();
        int batch = (int) a.shape()[0], m = (int) a.shape()[1], n = (int) b.shape()[2];
        if (t != DType.FLOAT32 && t != DType.FLOAT64 || input.dtype() != t || b.dtype() != t) return null;
        long numel = (long) batch * m * n;
        // no product (the composed form scales the input), or more elements than one array holds (it reports that)
        if (a.shape()[2] == 0 || numel == 0 || numel > Integer.MAX_VALUE) return null;
        CpuStorage storage = CpuStorage.allocate(t, (int) numel);
        Strided out = new Strided(storage, new long[] {batch, m, n}, new long[] {(long) m * n, n, 1}, 0);
        long[] is = input.strides();
        Object src = arr(input), dst = storage.array();
        int o = 0;
        for (int bi = 0; bi < batch; bi++) {
            for (int i = 0; i < m; i++, o += n) {
                long row = input.offset() + bi * is[0] + i * is[1];
                if (is[2] == 1 || n == 1) {
                    System.arraycopy(src, (int) row, dst, o, n);
                } else if (t == DType.FLOAT32) {
                    float[] x = (float[]) src, y = (float[]) dst;
                    for (int j = 0; j < n; j++) y[o + j] = x[(int) (row + j * is[2])];
                } else {
                    double[] x = (double[]) src, y = (double[]) dst;
                    for (int j = 0; j < n; j++) y[o + j] = x[(int) (row + j * is[2])];
                }
            }
        }
        gemm(out, a, b, alpha, beta);
        return storage;
    }

    /** {@code out = alpha * a @ b + beta * out} (beta 0: out is only written). */
    private static void gemm(Strided out, Strided a, Strided b, double alpha, double beta) {
        long[] os = out.shape();
        int batch = (int) os[0], m = (int) os[1], n = (int) os[2], k = (int) a.shape()[2];
        long[] ost = out.strides();
        if (ost[2] != 1 && n > 1 || ost[1] != n && m > 1 || ost[0] != (long) m * n && batch > 1) {
            throw new IllegalArgumentException("bmm: the CPU kernel writes a contiguous output, got strides "
                    + java.util.Arrays.toString(ost));
        }
        DType t = out.dtype();
        if (t == DType.INT64) {
            longBmm(out, a, b, batch, m, n, k);
            return;
        }
        Mat A = matrix(a), B = matrix(b);
        int cOff = (int) out.offset();
        if (batch == 1 && t == DType.FLOAT32) {   // one product: the batched entry's checks and lambda cost ~0.1 us
            Gemm.sgemm(A.trans, B.trans, m, n, k, (float) alpha, (float[]) A.array, A.offset, A.ld, (float[]) B.array, B.offset,
                    B.ld, (float) beta, (float[]) arr(out), cOff, Math.max(n, 1));
        } else if (batch == 1 && t == DType.FLOAT64) {
            Gemm.dgemm(A.trans, B.trans, m, n, k, alpha, (double[]) A.array, A.offset, A.ld, (double[]) B.array, B.offset, B.ld,
                    beta, (double[]) arr(out), cOff, Math.max(n, 1));
        } else if (t == DType.FLOAT32) {
            Gemm.sgemmBatched(A.trans, B.trans, m, n, k, (float) alpha, (float[]) A.array, A.offset, A.ld, (float[]) B.array, B.offset,
                    B.ld, (float) beta, (float[]) arr(out), cOff, Math.max(n, 1), batch, A.batchStride, B.batchStride, (long) m * n);
        } else if (t == DType.FLOAT64) {
            Gemm.dgemmBatched(A.trans, B.trans, m, n, k, alpha, (double[]) A.array, A.offset, A.ld, (double[]) B.array, B.offset,
                    B.ld, beta, (double[]) arr(out), cOff, Math.max(n, 1), batch, A.batchStride, B.batchStride, (long) m * n);
        } else {
            throw new IllegalArgumentException("bmm: no CPU kernel for compute dtype " + t);
        }
    }

    /** Describes a [batch, rows, cols] operand for BLAS, packing it when neither matrix dim has unit stride. */
    private static Mat matrix(Strided s) {
        long[] sh = s.shape(), st = s.strides();
        long rows = sh[1], cols = sh[2];
        if (st[2] == 1 || cols == 1) {
            long ld = rows <= 1 ? Math.max(cols, 1) : st[1];
            if (ld >= Math.max(cols, 1)) return new Mat(arr(s), (int) s.offset(), (int) ld, false, sh[0] == 1 ? 0 : st[0]);
        }
        if (st[1] == 1 || rows == 1) {
            long ld = cols <= 1 ? Math.max(rows, 1) : st[2];
            if (ld >= Math.max(rows, 1)) return new Mat(arr(s), (int) s.offset(), (int) ld, true, sh[0] == 1 ? 0 : st[0]);
        }
        CpuStorage packed = CpuStorage.allocate(s.dtype(), (int) (sh[0] * rows * cols));
        Strided dst = new Strided(packed, sh, new long[] {rows * cols, cols, 1}, 0);
        CpuCopy.copy(dst, s);
        return new Mat(packed.array(), 0, (int) Math.max(cols, 1), false, rows * cols);
    }

    private static void longBmm(Strided out, Strided a, Strided b, int batch, int m, int n, int k) {
        long[] y = (long[]) arr(out), p = (long[]) arr(a), q = (long[]) arr(b);
        long[] as = a.strides(), bs = b.strides();
        int base = (int) out.offset();
        Parallel.parallelFor(0, (long) batch * m, Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, (long) n * k)), (lo, hi) -> {
            for (long r = lo; r < hi; r++) {
                long bi = r / m, i = r % m;
                long aRow = a.offset() + bi * as[0] + i * as[1];
                long bMat = b.offset() + bi * bs[0];
                for (int j = 0; j < n; j++) {
                    long acc = 0;
                    for (int l = 0; l < k; l++) acc += p[(int) (aRow + l * as[2])] * q[(int) (bMat + l * bs[1] + j * bs[2])];
                    y[(int) (base + r * n + j)] = acc;
                }
            }
        });
    }
}
