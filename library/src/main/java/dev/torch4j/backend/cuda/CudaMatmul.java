package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

/**
 * Batched matmul on the GPU through cuBLAS. cuBLAS is column-major, and a row-major matrix is its transpose seen
 * column-major, so {@code C = A B} is computed as {@code C^T = B^T A^T}: the operands swap places and keep their
 * own transpose flags. An operand with a unit stride in either matrix dim goes as it is (a transposed view is just
 * the other cuBLAS layout; batch stride anything, 0 included); anything else is packed into a scratch buffer first.
 */
final class CudaMatmul {
    private CudaMatmul() {}

    /** A [batch, rows, cols] operand as cuBLAS sees it: row-major ({@code trans == false}) or transposed. */
    private record Mat(long ptr, int ld, boolean trans, long batchStride) {}

    /**
     * {@code out [B, M, N] = a [B, M, K] x b [B, K, N]}, any strides; float32, float64, or float16/bfloat16 summed in
     * float32 and rounded once.
     */
    static void bmm(Strided out, Strided a, Strided b) {
        DType t = out.dtype();
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException("bmm: no CUDA kernel for dtype " + t + " (floating dtypes only)");
        }
        if (a.dtype() != t || b.dtype() != t) {
            throw new IllegalArgumentException("bmm: operand dtypes " + a.dtype() + ", " + b.dtype() + " differ from out's " + t);
        }
        long[] os = out.shape();
        long batch = os[0], m = os[1], n = os[2], k = a.shape()[2];
        if (batch == 0 || m == 0 || n == 0) return;
        int device = Cuda.device(out);
        if (k == 0) {
            zero(device, out);
            return;
        }
        checkInt("batch", batch);
        checkInt("M", m);
        checkInt("N", n);
        checkInt("K", k);
        List<CudaStorage> scratch = new ArrayList<>();
        try {
            Mat ma = matrix(device, a, scratch), mb = matrix(device, b, scratch);
            long[] ost = out.strides();
            long ldc = m <= 1 ? n : ost[1];
            boolean direct = (ost[2] == 1 || n == 1) && ldc >= n && ldc <= Integer.MAX_VALUE
                    && (batch == 1 || ost[0] >= (m - 1) * ldc + n);
            Strided c = out;
            if (!direct) {
                // interleaved, overlapping or column-major out: compute contiguous, then copy
                CudaStorage s = CudaStorage.allocate(device, t, batch * m * n, false);
                scratch.add(s);
                c = new Strided(s, os, new long[] {m * n, n, 1}, 0);
                ldc = n;
            }
            long strideC = batch == 1 ? 0 : c.strides()[0];
            Cublas.gemmStridedBatched(device, t, mb.trans ? Cublas.OP_T : Cublas.OP_N, ma.trans ? Cublas.OP_T : Cublas.OP_N,
                    (int) n, (int) m, (int) k, mb.ptr, mb.ld, mb.batchStride, ma.ptr, ma.ld, ma.batchStride,
                    Cuda.ptr(c), (int) ldc, strideC, (int) batch);
            if (!direct) CudaElementwise.copy(out, c);
        } finally {
            for (CudaStorage s : scratch) s.release();
            // a's address is taken before b's packed copy may allocate (KernelSpec's Note [reachable operands])
            Reference.reachabilityFence(a);
            Reference.reachabilityFence(b);
            Reference.reachabilityFence(out);
        }
    }

    /**
     * {@link dev.torch4j.backend.Backend#addmm}: {@code beta * input + alpha * (a @ b)} as a new contiguous
     * {@code [B, M, N]} storage, float32/float64 (else null). A bias row (input broadcast down the rows, beta 1, one
     * matrix of more than one row and column, as PyTorch's condition for it) goes to cuBLASLt's bias epilogue: one
     * kernel. Otherwise, or when cuBLASLt declines, the input is copied into the result and one GEMM adds
     * {@code alpha * a @ b} to {@code beta} times it, as PyTorch's addmm does without cuBLASLt.
     */
    static Storage addmm(Strided input, Strided a, Strided b, double beta, double alpha) {
        DType t = a.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64 || b.dtype() != t || input.dtype() != t) return null;
        long batch = a.shape()[0], m = a.shape()[1], k = a.shape()[2], n = b.shape()[2];
        if (k == 0 || batch * m * n == 0) return null; // the composed form scales the input
        checkInt("batch", batch);
        checkInt("M", m);
        checkInt("N", n);
        checkInt("K", k);
        int device = Cuda.device(a);
        CudaStorage result = CudaStorage.allocate(device, t, batch * m * n, false);
        Strided out = new Strided(result, new long[] {batch, m, n}, new long[] {m * n, n, 1}, 0);
        List<CudaStorage> scratch = new ArrayList<>();
        boolean done = false;
        try {
            Mat ma = matrix(device, a, scratch), mb = matrix(device, b, scratch);
            int opA = ma.trans ? Cublas.OP_T : Cublas.OP_N, opB = mb.trans ? Cublas.OP_T : Cublas.OP_N;
            long[] is = input.strides();
            boolean biasRow = batch == 1 && beta == 1 && is[1] == 0 && is[2] == 1 && m > 1 && n > 1;
            // column-major, out is D = (n x m) with leading dimension n, and the bias runs down D's n rows
            if (biasRow && CublasLt.matmulBias(device, t, opB, opA, (int) n, (int) m, (int) k, alpha, mb.ptr, mb.ld,
                    ma.ptr, ma.ld, Cuda.ptr(input), result.address(), (int) n)) {
                done = true;
                return result;
            }
            CudaElementwise.copy(out, input);
            Cublas.gemmStridedBatched(device, t, opB, opA, (int) n, (int) m, (int) k, alpha, mb.ptr, mb.ld,
                    mb.batchStride, ma.ptr, ma.ld, ma.batchStride, beta, result.address(), (int) n,
                    batch == 1 ? 0 : m * n, (int) batch);
            done = true;
            return result;
        } finally {
            if (!done) result.release();
            for (CudaStorage s : scratch) s.release();
            Reference.reachabilityFence(a);
            Reference.reachabilityFence(b);
            Reference.reachabilityFence(input);
        }
    }

    /**
     * Describes operand {@code s} for cuBLAS: row-major when its column stride is 1 (leading dimension = row stride
     * &gt;= cols), transposed when its row stride is 1 (leading dimension = column stride &gt;= rows); otherwise a
     * contiguous copy (one matrix when the batch is broadcast) is made into a scratch buffer added to {@code scratch}.
     */
    private static Mat matrix(int device, Strided s, List<CudaStorage> scratch) {
        long[] sh = s.shape(), st = s.strides();
        long rows = sh[1], cols = sh[2];
        long batchStride = sh[0] == 1 ? 0 : st[0];
        if (st[2] == 1 || cols == 1) {
            long ld = rows <= 1 ? cols : st[1];
            if (ld >= cols && ld <= Integer.MAX_VALUE) return new Mat(Cuda.ptr(s), (int) ld, false, batchStride);
        }
        if (st[1] == 1 || rows == 1) {
            long ld = cols <= 1 ? rows : st[2];
            if (ld >= rows && ld <= Integer.MAX_VALUE) return new Mat(Cuda.ptr(s), (int) ld, true, batchStride);
        }
        long copies = batchStride == 0 ? 1 : sh[0];
        CudaStorage packed = CudaStorage.allocate(device, s.dtype(), copies * rows * cols, false);
        scratch.add(packed);
        Strided src = s.as(new long[] {copies, rows, cols}, st);
        CudaElementwise.copy(new Strided(packed, src.shape(), new long[] {rows * cols, cols, 1}, 0), src);
        return new Mat(packed.address(), (int) cols, false, batchStride == 0 ? 0 : rows * cols);
    }

    /** K == 0: every output element is an empty sum. */
    private static void zero(int device, Strided out) {
        long bytes = out.numel() * out.dtype().itemSize();
        if (out.isContiguous()) {
            CudaMemory.memsetAsync(Cuda.ptr(out), 0, bytes);
            Reference.reachabilityFence(out);
            return;
        }
        CudaStorage z = CudaStorage.allocate(device, out.dtype(), out.numel(), true);
        try {
            CudaElementwise.copy(out, new Strided(z, out.shape(), new long[] {out.shape()[1] * out.shape()[2], out.shape()[2], 1}, 0));
        } finally {
            z.release();
        }
    }

    private static void checkInt(String what, long v) {
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bmm: " + what + " = " + v + " exceeds cuBLAS's int range (2^31 - 1)");
        }
    }
}
