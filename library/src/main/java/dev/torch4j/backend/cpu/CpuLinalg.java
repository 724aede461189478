package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.LinalgKernels;
import dev.torch4j.backend.Strided;

/**
 * {@link LinalgKernels} on the CPU: each matrix of a batch is copied into a {@code double[]} and handed to
 * {@link Lapack} when OpenBLAS provides it (and {@code torch4j.blas} / {@code TORCH4J_BLAS} do not ask for Java),
 * else to {@link JavaLapack}.
 */
final class CpuLinalg implements LinalgKernels {
    static final CpuLinalg INSTANCE = new CpuLinalg();

    /** Tests set this to run the Java fallback on a machine that has OpenBLAS. */
    static volatile boolean forceJava;

    private CpuLinalg() {}

    static DenseSolver solver() {
        return !forceJava && Gemm.usesNative() && Lapack.INSTANCE != null ? Lapack.INSTANCE : JavaLapack.INSTANCE;
    }

    /** Runs a whole batch where its solver can run: LAPACK on its own thread (see {@link Lapack#run}). */
    private static <T> T run(Object s, java.util.function.Supplier<T> body) {
        return s instanceof Lapack || s instanceof ComplexLapack ? Lapack.run(body) : body.get();
    }

    /**
     * Below this order LU, Cholesky, QR and triangular solves run in Java even when LAPACK is there: the same
     * algorithms with the same pivots and signs, without a native call per matrix (a batch of 10,000 3x3 inverses
     * took 100 ms through LAPACK, 9 ms in Java). Eigen and singular vectors always come from LAPACK when it is there,
     * so their signs do not depend on the size.
     */
    static final int SMALL = 16;

    private static DenseSolver solverFor(int rows, int cols) {
        return Math.max(rows, cols) <= SMALL ? JavaLapack.INSTANCE : solver();
    }

    /**
     * One [rows, cols] matrix of a contiguous batch, copied out and back in the tensor's precision; {@code width} 2 for
     * the real view {@code [..., rows, cols, 2]} of a complex batch (interleaved parts).
     */
    private record Mats(Strided s, int rows, int cols, int width) {
        static Mats of(Strided s) {
            int d = s.ndim();
            return new Mats(s, Math.toIntExact(s.shape()[d - 2]), Math.toIntExact(s.shape()[d - 1]), 1);
        }

        static Mats ofComplex(Strided s) {
            int d = s.ndim();
            return new Mats(s, Math.toIntExact(s.shape()[d - 3]), Math.toIntExact(s.shape()[d - 2]), 2);
        }

        int size() { return rows * cols * width; }

        Object alloc() { return s.dtype() == DType.FLOAT32 ? new float[size()] : new double[size()]; }

        Object read(int b) {
            Object out = alloc();
            System.arraycopy(CpuBackend.arr(s), Math.toIntExact(s.offset() + (long) b * size()), out, 0, size());
            return out;
        }

        void write(int b, Object v) {
            System.arraycopy(v, 0, CpuBackend.arr(s), Math.toIntExact(s.offset() + (long) b * size()), size());
        }
    }

    /** A new array of {@code len} elements of s's precision. */
    private static Object vector(Strided s, int len) { return s.dtype() == DType.FLOAT32 ? new float[len] : new double[len]; }

    /** The number of matrices in a batch whose matrices may be empty (shape [..., 0, n]). */
    private static int count(Strided s) { return count(s, 2); }

    /** The number of matrices of a batch whose last {@code matrixDims} dims are one matrix. */
    private static int count(Strided s, int matrixDims) {
        long n = 1;
        for (int d = 0; d < s.ndim() - matrixDims; d++) n *= s.shape()[d];
        return Math.toIntExact(n);
    }

    // ---- complex batches: the real views of complex tensors, one interleaved matrix at a time

    static ComplexSolver complexSolver() {
        return !forceJava && Gemm.usesNative() && ComplexLapack.INSTANCE != null ? ComplexLapack.INSTANCE : JavaComplexLapack.INSTANCE;
    }

    /** As {@link #solverFor}: small matrices in Java. */
    private static ComplexSolver complexSolverFor(int rows, int cols) {
        return Math.max(rows, cols) <= SMALL ? JavaComplexLapack.INSTANCE : complexSolver();
    }

    @Override
    public int[] luComplex(Strided a, Strided pivots) {
        Mats A = Mats.ofComplex(a);
        ComplexSolver s = complexSolverFor(A.rows, A.cols);
        return run(s, () -> luBatch(A, count(a, 3), pivots, (m, piv) -> s.lu(m, A.rows, A.cols, piv)));
    }

