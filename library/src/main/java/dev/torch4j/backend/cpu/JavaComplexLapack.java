package dev.torch4j.backend.cpu;

import static dev.torch4j.backend.cpu.JavaLapack.back;
import static dev.torch4j.backend.cpu.JavaLapack.wide;

/**
 * The complex factorizations in plain Java, in double, over interleaved arrays (element (i, j) of an [m, n] matrix at
 * {@code 2 * (i * n + j)}, its imaginary part next): LU with LAPACK's partial pivoting (the pivot is the largest
 * {@code |re| + |im|} of the column, as izamax chooses it, so the pivots are zgetrf's), Cholesky of Hermitian matrices
 * ({@code A = L L^H} with a real positive diagonal), and substitution for triangular systems.
 */
final class JavaComplexLapack implements ComplexSolver {
    static final JavaComplexLapack INSTANCE = new JavaComplexLapack();

    private JavaComplexLapack() {}

    @Override
    public int lu(Object a, int m, int n, int[] piv) {
        double[] d = wide(a);
        int info = lu(d, m, n, piv);
        back(d, a);
        return info;
    }

    @Override
    public int solve(Object a, int n, Object b, int k) {
        double[] da = wide(a), db = wide(b);
        int[] piv = new int[n];
        int info = lu(da, n, n, piv);
        if (info != 0) return info;
        for (int i = 0; i < n; i++) {  // the row interchanges, in order, on B
            if (piv[i] - 1 != i) JavaLapack.swapRows(db, 2 * k, i, piv[i] - 1);
        }
        solveTriangular(da, n, db, k, false, true);
        solveTriangular(da, n, db, k, true, false);
        back(db, b);
        return 0;
    }

    @Override
    public int cholesky(Object a, int n, boolean upper) {
        double[] d = wide(a);
        int info = cholesky(d, n, upper);
        back(d, a);
        return info;
    }

    @Override
    public void solveTriangular(Object a, int n, Object b, int k, boolean upper, boolean unit) {
        double[] db = wide(b);
        solveTriangular(wide(a), n, db, k, upper, unit);
        back(db, b);
    }

    private static double cabs1(double[] a, int i) { return Math.abs(a[i]) + Math.abs(a[i + 1]); }

    private static int lu(double[] a, int m, int n, int[] piv) {
        int info = 0;
        for (int j = 0; j < Math.min(m, n); j++) {
            int p = j;
            double max = cabs1(a, 2 * (j * n + j));
            for (int i = j + 1; i < m; i++) {
                double v = cabs1(a, 2 * (i * n + j));
                if (v > max || Double.isNaN(v) && !Double.isNaN(max)) {
                    max = v;
                    p = i;
                }
            }
            piv[j] = p + 1;
            int pj = 2 * (p * n + j);
            if (a[pj] != 0 || a[pj + 1] != 0) {
                if (p != j) JavaLapack.swapRows(a, 2 * n, p, j);
                int jj = 2 * (j * n + j);
                double[] r = reciprocal(a[jj], a[jj + 1]);
                for (int i = j + 1; i < m; i++) mulInPlace(a, 2 * (i * n + j), r[0], r[1]);
            } else if (info == 0) {
                info = j + 1;
            }
            for (int i = j + 1; i < m; i++) {
                int ij = 2 * (i * n + j);
                double lr = a[ij], li = a[ij + 1];
                if (lr == 0 && li == 0) continue;
                for (int c = j + 1; c < n; c++) {
                    int ic = 2 * (i * n + c), jc = 2 * (j * n + c);
                    a[ic] -= lr * a[jc] - li * a[jc + 1];
                    a[ic + 1] -= lr * a[jc + 1] + li * a[jc];
                }
            }
        }
        return info;
    }


    /** {@code 1 / (re + i im)}, scaled as Smith's division scales it (no overflow for large parts). */
    private static double[] reciprocal(double re, double im) {
        if (Math.abs(re) >= Math.abs(im)) {
            double t = im / re, d = re + im * t;
            return new double[] {1 / d, -t / d};
        }
        double t = re / im, d = re * t + im;
        return new double[] {t / d, -1 / d};
    }

    private static void mulInPlace(double[] a, int i, double re, double im) {
        double x = a[i], y = a[i + 1];
        a[i] = x * re - y * im;
        a[i + 1] = x * im + y * re;
    }

    /** A^H in place of a square complex matrix. */
    private static void conjugateTranspose(double[] a, int n) {
        for (int i = 0; i < n; i++) {
            a[2 * (i * n + i) + 1] = -a[2 * (i * n + i) + 1];
            for (int j = i + 1; j < n; j++) {
                int ij = 2 * (i * n + j), ji = 2 * (j * n + i);
                double re = a[ij], im = a[ij + 1];
                a[ij] = a[ji];
                a[ij + 1] = -a[ji + 1];
                a[ji] = re;
                a[ji + 1] = -im;
            }
        }
    }

    private static int cholesky(double[] a, int n, boolean upper) {
        if (upper) conjugateTranspose(a, n);  // the upper triangle of A read as the lower one of A^H = A
        int info = 0;
        for (int j = 0; j < n; j++) {
            int jj = 2 * (j * n + j);
            double d = a[jj];  // a Hermitian diagonal is real: zpotrf reads the real part only
            for (int k = 0; k < j; k++) d -= a[2 * (j * n + k)] * a[2 * (j * n + k)] + a[2 * (j * n + k) + 1] * a[2 * (j * n + k) + 1];
            if (!(d > 0)) {
                info = j + 1;
                a[jj] = d;
                a[jj + 1] = 0;
                break;
            }
            double l = Math.sqrt(d);
            a[jj] = l;
            a[jj + 1] = 0;
            for (int i = j + 1; i < n; i++) {
                int ij = 2 * (i * n + j);
                double re = a[ij], im = a[ij + 1];
                for (int k = 0; k < j; k++) {  // minus L[i, k] conj(L[j, k])
                    int ik = 2 * (i * n + k), jk = 2 * (j * n + k);
                    re -= a[ik] * a[jk] + a[ik + 1] * a[jk + 1];
                    im -= a[ik + 1] * a[jk] - a[ik] * a[jk + 1];
                }
                a[ij] = re / l;
                a[ij + 1] = im / l;
            }
        }
        for (int i = 0; i < n; i++) java.util.Arrays.fill(a, 2 * (i * n + i + 1), 2 * (i * n + n), 0);
        if (upper) conjugateTranspose(a, n);
        return info;
    }

    /** Forward (lower) or back (upper) substitution for the k columns of b. */
    private static void solveTriangular(double[] a, int n, double[] b, int k, boolean upper, boolean unit) {
        for (int s = 0; s < n; s++) {
            int i = upper ? n - 1 - s : s;
            int from = upper ? i + 1 : 0, to = upper ? n : i;
            double[] r = unit ? null : reciprocal(a[2 * (i * n + i)], a[2 * (i * n + i) + 1]);
            for (int c = 0; c < k; c++) {
                int ic = 2 * (i * k + c);
                double re = b[ic], im = b[ic + 1];
                for (int j = from; j < to; j++) {
                    int ij = 2 * (i * n + j), jc = 2 * (j * k + c);
                    re -= a[ij] * b[jc] - a[ij + 1] * b[jc + 1];
                    im -= a[ij] * b[jc + 1] + a[ij + 1] * b[jc];
                }
                b[ic] = re;
                b[ic + 1] = im;
                if (r != null) mulInPlace(b, ic, r[0], r[1]);
            }
        }
    }
}
