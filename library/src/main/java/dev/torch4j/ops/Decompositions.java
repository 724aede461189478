package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.backend.LinalgKernels;
import dev.torch4j.core.Shapes;

import java.util.Arrays;

/**
 * The factorizations of {@code torch.linalg} (LU, Cholesky, QR, symmetric and general eigendecomposition, SVD) and the
 * triangular and LU solves, over the CPU backend's {@link LinalgKernels}; all but LDL^T take complex matrices too
 * (through the kernels' complex forms). A tensor on another device is factorized on
 * the CPU and its results moved back (no GPU solver yet). Each public function checks its input with PyTorch's
 * messages and records its derivative ({@link DecompositionsGrad}); the {@code raw} forms compute without recording.
 */
public final class Decompositions {
    private Decompositions() {}

    // ---------------------------------------------------------------- checks

    /** PyTorch's dtype check of every linalg function: float32, float64, complex64 or complex128. */
    static void checkFloating(String op, Tensor a) {
        DType d = a.dtype();
        if (d.isComplex()) return;
        if (d == DType.FLOAT16 || d == DType.BFLOAT16) {
            throw new IllegalArgumentException(op + ": Low precision dtypes not supported. Got " + d.scalarTypeName());
        }
        if (!d.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": Expected a floating point or complex tensor as input. Got " + d.scalarTypeName());
        }
    }

    /** At least 2 dims and floating. */
    static void checkMatrix(String op, Tensor a, String name) {
        if (a.dim() < 2) {
            throw new IllegalArgumentException(op + ": The input tensor " + name + " must have at least 2 dimensions.");
        }
        checkFloating(op, a);
    }

    /** Batches of square floating matrices. */
    static void checkSquare(String op, Tensor a) {
        checkMatrix(op, a, "A");
        long r = a.size(-2), c = a.size(-1);
        if (r != c) {
            throw new IllegalArgumentException(op + ": A must be batches of square matrices, but they are " + r + " by " + c + " matrices");
        }
    }

    static void checkSameDtypeDevice(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": Expected A and B to have the same dtype, but found A of type "
                    + a.dtype().scalarTypeName() + " and B of type " + b.dtype().scalarTypeName() + " instead");
        }
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException("Expected all tensors to be on the same device, but found at least two devices, "
                    + a.device() + " and " + b.device() + "! (when checking argument for argument B in method " + op + ")");
        }
    }

    /** Refuses complex input for the factorizations without a complex kernel (LDL^T), naming the op. */
    static void checkReal(String op, Tensor a) {
        if (a.isComplex()) {
            throw new IllegalArgumentException(op + ": complex input (" + a.dtype().scalarTypeName() + ") is not supported in "
                    + "torch4j yet; real float32 and float64 matrices are");
        }
    }

    // ---------------------------------------------------------------- plumbing

    private static LinalgKernels kernels() { return Dispatch.backend(Device.CPU).linalg(); }

    /** A fresh contiguous CPU copy of t's values (detached), for a kernel to overwrite. */
    static Tensor work(Tensor t) {
        Tensor w = Dispatch.empty(t.shapeArray(), t.dtype(), Device.CPU);
        try (var g = GradMode.noGrad()) {
            w.copy_(t.detach());
        }
        return w;
    }

    static long[] withLast(Tensor t, long... last) {
        long[] s = t.shapeArray();
        long[] r = Arrays.copyOf(s, s.length - 2 + last.length);
        System.arraycopy(last, 0, r, s.length - 2, last.length);
        return r;
    }

    private static Tensor cpuEmpty(long[] shape, DType d) { return Dispatch.empty(shape, d, Device.CPU); }

    private static Tensor back(Tensor t, Device d) { return d.equals(Device.CPU) ? t : t.to(d); }

    /** What a kernel reads of a work tensor: a complex one through its real view (LAPACK's interleaved layout). */
    private static dev.torch4j.backend.Strided operand(Tensor t) { return t.isComplex() ? t.viewAsReal().strided() : t.strided(); }

    // ---------------------------------------------------------------- results

    /** LU packed in one matrix, LAPACK's 1-based pivots (int32), both on the input's device, and info per matrix. */
    record Lu(Tensor lu, Tensor pivots, int[] info) {}

    /** The solution of {@code A X = B}, info per matrix and the broadcast batch shape. */
    record Solved(Tensor x, int[] info, long[] batch) {}

    /** A triangular factor (Cholesky) and info per matrix. */
    record Factor(Tensor factor, int[] info) {}

    /** Eigenvalues, eigenvectors (null when not asked for) and info per matrix. */
    record Eigen(Tensor values, Tensor vectors, int[] info) {}

    /** U, S, Vh (U and Vh null for the values alone) and info per matrix. */
    record Svd(Tensor u, Tensor s, Tensor vh, int[] info) {}

    // ---------------------------------------------------------------- LU

    /** The LU factorization of each matrix. */
    static Lu luRaw(Tensor a) {
        long m = a.size(-2), n = a.size(-1);
        Tensor lu = work(a), piv = cpuEmpty(withLast(a, Math.min(m, n)), DType.INT32);
        int[] info = a.isComplex() ? kernels().luComplex(operand(lu), piv.strided()) : kernels().lu(lu.strided(), piv.strided());
        return new Lu(back(lu, a.device()), back(piv, a.device()), info);
    }

    /**
     * LAPACK's sytrf ('L', Bunch-Kaufman) of a's lower triangle, as PyTorch: the strict upper triangle zeroed;
     * {@code {LD, pivots}} on a's device (pivots int32 {@code [..., n]}) and info per matrix. Not recorded.
     */
    static Lu ldlRaw(Tensor a) {
        checkReal("torch.linalg.ldl_factor_ex", a);
        Tensor ld = work(a);
        try (var g = GradMode.noGrad()) {
            ld.copy_(ld.tril());
        }
        Tensor piv = cpuEmpty(withLast(a, a.size(-1)), DType.INT32);
        int[] info = kernels().ldl(ld.strided(), piv.strided());
        return new Lu(back(ld, a.device()), back(piv, a.device()), info);
    }

    /**
     * LAPACK's sytrs ('L'): X with {@code A X = B}, A given by {@link #ldlRaw}'s factors; ld, pivots and b already
     * broadcast to one batch shape. Not recorded.
     */
    static Tensor ldlSolveRaw(Tensor ld, Tensor pivots, Tensor b) {
        checkReal("torch.linalg.ldl_solve", ld);
        Tensor x = work(b), l = work(ld), p = work(pivots.to(DType.INT32));
        kernels().ldlSolve(l.strided(), p.strided(), x.strided());
        return back(x, b.device());
    }

    /**
     * The row permutation that LAPACK's 1-based interchanges {@code piv} ({@code [..., k]}) apply to n rows:
     * {@code perm[..., i]} is the row of A that becomes row i of {@code P^T A}, as int64 on the host.
     */
    static long[] permutation(int[] piv, int k, long n, int batches) {
        long[] perm = new long[Math.toIntExact(batches * n)];
        for (int b = 0; b < batches; b++) {
            int base = Math.toIntExact(b * n);
            for (int i = 0; i < n; i++) perm[base + i] = i;
            for (int i = 0; i < k; i++) {
                int j = piv[b * k + i] - 1;
                long t = perm[base + i];
                perm[base + i] = perm[base + j];
                perm[base + j] = t;
            }
        }
        return perm;
    }

    /** The permutation as an int64 index tensor shaped {@code batch + [n]} on {@code device}. */
    static Tensor permutationIndex(Tensor pivots, long n, Device device) {
        long[] ps = pivots.shapeArray();
        int k = Math.toIntExact(ps[ps.length - 1]);
        int batches = Math.toIntExact(k == 0 ? Shapes.numel(Arrays.copyOf(ps, ps.length - 1)) : pivots.numel() / k);
        long[] shape = ps.clone();
        shape[shape.length - 1] = n;
        return back(Creation.wrap(permutation(pivots.cpu().toIntArray(), k, n, batches), shape, DType.INT64), device);
    }

    /** Checks LU's pivots against the matrices they came with (as lu_solve does). */
    static void checkPivots(String op, Tensor lu, Tensor pivots) {
        if (pivots.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + ": Expected pivots to be int32, got " + pivots.dtype().scalarTypeName());
        }
        long[] expect = withLast(lu, Math.min(lu.size(-2), lu.size(-1)));
        if (!Arrays.equals(pivots.shapeArray(), expect)) {
            throw new IllegalArgumentException(op + ": Expected pivots of shape " + Shapes.str(expect) + " for LU of shape "
                    + Shapes.str(lu.shapeArray()) + ", got " + Shapes.str(pivots.shapeArray()));
        }
    }

    /** Rows of {@code b} ({@code [..., n, k]}) permuted to {@code P^T b} ({@code inverse}: back to {@code P b}). */
    static Tensor permuteRows(Tensor b, Tensor perm, boolean inverse) {
        Tensor idx = perm;
        if (inverse) idx = perm.argsort(-1);
        idx = idx.unsqueeze(-1).expand(b.shapeArray());
        return b.gather(-2, idx);
    }

    /** {@code A X = B} (B a matrix batch), batch dims broadcast, without recording. */
    static Solved solveRaw(Tensor a, Tensor b) {
        long[] batch = Shapes.broadcast("linalg.solve", batchOf(a), batchOf(b));
        Tensor aa = work(a.expand(concat(batch, a.size(-2), a.size(-1))));
        Tensor x = work(b.expand(concat(batch, b.size(-2), b.size(-1))));
        int[] info = a.isComplex() ? kernels().solveComplex(operand(aa), operand(x)) : kernels().solve(aa.strided(), x.strided());
        return new Solved(back(x, b.device()), info, batch);
    }

    // ---------------------------------------------------------------- triangular solve

    /** {@code A^-1 B} for A triangular, batch dims broadcast, without recording; a and b checked by the caller. */
    static Tensor solveTriangularRaw(Tensor a, Tensor b, boolean upper, boolean unit) {
        long[] batch = Shapes.broadcast("linalg.solve_triangular", batchOf(a), batchOf(b));
        Tensor aa = work(a.expand(concat(batch, a.size(-2), a.size(-1))));
        Tensor x = work(b.expand(concat(batch, b.size(-2), b.size(-1))));
        if (a.isComplex()) kernels().solveTriangularComplex(operand(aa), operand(x), upper, unit);
        else kernels().solveTriangular(aa.strided(), x.strided(), upper, unit);
        return back(x, b.device());
    }

    static long[] batchOf(Tensor t) {
        long[] s = t.shapeArray();
        return Arrays.copyOf(s, s.length - 2);
    }

    static long[] concat(long[] batch, long... tail) {
        long[] r = Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, r, batch.length, tail.length);
        return r;
    }

    // ---------------------------------------------------------------- Cholesky, QR, eigh, SVD

    /** The Cholesky factor (lower, or upper with {@code upper}) and LAPACK's info per matrix. */
    static Factor choleskyRaw(Tensor a, boolean upper) {
        Tensor l = work(a);
        int[] info = a.isComplex() ? kernels().choleskyComplex(operand(l), upper) : kernels().cholesky(l.strided(), upper);
        return new Factor(back(l, a.device()), info);
    }

    /**
     * {@code {Q, R}} (Q null for mode "r") of a's matrices; mode "reduced", "complete" or "r". Complex R has a real
     * diagonal, as LAPACK's zgeqrf makes it.
     */
    static Tensor[] qrRaw(Tensor a, String mode) {
        long m = a.size(-2), n = a.size(-1), k = Math.min(m, n);
        long kq = mode.equals("complete") ? m : k;
        Tensor q = mode.equals("r") ? null : cpuEmpty(withLast(a, m, kq), a.dtype());
        Tensor r = cpuEmpty(withLast(a, kq, n), a.dtype());
        if (m > 0 && n > 0) {
            Tensor w = work(a);
            if (a.isComplex()) kernels().qrComplex(operand(w), q == null ? null : operand(q), operand(r));
            else kernels().qr(w.strided(), q == null ? null : q.strided(), r.strided());
        } else if (q != null && m > 0) {
            q.copy_(Creation.eye(m, kq, a.dtype(), Device.CPU).expand(q.shapeArray()));
        }
        return new Tensor[] {q == null ? null : back(q, a.device()), back(r, a.device())};
    }

    /** LAPACK's geqrf: {@code {reflectors and R, tau}} (not recorded; callers add the node). */
    static Tensor[] geqrfRaw(Tensor a) {
        long m = a.size(-2), n = a.size(-1), k = Math.min(m, n);
        Tensor w = work(a), tau = cpuEmpty(withLast(a, k), a.dtype());
        if (m > 0 && n > 0) {
            if (a.isComplex()) kernels().geqrfComplex(operand(w), operand(tau));
            else kernels().geqrf(w.strided(), tau.strided());
        }
        return new Tensor[] {back(w, a.device()), back(tau, a.device())};
    }

    /**
     * The eigendecomposition of symmetric (or complex Hermitian) matrices, vectors null without {@code vectors}; the
     * eigenvalues are real (float32 or float64, also for complex64 and complex128 input).
     */
    static Eigen eighRaw(Tensor a, boolean upper, boolean vectors) {
        Tensor v = work(a), w = cpuEmpty(withLast(a, a.size(-1)), a.dtype().toReal());
        int[] info = a.isComplex() ? kernels().eighComplex(operand(v), w.strided(), upper, vectors)
                : kernels().eigh(v.strided(), w.strided(), upper, vectors);
        return new Eigen(back(w, a.device()), vectors ? back(v, a.device()) : null, info);
    }

    /**
     * The eigendecomposition of general matrices: complex eigenvalues {@code [..., n]} and unit eigenvectors
     * {@code [..., n, n]} (null without {@code vectors}) of the complex dtype that matches a's (a's own when complex).
     */
    static Eigen eigRaw(Tensor a, boolean vectors) {
        long n = a.size(-1);
        DType c = a.dtype().toComplex();
        Tensor w = cpuEmpty(withLast(a, n), c), v = vectors ? cpuEmpty(a.shapeArray(), c) : null;
        dev.torch4j.backend.Strided ws = w.viewAsReal().strided(), vs = vectors ? v.viewAsReal().strided() : null;
        int[] info = a.isComplex() ? kernels().eigComplex(operand(work(a)), ws, vs) : kernels().eig(work(a).strided(), ws, vs);
        return new Eigen(back(w, a.device()), vectors ? back(v, a.device()) : null, info);
    }

    /** The SVD, U and Vh null without {@code vectors}; {@code full} asks for square U and Vh. S is real for complex input. */
    static Svd svdRaw(Tensor a, boolean vectors, boolean full) {
        long m = a.size(-2), n = a.size(-1), k = Math.min(m, n);
        Tensor s = cpuEmpty(withLast(a, k), a.dtype().toReal());
        Tensor u = vectors ? cpuEmpty(withLast(a, m, full ? m : k), a.dtype()) : null;
        Tensor vh = vectors ? cpuEmpty(withLast(a, full ? n : k, n), a.dtype()) : null;
        int[] info = new int[0];
        if (k > 0) {
            Tensor w = work(a);
            info = a.isComplex()
                    ? kernels().svdComplex(operand(w), vectors ? operand(u) : null, s.strided(), vectors ? operand(vh) : null)
                    : kernels().svd(w.strided(), vectors ? u.strided() : null, s.strided(), vectors ? vh.strided() : null);
        } else if (vectors) {  // an empty matrix: U and Vh are identities (of the sizes that are not 0)
            u.copy_(Creation.eye(m, u.size(-1), a.dtype(), Device.CPU).expand(u.shapeArray()));
            vh.copy_(Creation.eye(vh.size(-2), n, a.dtype(), Device.CPU).expand(vh.shapeArray()));
        }
        Device d = a.device();
        return new Svd(vectors ? back(u, d) : null, back(s, d), vectors ? back(vh, d) : null, info);
    }

    /**
     * Throws for the first nonzero info of a batch, in PyTorch's form {@code op: (Batch element b): detail}, the
     * batch part only for batched inputs.
     */
    static void throwIfFailed(String op, Tensor a, int[] info, java.util.function.IntFunction<String> detail) {
        throwIfFailed(op, a.dim() > 2, info, detail);
    }

    /** As above, {@code batched} saying whether the input had batch dims. */
    static void throwIfFailed(String op, boolean batched, int[] info, java.util.function.IntFunction<String> detail) {
        for (int b = 0; b < info.length; b++) {
            if (info[b] == 0) continue;
            String batch = batched ? ": (Batch element " + b + ")" : "";
            throw new IllegalArgumentException(op + batch + ": " + detail.apply(info[b]));
        }
    }

    static boolean recording(Tensor... ts) { return Graph.isRecording(ts); }
}