    @Override
    public int[] solveComplex(Strided a, Strided b) {
        Mats A = Mats.ofComplex(a), B = Mats.ofComplex(b);
        ComplexSolver s = complexSolverFor(A.rows, A.cols);
        return run(s, () -> solveBatch(A, B, count(a, 3), (m, x) -> s.solve(m, A.rows, x, B.cols)));
    }

    @Override
    public int[] choleskyComplex(Strided a, boolean upper) {
        Mats A = Mats.ofComplex(a);
        ComplexSolver s = complexSolverFor(A.rows, A.cols);
        return run(s, () -> inPlaceBatch(A, count(a, 3), m -> s.cholesky(m, A.rows, upper)));
    }

    @Override
    public void solveTriangularComplex(Strided a, Strided b, boolean upper, boolean unitDiagonal) {
        Mats A = Mats.ofComplex(a), B = Mats.ofComplex(b);
        ComplexSolver s = complexSolverFor(A.rows, B.cols);
        run(s, () -> solveBatch(A, B, count(b, 3), (m, x) -> {
            s.solveTriangular(m, A.rows, x, B.cols, upper, unitDiagonal);
            return 0;
        }));
    }

    @Override
    public void qrComplex(Strided a, Strided q, Strided r) {
        Mats A = Mats.ofComplex(a), R = Mats.ofComplex(r), Q = q == null ? null : Mats.ofComplex(q);
        ComplexSolver s = complexSolverFor(A.rows, A.cols);
        run(s, () -> qrBatch(A, Q, R, count(a, 3), s::qr));
    }

    /** A solver's qr on one matrix (see {@link DenseSolver#qr}). */
    private interface QrCall { void run(Object a, int m, int n, Object q, int kq, Object r, int kr); }

    /** qr over a batch, real or complex: R (and Q when wanted) written back into their batches. */
    private static Void qrBatch(Mats A, Mats Q, Mats R, int n, QrCall call) {
        for (int b = 0; b < n; b++) {
            Object rm = R.alloc(), qm = Q == null ? null : Q.alloc();
            call.run(A.read(b), A.rows, A.cols, qm, Q == null ? 0 : Q.cols, rm, R.rows);
            R.write(b, rm);
            if (Q != null) Q.write(b, qm);
        }
        return null;
    }

    @Override
    public void geqrfComplex(Strided a, Strided tau) {
        Mats A = Mats.ofComplex(a);
        ComplexSolver s = complexSolverFor(A.rows, A.cols);
        run(s, () -> geqrfBatch(A, count(a, 3), tau, 2 * Math.min(A.rows, A.cols), s::geqrf));
    }

    /** A solver's geqrf on one matrix: reflectors in place, their scalars into {@code tau}. */
    private interface GeqrfCall { void run(Object m, int rows, int cols, Object tau); }

    /** geqrf over a batch, real or complex: {@code k} values of tau per matrix (2 per reflector when complex). */
    private static Void geqrfBatch(Mats A, int n, Strided tau, int k, GeqrfCall call) {
        Object t = CpuBackend.arr(tau);
        for (int b = 0; b < n; b++) {
            Object m = A.read(b), tb = vector(tau, k);
            call.run(m, A.rows, A.cols, tb);
            A.write(b, m);
            System.arraycopy(tb, 0, t, Math.toIntExact(tau.offset() + (long) b * k), k);
        }
        return null;
    }

    @Override
    public int[] eighComplex(Strided a, Strided w, boolean upper, boolean vectors) {
        ComplexSolver s = complexSolver();
        return run(s, () -> eighBatch(Mats.ofComplex(a), count(a, 3), w, vectors, (m, order, vals) -> s.eigh(m, order, upper, vals, vectors)));
    }

    @Override
    public int[] eigComplex(Strided a, Strided w, Strided v) {
        ComplexSolver s = complexSolver();
        return run(s, () -> eigBatch(Mats.ofComplex(a), count(a, 3), w, v, s::eig));
    }

    @Override
    public int[] svdComplex(Strided a, Strided u, Strided sv, Strided vh) {
        ComplexSolver s = complexSolver();
        return run(s, () -> svdBatch(Mats.ofComplex(a), u == null ? null : Mats.ofComplex(u), vh == null ? null : Mats.ofComplex(vh),
                count(a, 3), sv, s::svd));
    }

    /** A solver's eigh on one matrix: {@code m} [order, order] (vectors in place), eigenvalues into {@code vals}. */
    private interface EighCall { int run(Object m, int order, Object vals); }

