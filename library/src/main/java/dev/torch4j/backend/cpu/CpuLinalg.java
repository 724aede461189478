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
    private static <T> T run(DenseSolver s, java.util.function.Supplier<T> body) {
        return s instanceof Lapack ? Lapack.run(body) : body.get();
    }

    /** One [rows, cols] matrix of a contiguous batch, read and written as doubles. */
    private record Mats(Strided s, int rows, int cols) {
        static Mats of(Strided s) {
            int d = s.ndim();
            return new Mats(s, Math.toIntExact(s.shape()[d - 2]), Math.toIntExact(s.shape()[d - 1]));
        }

        int size() { return rows * cols; }

        boolean single() { return s.dtype() == DType.FLOAT32; }

        double[] read(int b) {
            double[] out = new double[size()];
            long base = s.offset() + (long) b * size();
            Object arr = CpuBackend.arr(s);
            if (arr instanceof float[] f) for (int i = 0; i < out.length; i++) out[i] = f[(int) (base + i)];
            else System.arraycopy((double[]) arr, (int) base, out, 0, out.length);
            return out;
        }

        void write(int b, double[] v) {
            long base = s.offset() + (long) b * size();
            Object arr = CpuBackend.arr(s);
            if (arr instanceof float[] f) for (int i = 0; i < size(); i++) f[(int) (base + i)] = (float) v[i];
            else System.arraycopy(v, 0, (double[]) arr, (int) base, size());
        }
    }

    /** The number of matrices in a batch whose matrices may be empty (shape [..., 0, n]). */
    private static int count(Strided s) {
        long n = 1;
        for (int d = 0; d < s.ndim() - 2; d++) n *= s.shape()[d];
        return Math.toIntExact(n);
    }

    @Override
    public int[] lu(Strided a, Strided pivots) {
        DenseSolver s = solver();
        return run(s, () -> {
            Mats A = Mats.of(a);
            int k = Math.min(A.rows, A.cols), n = count(a);
            int[] info = new int[n], piv = new int[k], out = (int[]) CpuBackend.arr(pivots);
            for (int b = 0; b < n && A.size() > 0; b++) {
                double[] m = A.read(b);
                info[b] = s.lu(m, A.rows, A.cols, piv, A.single());
                A.write(b, m);
                System.arraycopy(piv, 0, out, (int) pivots.offset() + b * k, k);
            }
            return info;
        });
    }

    @Override
    public int[] cholesky(Strided a, boolean upper) {
        DenseSolver s = solver();
        return run(s, () -> {
            Mats A = Mats.of(a);
            int n = count(a);
            int[] info = new int[n];
            for (int b = 0; b < n && A.size() > 0; b++) {
                double[] m = A.read(b);
                info[b] = s.cholesky(m, A.rows, upper, A.single());
                A.write(b, m);
            }
            return info;
        });
    }

    @Override
    public void qr(Strided a, Strided q, Strided r) {
        DenseSolver s = solver();
        run(s, () -> {
            Mats A = Mats.of(a), R = Mats.of(r), Q = q == null ? null : Mats.of(q);
            int n = count(a);
            for (int b = 0; b < n; b++) {
                double[] rm = new double[R.size()], qm = Q == null ? null : new double[Q.size()];
                s.qr(A.read(b), A.rows, A.cols, qm, Q == null ? 0 : Q.cols, rm, R.rows, A.single());
                R.write(b, rm);
                if (Q != null) Q.write(b, qm);
            }
            return null;
        });
    }

    @Override
    public int[] eigh(Strided a, Strided w, boolean upper, boolean vectors) {
        DenseSolver s = solver();
        return run(s, () -> {
            Mats A = Mats.of(a);
            int n = count(a), order = A.rows;
            int[] info = new int[n];
            Object wArr = CpuBackend.arr(w);
            for (int b = 0; b < n && order > 0; b++) {
                double[] m = A.read(b), vals = new double[order];
                info[b] = s.eigh(m, order, upper, vals, vectors, A.single());
                if (vectors) A.write(b, m);
                writeVector(wArr, (int) w.offset() + b * order, vals);
            }
            return info;
        });
    }

    @Override
    public int[] svd(Strided a, Strided u, Strided sv, Strided vh) {
        DenseSolver s = solver();
        return run(s, () -> {
            Mats A = Mats.of(a), U = u == null ? null : Mats.of(u), V = vh == null ? null : Mats.of(vh);
            int n = count(a), k = Math.min(A.rows, A.cols);
            int[] info = new int[n];
            Object sArr = CpuBackend.arr(sv);
            for (int b = 0; b < n; b++) {
                double[] vals = new double[k], um = U == null ? null : new double[U.size()], vm = V == null ? null : new double[V.size()];
                info[b] = s.svd(A.read(b), A.rows, A.cols, um, U == null ? 0 : U.cols, vals, vm, V == null ? 0 : V.rows, A.single());
                writeVector(sArr, (int) sv.offset() + b * k, vals);
                if (U != null) {
                    U.write(b, um);
                    V.write(b, vm);
                }
            }
            return info;
        });
    }

    private static void writeVector(Object arr, int at, double[] v) {
        if (arr instanceof float[] f) for (int i = 0; i < v.length; i++) f[at + i] = (float) v[i];
        else System.arraycopy(v, 0, (double[]) arr, at, v.length);
    }

    @Override
    public void solveTriangular(Strided a, Strided b, boolean upper, boolean unitDiagonal) {
        DenseSolver s = solver();
        run(s, () -> {
            Mats A = Mats.of(a), B = Mats.of(b);
            int n = count(b);
            for (int i = 0; i < n && B.size() > 0; i++) {
                double[] x = B.read(i);
                s.solveTriangular(A.read(i), A.rows, x, B.cols, upper, unitDiagonal, A.single());
                B.write(i, x);
            }
            return null;
        });
    }
}
