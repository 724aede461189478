package dev.torch4j.backend.cpu;

import static dev.torch4j.backend.cpu.JavaLapack.back;
import static dev.torch4j.backend.cpu.JavaLapack.wide;

/**
 * The complex factorizations in plain Java, in double, over interleaved arrays (element (i, j) of an [m, n] matrix at
 * {@code 2 * (i * n + j)}, its imaginary part next): LU with LAPACK's partial pivoting (the pivot is the largest
 * {@code |re| + |im|} of the column, as izamax chooses it, so the pivots are zgetrf's), Cholesky of Hermitian matrices
 * ({@code A = L L^H} with a real positive diagonal), substitution for triangular systems, Householder QR with zgeqrf's
 * reflectors (zlarfg's: R's diagonal real, of the sign opposite to the column's leading real part, so Q and R agree
 * with LAPACK's to rounding), cyclic Jacobi for Hermitian matrices and one-sided Jacobi for the SVD (each rotation
 * preceded by the phase that makes its off-diagonal entry real; their vectors' phases are free, as PyTorch documents
 * them, and may differ from LAPACK's), and complex Hessenberg QR for general matrices ({@link ComplexEigen}).
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

    @Override
    public void geqrf(Object a, int m, int n, Object tau) {
        double[] d = wide(a), t = new double[2 * Math.min(m, n)];
        householder(d, m, n, t);
        back(d, a);
        if (tau instanceof float[] f) for (int i = 0; i < t.length; i++) f[i] = (float) t[i];
        else System.arraycopy(t, 0, tau, 0, t.length);
    }

    @Override
    public void qr(Object a, int m, int n, Object q, int kq, Object r, int kr) {
        double[] dq = wide(q), dr = wide(r);
        qr(wide(a), m, n, dq, kq, dr, kr);
        if (q != null) back(dq, q);
        back(dr, r);
    }

    @Override
    public int eigh(Object a, int n, boolean upper, Object w, boolean vectors) {
        double[] d = wide(a), dw = wide(w);
        int info = eigh(d, n, upper, dw, vectors);
        if (vectors) back(d, a);
        back(dw, w);
        return info;
    }

    @Override
    public int eig(Object a, int n, Object w, Object v) {
        double[] dw = new double[2 * n], dv = v == null ? null : new double[2 * n * n];
        int info = ComplexEigen.geev(wide(a), n, dw, dv);
        for (int i = 0; i < dw.length; i++) set(w, i, dw[i]);
        if (v != null && info == 0) for (int i = 0; i < dv.length; i++) set(v, i, dv[i]);
        return info;
    }

    @Override
    public int svd(Object a, int m, int n, Object u, int ku, Object s, Object vh, int kv) {
        double[] du = wide(u), ds = wide(s), dv = wide(vh);
        int info = svd(wide(a), m, n, du, ku, ds, dv, kv);
        back(ds, s);
        if (u != null) {
            back(du, u);
            back(dv, vh);
        }
        return info;
    }

    private static void set(Object arr, int i, double x) {
        if (arr instanceof float[] f) f[i] = (float) x;
        else ((double[]) arr)[i] = x;
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

    // ---- QR: zgeqr2 and zung2r

    private static void qr(double[] a, int m, int n, double[] q, int kq, double[] r, int kr) {
        int k = Math.min(m, n);
        double[] tau = new double[2 * k];
        householder(a, m, n, tau);
        java.util.Arrays.fill(r, 0);
        for (int i = 0; i < Math.min(kr, k); i++) System.arraycopy(a, 2 * (i * n + i), r, 2 * (i * n + i), 2 * (n - i));
        if (q == null) return;
        java.util.Arrays.fill(q, 0);
        for (int i = 0; i < Math.min(m, kq); i++) q[2 * (i * kq + i)] = 1;
        for (int j = k - 1; j >= 0; j--) reflect(a, m, n, j, tau[2 * j], tau[2 * j + 1], q, kq, 0, kq);  // Q = H_1 ... H_k I
    }

    /**
     * zgeqr2: R on and above the diagonal, the reflectors' vectors below it, their scalars in tau. Each column's
     * reflector is zlarfg's {@code H = I - tau v v^H} with {@code H^H (alpha, x) = (beta, 0)}, beta real of the sign
     * opposite to {@code Re(alpha)}; {@code H^H} is applied to the columns to the right.
     */
    static void householder(double[] a, int m, int n, double[] tau) {
        int k = Math.min(m, n);
        for (int j = 0; j < k; j++) {
            int jj = 2 * (j * n + j);
            double ar = a[jj], ai = a[jj + 1], xnorm = 0;
            for (int i = j + 1; i < m; i++) xnorm = Math.hypot(xnorm, Math.hypot(a[2 * (i * n + j)], a[2 * (i * n + j) + 1]));
            if (xnorm == 0 && ai == 0) {  // tau = 0: H = I
                tau[2 * j] = tau[2 * j + 1] = 0;
                continue;
            }
            double beta = -Math.copySign(Math.hypot(Math.hypot(ar, ai), xnorm), ar);
            tau[2 * j] = (beta - ar) / beta;
            tau[2 * j + 1] = -ai / beta;
            double[] scale = reciprocal(ar - beta, ai);
            for (int i = j + 1; i < m; i++) mulInPlace(a, 2 * (i * n + j), scale[0], scale[1]);
            a[jj] = beta;
            a[jj + 1] = 0;
            reflect(a, m, n, j, tau[2 * j], -tau[2 * j + 1], a, n, j + 1, n);
        }
    }

    /**
     * Applies {@code I - t v v^H} ({@code t = tr + i ti}) from the left to rows j.. of columns [c0, c1) of the complex
     * {@code x} (row length xn), v being {@code (1, a[j+1.., j])}.
     */
    private static void reflect(double[] a, int m, int n, int j, double tr, double ti, double[] x, int xn, int c0, int c1) {
        if (tr == 0 && ti == 0) return;
        for (int c = c0; c < c1; c++) {
            int xj = 2 * (j * xn + c);
            double sr = x[xj], si = x[xj + 1];
            for (int i = j + 1; i < m; i++) {  // s = v^H x
                int vi = 2 * (i * n + j), xi = 2 * (i * xn + c);
                sr += a[vi] * x[xi] + a[vi + 1] * x[xi + 1];
                si += a[vi] * x[xi + 1] - a[vi + 1] * x[xi];
            }
            double pr = sr * tr - si * ti, pi = sr * ti + si * tr;  // t s
            x[xj] -= pr;
            x[xj + 1] -= pi;
            for (int i = j + 1; i < m; i++) {
                int vi = 2 * (i * n + j), xi = 2 * (i * xn + c);
                x[xi] -= pr * a[vi] - pi * a[vi + 1];
                x[xi + 1] -= pr * a[vi + 1] + pi * a[vi];
            }
        }
    }

    // ---- Jacobi methods for Hermitian eigenvalues and singular values

    private static final int MAX_SWEEPS = 80;
    private static final double EPS = Math.ulp(1.0);

    /** De Rijk's test: the off-diagonal magnitude x is below rounding relative to the diagonal pair (or underflows). */
    private static boolean negligible(double x, double p, double q) {
        return x < Double.MIN_NORMAL || x <= EPS * Math.sqrt(Math.abs(p)) * Math.sqrt(Math.abs(q));
    }

    /** The real Jacobi rotation {@code (c, s)} that zeroes the real off-diagonal entry {@code apq > 0} of [[app, apq], [apq, aqq]]. */
    private static double[] rotation(double app, double aqq, double apq) {
        double theta = (aqq - app) / (2 * apq);
        double t = Math.copySign(1, theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (Double.isInfinite(theta * theta)) t = 1 / (2 * theta);
        double c = 1 / Math.sqrt(t * t + 1);
        return new double[] {c, t * c};
    }

    /**
     * The pair (x, y) of complex vectors (stride {@code step}, {@code len} entries from offsets {@code px} and
     * {@code py} of {@code a}) replaced by {@code (c x - s e y, s x + c e y)}, e = er + i ei a unit phase.
     */
    private static void rotate(double[] a, int px, int py, int step, int len, double c, double s, double er, double ei) {
        for (int k = 0; k < len; k++) {
            int ix = px + k * step, iy = py + k * step;
            double xr = a[ix], xi = a[ix + 1];
            double yr = er * a[iy] - ei * a[iy + 1], yi = er * a[iy + 1] + ei * a[iy];
            a[ix] = c * xr - s * yr;
            a[ix + 1] = c * xi - s * yi;
            a[iy] = s * xr + c * yr;
            a[iy + 1] = s * xi + c * yi;
        }
    }

    /**
     * Cyclic Jacobi on a Hermitian matrix: each rotation is {@code J = D G}, D the phase {@code conj(e)} on column q
     * ({@code e = a_pq / |a_pq|}) that makes {@code a_pq} real and G the real rotation that zeroes it; A becomes
     * {@code J^H A J}, the eigenvectors accumulate J.
     */
    private static int eigh(double[] a, int n, boolean upper, double[] w, boolean vectors) {
        for (int i = 0; i < n; i++) {  // the Hermitian matrix of the triangle that was asked for, its diagonal real
            a[2 * (i * n + i) + 1] = 0;
            for (int j = i + 1; j < n; j++) {
                int ij = 2 * (i * n + j), ji = 2 * (j * n + i);
                if (upper) {
                    a[ji] = a[ij];
                    a[ji + 1] = -a[ij + 1];
                } else {
                    a[ij] = a[ji];
                    a[ij + 1] = -a[ji + 1];
                }
            }
        }
        double[] v = new double[2 * n * n];
        for (int i = 0; i < n; i++) v[2 * (i * n + i)] = 1;
        int info = 0;
        for (int sweep = 0; ; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    int pq = 2 * (p * n + q);
                    double mag = Math.hypot(a[pq], a[pq + 1]), app = a[2 * (p * n + p)], aqq = a[2 * (q * n + q)];
                    if (negligible(mag, app, aqq)) continue;
                    rotated = true;
                    double er = a[pq] / mag, ei = a[pq + 1] / mag;
                    double[] cs = rotation(app, aqq, mag);
                    rotate(a, 2 * p, 2 * q, 2 * n, n, cs[0], cs[1], er, -ei);  // columns: A D G
                    rotate(a, 2 * p * n, 2 * q * n, 2, n, cs[0], cs[1], er, ei);  // rows: G^T D^H (A D G)
                    a[pq] = a[pq + 1] = 0;
                    a[2 * (q * n + p)] = a[2 * (q * n + p) + 1] = 0;
                    a[2 * (p * n + p) + 1] = a[2 * (q * n + q) + 1] = 0;
                    rotate(v, 2 * p, 2 * q, 2 * n, n, cs[0], cs[1], er, -ei);
                }
            }
            if (!rotated) break;
            if (sweep == MAX_SWEEPS) {
                info = 1;
                break;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = a[2 * (i * n + i)];
        java.util.Arrays.sort(order, (x, y) -> Double.compare(d[x], d[y]));
        for (int i = 0; i < n; i++) w[i] = d[order[i]];
        if (vectors) {
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    a[2 * (r * n + c)] = v[2 * (r * n + order[c])];
                    a[2 * (r * n + c) + 1] = v[2 * (r * n + order[c]) + 1];
                }
            }
        }
        return info;
    }

    /** {@code A^H} of the [m, n] complex matrix a, as [n, m]. */
    private static double[] adjoint(double[] a, int m, int n) {
        double[] t = new double[2 * m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                t[2 * (j * m + i)] = a[2 * (i * n + j)];
                t[2 * (j * m + i) + 1] = -a[2 * (i * n + j) + 1];
            }
        }
        return t;
    }

    private static int svd(double[] a, int m, int n, double[] u, int ku, double[] s, double[] vh, int kv) {
        if (m < n) {  // A^H = U' S V'^H, so A = V' S U'^H
            double[] u2 = u == null ? null : new double[2 * n * kv], vh2 = u == null ? null : new double[2 * ku * m];
            int info = svdTall(adjoint(a, m, n), n, m, u2, kv, s, vh2, ku);
            if (u != null) {
                System.arraycopy(adjoint(vh2, ku, m), 0, u, 0, 2 * m * ku);
                System.arraycopy(adjoint(u2, n, kv), 0, vh, 0, 2 * kv * n);
            }
            return info;
        }
        return svdTall(a, m, n, u, ku, s, vh, kv);
    }

    /** {@code sum conj(x_i) y_i} of two complex vectors, as (re, im). */
    private static double[] dot(double[] x, double[] y) {
        double re = 0, im = 0;
        for (int i = 0; i < x.length; i += 2) {
            re += x[i] * y[i] + x[i + 1] * y[i + 1];
            im += x[i] * y[i + 1] - x[i + 1] * y[i];
        }
        return new double[] {re, im};
    }

    private static double norm2(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return s;
    }

    /**
     * One-sided Jacobi on the columns of a tall (m &gt;= n) complex matrix: for each pair, the phase that makes
     * {@code c_p^H c_q} real, then the real rotation that makes the pair orthogonal; V accumulates both.
     */
    private static int svdTall(double[] a, int m, int n, double[] u, int ku, double[] s, double[] vh, int kv) {
        double[][] col = new double[n][2 * m], v = new double[n][2 * n];  // v[j]: column j of V
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                col[j][2 * i] = a[2 * (i * n + j)];
                col[j][2 * i + 1] = a[2 * (i * n + j) + 1];
            }
        }
        for (int j = 0; j < n; j++) v[j][2 * j] = 1;
        int info = 0;
        for (int sweep = 0; ; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double alpha = norm2(col[p]), beta = norm2(col[q]);
                    double[] gamma = dot(col[p], col[q]);
                    double mag = Math.hypot(gamma[0], gamma[1]);
                    if (negligible(mag, alpha, beta)) continue;
                    rotated = true;
                    double er = gamma[0] / mag, ei = -gamma[1] / mag;  // conj(gamma) / |gamma|: c_p^H (c_q e) is real
                    double[] cs = rotation(alpha, beta, mag);
                    rotatePair(col[p], col[q], cs[0], cs[1], er, ei);
                    rotatePair(v[p], v[q], cs[0], cs[1], er, ei);
                }
            }
            if (!rotated) break;
            if (sweep == MAX_SWEEPS) {
                info = 1;
                break;
            }
        }
        double[] norm = new double[n];
        for (int j = 0; j < n; j++) norm[j] = Math.sqrt(norm2(col[j]));
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) order[j] = j;
        java.util.Arrays.sort(order, (x, y) -> Double.compare(norm[y], norm[x]));
        for (int j = 0; j < n; j++) s[j] = norm[order[j]];
        if (u == null) return info;
        double[][] basis = new double[ku][];
        double tol = n == 0 ? 0 : s[0] * Math.max(m, n) * EPS;
        for (int j = 0; j < n; j++) {
            if (s[j] > tol && s[j] > 0) {
                basis[j] = col[order[j]].clone();
                for (int i = 0; i < 2 * m; i++) basis[j][i] /= s[j];
            }
        }
        complete(basis, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ku; j++) {
                u[2 * (i * ku + j)] = basis[j][2 * i];
                u[2 * (i * ku + j) + 1] = basis[j][2 * i + 1];
            }
        }
        for (int j = 0; j < n; j++) {  // Vh's row j: column order[j] of V, conjugated
            double[] c = v[order[j]];
            for (int i = 0; i < n; i++) {
                vh[2 * (j * n + i)] = c[2 * i];
                vh[2 * (j * n + i) + 1] = -c[2 * i + 1];
            }
        }
        return info;
    }

    /** {@link #rotate} of two separate vectors. */
    private static void rotatePair(double[] x, double[] y, double c, double s, double er, double ei) {
        for (int i = 0; i < x.length; i += 2) {
            double xr = x[i], xi = x[i + 1];
            double yr = er * y[i] - ei * y[i + 1], yi = er * y[i + 1] + ei * y[i];
            x[i] = c * xr - s * yr;
            x[i + 1] = c * xi - s * yi;
            y[i] = s * xr + c * yr;
            y[i + 1] = s * xi + c * yi;
        }
    }

    /** Fills the null entries of {@code basis} with complex unit vectors orthogonal to every other entry (Gram-Schmidt twice). */
    private static void complete(double[][] basis, int m) {
        int next = 0, missing = 0;
        for (double[] b : basis) if (b == null) missing++;
        for (int j = 0; j < basis.length; j++) {
            if (basis[j] != null) continue;
            // the unit vectors' squared projections onto the missing span sum to its dimension, so some e keeps at
            // least sqrt(missing / m) of its length: take the first (cyclically from the last one taken) that keeps half that
            double[] best = null;
            double bestNorm = -1, enough = 0.5 * Math.sqrt((double) missing-- / m);
            for (int step = 0; step < m && bestNorm < enough; step++) {
                int e = (next + step) % m;
                double[] x = new double[2 * m];
                x[2 * e] = 1;
                for (int pass = 0; pass < 2; pass++) {
                    for (double[] b : basis) {
                        if (b == null) continue;
                        double[] d = dot(b, x);  // x -= (b^H x) b
                        for (int i = 0; i < 2 * m; i += 2) {
                            x[i] -= d[0] * b[i] - d[1] * b[i + 1];
                            x[i + 1] -= d[0] * b[i + 1] + d[1] * b[i];
                        }
                    }
                }
                double nx = Math.sqrt(norm2(x));
                if (nx > bestNorm) {
                    bestNorm = nx;
                    best = x;
                    next = e + 1;
                }
            }
            for (int i = 0; i < 2 * m; i++) best[i] /= bestNorm;
            basis[j] = best;
        }
    }
}