    /** A solver's eig on one matrix: eigenvalues and (when {@code vecs} is not null) vectors, interleaved complex. */
    private interface EigCall { int run(Object m, int order, Object vals, Object vecs); }

    /** A solver's svd on one matrix (see {@link DenseSolver#svd}). */
    private interface SvdCall { int run(Object a, int m, int n, Object u, int ku, Object s, Object vh, int kv); }

    /** eigh over a batch, real or complex: the eigenvalues (real either way) into w, the vectors back into A. */
    private static int[] eighBatch(Mats A, int n, Strided w, boolean vectors, EighCall call) {
        int order = A.rows;
        int[] info = new int[n];
        Object wArr = CpuBackend.arr(w);
        for (int b = 0; b < n && order > 0; b++) {
            Object m = A.read(b), vals = vector(w, order);
            info[b] = call.run(m, order, vals);
            if (vectors) A.write(b, m);
            System.arraycopy(vals, 0, wArr, Math.toIntExact(w.offset() + (long) b * order), order);
        }
        return info;
    }

    /** eig over a batch: complex eigenvalues (and vectors) as interleaved parts into w (and v). */
    private static int[] eigBatch(Mats A, int n, Strided w, Strided v, EigCall call) {
        int order = A.rows;
        int[] info = new int[n];
        Object wArr = CpuBackend.arr(w), vArr = v == null ? null : CpuBackend.arr(v);
        for (int b = 0; b < n && order > 0; b++) {
            Object vals = vector(w, 2 * order), vecs = v == null ? null : vector(v, 2 * order * order);
            info[b] = call.run(A.read(b), order, vals, vecs);
            System.arraycopy(vals, 0, wArr, Math.toIntExact(w.offset() + 2L * b * order), 2 * order);
            if (v != null) System.arraycopy(vecs, 0, vArr, Math.toIntExact(v.offset() + 2L * b * order * order), 2 * order * order);
        }
        return info;
    }

    /** svd over a batch, real or complex: singular values into sv, U and Vh (when wanted) back into their batches. */
    private static int[] svdBatch(Mats A, Mats U, Mats V, int n, Strided sv, SvdCall call) {
        int k = Math.min(A.rows, A.cols);
        int[] info = new int[n];
        Object sArr = CpuBackend.arr(sv);
        for (int b = 0; b < n; b++) {
            Object vals = vector(sv, k);
            Object um = U == null ? null : U.alloc(), vm = V == null ? null : V.alloc();
            info[b] = call.run(A.read(b), A.rows, A.cols, um, U == null ? 0 : U.cols, vals, vm, V == null ? 0 : V.rows);
            System.arraycopy(vals, 0, sArr, Math.toIntExact(sv.offset() + (long) b * k), k);
            if (U != null) {
                U.write(b, um);
                V.write(b, vm);
            }
        }
        return info;
    }

    @Override
    public int[] lu(Strided a, Strided pivots) {
        Mats A = Mats.of(a);
        DenseSolver s = solverFor(A.rows, A.cols);
        return run(s, () -> luBatch(A, count(a), pivots, (m, piv) -> s.lu(m, A.rows, A.cols, piv)));
    }

    @Override
    public int[] solve(Strided a, Strided b) {
        Mats A = Mats.of(a), B = Mats.of(b);
        DenseSolver s = solverFor(A.rows, A.cols);
        return run(s, () -> solveBatch(A, B, count(a), (m, x) -> s.solve(m, A.rows, x, B.cols)));
    }

    @Override
    public int[] cholesky(Strided a, boolean upper) {
        Mats A = Mats.of(a);
        DenseSolver s = solverFor(A.rows, A.cols);
        return run(s, () -> inPlaceBatch(A, count(a), m -> s.cholesky(m, A.rows, upper)));
    }

    /** LU of each matrix of A in place, its pivots into {@code pivots} ({@code [count, min(rows, cols)]}). */
    private static int[] luBatch(Mats A, int n, Strided pivots, java.util.function.ToIntBiFunction<Object, int[]> lu) {
        int k = Math.min(A.rows, A.cols);
        int[] info = new int[n], piv = new int[k], out = (int[]) CpuBackend.arr(pivots);
        for (int b = 0; b < n && A.size() > 0; b++) {
            Object m = A.read(b);
            info[b] = lu.applyAsInt(m, piv);
            A.write(b, m);
            System.arraycopy(piv, 0, out, (int) pivots.offset() + b * k, k);
        }
        return info;
    }

    /** {@code solve(a_i, x_i)} for each pair of matrices, x (read from B) overwritten and written back. */
    private static int[] solveBatch(Mats A, Mats B, int n, java.util.function.ToIntBiFunction<Object, Object> solve) {
        int[] info = new int[n];
        for (int i = 0; i < n && A.size() > 0 && B.size() > 0; i++) {
            Object x = B.read(i);
            info[i] = solve.applyAsInt(A.read(i), x);
            B.write(i, x);
        }
        return info;
    }

    /** {@code f} on each matrix of A in place. */
    private static int[] inPlaceBatch(Mats A, int n, java.util.function.ToIntFunction<Object> f) {
        int[] info = new int[n];
        for (int b = 0; b < n && A.size() > 0; b++) {
            Object m = A.read(b);
            info[b] = f.applyAsInt(m);
            A.write(b, m);
        }
        return info;
    }

    @Override
    public int[] ldl(Strided a, Strided pivots) {
        Mats A = Mats.of(a);
        DenseSolver s = solverFor(A.rows, A.cols);
        return run(s, () -> luBatch(A, count(a), pivots, (m, piv) -> s.ldl(m, A.rows, piv)));
    }

    @Override
    public void ldlSolve(Strided a, Strided pivots, Strided b) {
        Mats A = Mats.of(a), B = Mats.of(b);
        DenseSolver s = solverFor(A.rows, A.cols);
        int n = A.rows, off = Math.toIntExact(pivots.offset());
        int[] all = (int[]) CpuBackend.arr(pivots);
        run(s, () -> {
            for (int i = 0, c = count(a); i < c && A.size() > 0 && B.size() > 0; i++) {
                Object x = B.read(i);
                int[] piv = java.util.Arrays.copyOfRange(all, off + i * n, off + (i + 1) * n);
                checkLdlPivots(piv);
                s.ldlSolve(A.read(i), n, piv, x, B.cols);
                B.write(i, x);
            }
            return null;
        });
    }

    /**
     * sytrs trusts its pivots: one out of range would make LAPACK write outside B. PyTorch passes them on unchecked;
     * here they must be what sytrf can return (1..n, a 2x2 block's two entries equal and negative).
     */
    private static void checkLdlPivots(int[] piv) {
        int n = piv.length;
        for (int k = 0; k < n; k++) {
            int p = piv[k];
            boolean ok = p > 0 ? p >= k + 1 && p <= n
                    : p < 0 && k + 1 < n && piv[k + 1] == p && -p >= k + 2 && -p <= n;
            if (!ok) {
                throw new IllegalArgumentException("torch.linalg.ldl_solve: pivots " + java.util.Arrays.toString(piv)
                        + " are not LAPACK sytrf's (1-based, each at or after its row, a 2x2 block's two entries equal and negative); "
                        + "pass the pivots of linalg.ldl_factor");
            }
            if (p < 0) k++;
        }
    }

    @Override
    public void qr(Strided a, Strided q, Strided r) {
        Mats A = Mats.of(a), R = Mats.of(r), Q = q == null ? null : Mats.of(q);
        DenseSolver s = solverFor(A.rows, A.cols);
        run(s, () -> qrBatch(A, Q, R, count(a), s::qr));
    }

    @Override
    public void geqrf(Strided a, Strided tau) {
        Mats A = Mats.of(a);
        DenseSolver s = solverFor(A.rows, A.cols);
        run(s, () -> geqrfBatch(A, count(a), tau, Math.min(A.rows, A.cols), s::geqrf));
    }

    @Override
    public int[] eigh(Strided a, Strided w, boolean upper, boolean vectors) {
        DenseSolver s = solver();
        return run(s, () -> eighBatch(Mats.of(a), count(a), w, vectors, (m, order, vals) -> s.eigh(m, order, upper, vals, vectors)));
    }

    @Override
    public int[] eig(Strided a, Strided w, Strided v) {
        DenseSolver s = solver();
        return run(s, () -> eigBatch(Mats.of(a), count(a), w, v, s::eig));
    }

    @Override
    public int[] svd(Strided a, Strided u, Strided sv, Strided vh) {
        DenseSolver s = solver();
        return run(s, () -> svdBatch(Mats.of(a), u == null ? null : Mats.of(u), vh == null ? null : Mats.of(vh), count(a), sv, s::svd));
    }

    @Override
    public void solveTriangular(Strided a, Strided b, boolean upper, boolean unitDiagonal) {
        Mats A = Mats.of(a), B = Mats.of(b);
        DenseSolver s = solverFor(A.rows, B.cols);
        run(s, () -> solveBatch(A, B, count(b), (m, x) -> {
            s.solveTriangular(m, A.rows, x, B.cols, upper, unitDiagonal);
            return 0;
        }));
    }
}
