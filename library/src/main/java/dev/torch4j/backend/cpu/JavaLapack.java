package dev.torch4j.backend.cpu;

import java.util.Arrays;

/**
 * The factorizations in plain Java, in double, for machines without OpenBLAS: LU with partial pivoting and
 * Householder QR as LAPACK computes them (same pivots and signs, so results agree to rounding), Cholesky, cyclic
 * Jacobi for the symmetric eigenproblem and one-sided Jacobi for the SVD (accurate to high relative precision, but
 * O(n^3) per sweep: meant for moderate sizes; their eigen- and singular vectors may differ in sign from LAPACK's,
 * which is as free as PyTorch's documentation says), and Hessenberg QR for the general eigenproblem
 * ({@link GeneralEigen}; its eigenvalues may come in another order than LAPACK's, its vectors with another phase).
 */
final class JavaLapack implements DenseSolver {
    static final JavaLapack INSTANCE = new JavaLapack();
    private static final int MAX_SWEEPS = 80;
    private static final double EPS = Math.ulp(1.0);

    private JavaLapack() {}

    // ---- the DenseSolver entry points: float arrays are widened to double and the results rounded back

    static double[] wide(Object x) {
        if (x == null) return null;
        if (x instanceof double[] d) return d;
        float[] f = (float[]) x;
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    static void back(double[] d, Object x) {
        if (x instanceof float[] f) for (int i = 0; i < f.length; i++) f[i] = (float) d[i];
    }

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
            int p = piv[i] - 1;
            if (p != i) swapRows(db, k, i, p);
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
    public void geqrf(Object a, int m, int n, Object tau) {
        double[] d = wide(a), t = new double[Math.min(m, n)];
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
        double[] wr = new double[n], wi = new double[n], vr = v == null ? null : new double[n * n];
        int info = GeneralEigen.geev(wide(a), n, wr, wi, vr);
        GeneralEigen.pack(n, wr, wi, info == 0 ? vr : null, w, v == null || info != 0 ? null : v);
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

    @Override
    public void solveTriangular(Object a, int n, Object b, int k, boolean upper, boolean unit) {
        double[] db = wide(b);
        solveTriangular(wide(a), n, db, k, upper, unit);
        back(db, b);
    }

    private static int lu(double[] a, int m, int n, int[] piv) {
        int info = 0;
        for (int j = 0; j < Math.min(m, n); j++) {
            int p = j;
            double max = Math.abs(a[j * n + j]);
            for (int i = j + 1; i < m; i++) {
                double v = Math.abs(a[i * n + j]);
                if (v > max || Double.isNaN(v) && !Double.isNaN(max)) {
                    max = v;
                    p = i;
                }
            }
            piv[j] = p + 1;
            if (a[p * n + j] != 0) {
                if (p != j) swapRows(a, n, p, j);
                double d = a[j * n + j];
                for (int i = j + 1; i < m; i++) a[i * n + j] /= d;
            } else if (info == 0) {
                info = j + 1;
            }
            for (int i = j + 1; i < m; i++) {
                double l = a[i * n + j];
                if (l == 0) continue;
                for (int c = j + 1; c < n; c++) a[i * n + c] -= l * a[j * n + c];
            }
        }
        return info;
    }

    /** Swaps rows p and q of a row-major matrix with n columns (2n for a complex one's interleaved parts). */
    static void swapRows(double[] a, int n, int p, int q) {
        for (int c = 0; c < n; c++) {
            double t = a[p * n + c];
            a[p * n + c] = a[q * n + c];
            a[q * n + c] = t;
        }
    }

    private static int cholesky(double[] a, int n, boolean upper) {
        if (upper) transposeSquare(a, n);  // the upper triangle read as the lower one of A^T = A
        int info = 0;
        for (int j = 0; j < n && info == 0; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
            // OpenBLAS's potf2 (PyTorch's LAPACK here) stops only where the pivot is <= 0: a NaN pivot goes on (NaN
            // factor, info 0), and its column scaling by 1/l writes zeros when 1/l is 0 (an infinite pivot)
            if (d <= 0) {
                info = j + 1;
                a[j * n + j] = d;
                break;
            }
            double l = Math.sqrt(d);
            a[j * n + j] = l;
            boolean zero = 1 / l == 0;
            for (int i = j + 1; i < n; i++) {
                double v = a[i * n + j];
                for (int k = 0; k < j; k++) v -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = zero ? 0 : v / l;
            }
        }
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) a[i * n + j] = 0;
        if (upper) transposeSquare(a, n);
        return info;
    }

    private static void transposeSquare(double[] a, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double t = a[i * n + j];
                a[i * n + j] = a[j * n + i];
                a[j * n + i] = t;
            }
        }
    }

    private static void qr(double[] a, int m, int n, double[] q, int kq, double[] r, int kr) {
        int k = Math.min(m, n);
        double[] tau = new double[k];
        householder(a, m, n, tau);
        Arrays.fill(r, 0);
        for (int i = 0; i < Math.min(kr, k); i++) System.arraycopy(a, i * n + i, r, i * n + i, n - i);
        if (q == null) return;
        Arrays.fill(q, 0);
        for (int i = 0; i < Math.min(m, kq); i++) q[i * kq + i] = 1;
        for (int j = k - 1; j >= 0; j--) reflect(a, m, n, j, tau[j], q, kq, 0, kq);
    }

    /** geqrf: R on and above the diagonal, the reflectors' vectors below it, their scalars in tau (LAPACK's signs). */
    private static void householder(double[] a, int m, int n, double[] tau) {
        int k = Math.min(m, n);
        for (int j = 0; j < k; j++) {
            // dlarfg: the reflector that maps column j's tail onto beta e_j, beta of the sign opposite to alpha
            double alpha = a[j * n + j], xnorm = 0;
            for (int i = j + 1; i < m; i++) xnorm = Math.hypot(xnorm, a[i * n + j]);
            if (xnorm == 0) continue;  // tau = 0: H = I
            double beta = -Math.copySign(Math.hypot(alpha, xnorm), alpha);
            tau[j] = (beta - alpha) / beta;
            double scale = 1 / (alpha - beta);
            for (int i = j + 1; i < m; i++) a[i * n + j] *= scale;
            a[j * n + j] = beta;
            reflect(a, m, n, j, tau[j], a, n, j + 1, n);
        }
    }

    /**
     * Applies {@code H = I - tau v v^T} from the left to rows j.. of columns [c0, c1) of {@code x} (row length xn),
     * v being {@code (1, a[j+1.., j])}.
     */
    private static void reflect(double[] a, int m, int n, int j, double tau, double[] x, int xn, int c0, int c1) {
        if (tau == 0) return;
        for (int c = c0; c < c1; c++) {
            double s = x[j * xn + c];
            for (int i = j + 1; i < m; i++) s += a[i * n + j] * x[i * xn + c];
            s *= tau;
            x[j * xn + c] -= s;
            for (int i = j + 1; i < m; i++) x[i * xn + c] -= s * a[i * n + j];
        }
    }

    private static int eigh(double[] a, int n, boolean upper, double[] w, boolean vectors) {
        for (int i = 0; i < n; i++) {  // symmetric copy of the triangle that was asked for
            for (int j = i + 1; j < n; j++) {
                if (upper) a[j * n + i] = a[i * n + j];
                else a[i * n + j] = a[j * n + i];
            }
        }
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        int info = 0;
        for (int sweep = 0; ; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p * n + q], app = a[p * n + p], aqq = a[q * n + q];
                    if (negligible(apq, app, aqq)) continue;
                    rotated = true;
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.copySign(1, theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (Double.isInfinite(theta * theta)) t = 1 / (2 * theta);
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int r = 0; r < n; r++) {  // A <- A J (columns p, q), then J^T A (rows p, q)
                        double x = a[r * n + p], y = a[r * n + q];
                        a[r * n + p] = c * x - s * y;
                        a[r * n + q] = s * x + c * y;
                    }
                    for (int col = 0; col < n; col++) {
                        double x = a[p * n + col], y = a[q * n + col];
                        a[p * n + col] = c * x - s * y;
                        a[q * n + col] = s * x + c * y;
                    }
                    a[p * n + q] = a[q * n + p] = 0;
                    for (int r = 0; r < n; r++) {
                        double x = v[r * n + p], y = v[r * n + q];
                        v[r * n + p] = c * x - s * y;
                        v[r * n + q] = s * x + c * y;
                    }
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
        for (int i = 0; i < n; i++) d[i] = a[i * n + i];
        Arrays.sort(order, (x, y) -> Double.compare(d[x], d[y]));
        for (int i = 0; i < n; i++) w[i] = d[order[i]];
        if (vectors) for (int r = 0; r < n; r++) for (int c = 0; c < n; c++) a[r * n + c] = v[r * n + order[c]];
        return info;
    }

    private static int svd(double[] a, int m, int n, double[] u, int ku, double[] s, double[] vh, int kv) {
        if (m < n) {  // A^T = U' S V'^T, so A = V' S U'^T
            double[] at = new double[m * n];
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) at[j * m + i] = a[i * n + j];
            double[] u2 = u == null ? null : new double[n * kv], vh2 = u == null ? null : new double[ku * m];
            int info = svdTall(at, n, m, u2, kv, s, vh2, ku);
            if (u != null) {
                for (int i = 0; i < m; i++) for (int j = 0; j < ku; j++) u[i * ku + j] = vh2[j * m + i];
                for (int i = 0; i < kv; i++) for (int j = 0; j < n; j++) vh[i * n + j] = u2[j * kv + i];
            }
            return info;
        }
        return svdTall(a, m, n, u, ku, s, vh, kv);
    }

    /** One-sided Jacobi on the columns of a tall (m &gt;= n) matrix; {@code vh} is [n, n] here. */
    private static int svdTall(double[] a, int m, int n, double[] u, int ku, double[] s, double[] vh, int kv) {
        double[][] col = new double[n][m], v = new double[n][n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) col[j][i] = a[i * n + j];
        for (int j = 0; j < n; j++) v[j][j] = 1;
        int info = 0;
        for (int sweep = 0; ; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double alpha = dot(col[p], col[p]), beta = dot(col[q], col[q]), gamma = dot(col[p], col[q]);
                    if (negligible(gamma, alpha, beta)) continue;
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.copySign(1, zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    if (Double.isInfinite(zeta * zeta)) t = 1 / (2 * zeta);
                    double c = 1 / Math.sqrt(1 + t * t), sn = c * t;
                    rotate(col[p], col[q], c, sn);
                    rotate(v[p], v[q], c, sn);
                }
            }
            if (!rotated) break;
            if (sweep == MAX_SWEEPS) {
                info = 1;
                break;
            }
        }
        double[] norm = new double[n];
        for (int j = 0; j < n; j++) norm[j] = Math.sqrt(dot(col[j], col[j]));
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) order[j] = j;
        Arrays.sort(order, (x, y) -> Double.compare(norm[y], norm[x]));
        for (int j = 0; j < n; j++) s[j] = norm[order[j]];
        if (u == null) return info;
        // U's columns: the normalised columns, then (for zero singular values and full matrices) an orthonormal
        // completion; V's columns are v[order[j]] (rows of v hold V's columns, see rotate)
        double[][] basis = new double[ku][];
        double tol = n == 0 ? 0 : s[0] * Math.max(m, n) * EPS;
        for (int j = 0; j < n; j++) {
            double[] c = col[order[j]];
            if (s[j] > tol && s[j] > 0) {
                basis[j] = c.clone();
                for (int i = 0; i < m; i++) basis[j][i] /= s[j];
            }
        }
        complete(basis, m);
        for (int i = 0; i < m; i++) for (int j = 0; j < ku; j++) u[i * ku + j] = basis[j][i];
        for (int j = 0; j < n; j++) System.arraycopy(v[order[j]], 0, vh, j * n, n);
        return info;
    }

    /** Fills the null entries of {@code basis} with unit vectors orthogonal to every other entry (Gram-Schmidt twice). */
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
                double[] x = new double[m];
                x[e] = 1;
                for (int pass = 0; pass < 2; pass++) {
                    for (double[] b : basis) {
                        if (b == null) continue;
                        double d = dot(b, x);
                        for (int i = 0; i < m; i++) x[i] -= d * b[i];
                    }
                }
                double nx = Math.sqrt(dot(x, x));
                if (nx > bestNorm) {
                    bestNorm = nx;
                    best = x;
                    next = e + 1;
                }
            }
            for (int i = 0; i < m; i++) best[i] /= bestNorm;
            basis[j] = best;
        }
    }

    /** De Rijk's test: the off-diagonal x is below rounding relative to the diagonal pair (or underflows). */
    private static boolean negligible(double x, double p, double q) {
        double ax = Math.abs(x);
        return ax < Double.MIN_NORMAL || ax <= EPS * Math.sqrt(Math.abs(p)) * Math.sqrt(Math.abs(q));
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    private static void rotate(double[] x, double[] y, double c, double s) {
        for (int i = 0; i < x.length; i++) {
            double a = x[i], b = y[i];
            x[i] = c * a - s * b;
            y[i] = s * a + c * b;
        }
    }

    private static void solveTriangular(double[] a, int n, double[] b, int k, boolean upper, boolean unit) {
        for (int step = 0; step < n; step++) {
            int i = upper ? n - 1 - step : step;
            int from = upper ? i + 1 : 0, to = upper ? n : i;
            for (int j = from; j < to; j++) {
                double l = a[i * n + j];
                if (l == 0) continue;
                for (int c = 0; c < k; c++) b[i * k + c] -= l * b[j * k + c];
            }
            if (!unit) {
                double d = a[i * n + i];
                for (int c = 0; c < k; c++) b[i * k + c] /= d;
            }
        }
    }

    // ---- LDL^T: LAPACK's sytf2 and sytrs with the lower triangle, step for step (Note [ldl])

    // Note [ldl]: Bunch-Kaufman partial pivoting as LAPACK's dsytf2 does it (the unblocked code that dsytrf runs for
    // matrices below its block size of 64), so the pivots equal LAPACK's and PyTorch's. The arithmetic is done in
    // double and, for float32 input, rounded to float after every operation (exact for + - * /: double has more than
    // twice float's precision), so the pivot comparisons see the numbers ssytf2 sees.

    private static final double BK_ALPHA = (1 + Math.sqrt(17)) / 8;
    /** ssytf2's alpha, computed in single precision. */
    private static final double BK_ALPHA_SINGLE = ((float) (1 + (float) Math.sqrt(17)) / 8f);

    @Override
    public int ldl(Object a, int n, int[] piv) {
        double[] d = wide(a);
        int info = ldl(d, n, piv, a instanceof float[]);
        back(d, a);
        return info;
    }

    @Override
    public void ldlSolve(Object a, int n, int[] piv, Object b, int k) {
        double[] db = wide(b);
        ldlSolve(wide(a), n, piv, db, k, a instanceof float[]);
        back(db, b);
    }

    private static double rnd(double x, boolean single) { return single ? (float) x : x; }

    /** dsytf2 ('L') of the row-major {@code a} (A(i, j) at {@code a[i n + j]}, i >= j read). */
    static int ldl(double[] a, int n, int[] piv, boolean single) {
        int info = 0;
        double alphaBk = single ? BK_ALPHA_SINGLE : BK_ALPHA;
        for (int k = 0; k < n; ) {
            int kstep = 1, kp;
            double absakk = Math.abs(a[k * n + k]), colmax = 0;
            int imax = k;
            if (k < n - 1) {
                imax = k + 1;
                for (int i = k + 2; i < n; i++) if (Math.abs(a[i * n + k]) > Math.abs(a[imax * n + k])) imax = i;
                colmax = Math.abs(a[imax * n + k]);
            }
            if (Math.max(absakk, colmax) == 0 || Double.isNaN(absakk)) {
                if (info == 0) info = k + 1;
                kp = k;
            } else {
                if (absakk >= rnd(alphaBk * colmax, single)) {
                    kp = k;
                } else {
                    int jmax = k;  // the largest off-diagonal entry of row imax: A(imax, k..imax-1), then column imax below it
                    for (int j = k + 1; j < imax; j++) if (Math.abs(a[imax * n + j]) > Math.abs(a[imax * n + jmax])) jmax = j;
                    double rowmax = Math.abs(a[imax * n + jmax]);
                    if (imax < n - 1) {
                        jmax = imax + 1;
                        for (int i = imax + 2; i < n; i++) if (Math.abs(a[i * n + imax]) > Math.abs(a[jmax * n + imax])) jmax = i;
                        rowmax = Math.max(rowmax, Math.abs(a[jmax * n + imax]));
                    }
                    if (absakk >= rnd(rnd(alphaBk * colmax, single) * rnd(colmax / rowmax, single), single)) {
                        kp = k;
                    } else if (Math.abs(a[imax * n + imax]) >= rnd(alphaBk * rowmax, single)) {
                        kp = imax;
                    } else {
                        kp = imax;
                        kstep = 2;
                    }
                }
                int kk = k + kstep - 1;
                if (kp != kk) {  // interchange rows and columns kk and kp of the trailing A(k:n, k:n)
                    for (int i = kp + 1; i < n; i++) swap(a, i * n + kk, i * n + kp);
                    for (int j = kk + 1; j < kp; j++) swap(a, j * n + kk, kp * n + j);
                    swap(a, kk * n + kk, kp * n + kp);
                    if (kstep == 2) swap(a, (k + 1) * n + k, kp * n + k);
                }
                if (kstep == 1) {
                    if (k < n - 1) {  // A := A - x x^T / d11 (dsyr), then the column scaled by 1 / d11
                        double d11 = rnd(1 / a[k * n + k], single), alpha = -d11;
                        for (int j = k + 1; j < n; j++) {
                            double xj = a[j * n + k];
                            if (xj == 0) continue;
                            double temp = rnd(alpha * xj, single);
                            for (int i = j; i < n; i++) a[i * n + j] = rnd(a[i * n + j] + rnd(a[i * n + k] * temp, single), single);
                        }
                        for (int i = k + 1; i < n; i++) a[i * n + k] = rnd(a[i * n + k] * d11, single);
                    }
                } else if (k < n - 2) {
                    double d21 = a[(k + 1) * n + k];
                    double d11 = rnd(a[(k + 1) * n + k + 1] / d21, single), d22 = rnd(a[k * n + k] / d21, single);
                    double t = rnd(1 / rnd(rnd(d11 * d22, single) - 1, single), single);
                    d21 = rnd(t / d21, single);
                    for (int j = k + 2; j < n; j++) {
                        double ajk = a[j * n + k], ajk1 = a[j * n + k + 1];
                        double wk = rnd(d21 * rnd(rnd(d11 * ajk, single) - ajk1, single), single);
                        double wkp1 = rnd(d21 * rnd(rnd(d22 * ajk1, single) - ajk, single), single);
                        for (int i = j; i < n; i++) {
                            double v = rnd(a[i * n + j] - rnd(a[i * n + k] * wk, single), single);
                            a[i * n + j] = rnd(v - rnd(a[i * n + k + 1] * wkp1, single), single);
                        }
                        a[j * n + k] = wk;
                        a[j * n + k + 1] = wkp1;
                    }
                }
            }
            if (kstep == 1) {
                piv[k] = kp + 1;
            } else {
                piv[k] = -(kp + 1);
                piv[k + 1] = -(kp + 1);
            }
            k += kstep;
        }
        return info;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** dsytrs ('L'): {@code b} [n, k] overwritten by {@code A^-1 b}, {@code A = L D L^T} from {@link #ldl}. */
    static void ldlSolve(double[] a, int n, int[] piv, double[] b, int nrhs, boolean single) {
        // L D X' = P B: forward through the blocks of D
        for (int k = 0; k < n; ) {
            if (piv[k] > 0) {
                int kp = piv[k] - 1;
                if (kp != k) swapRows(b, nrhs, k, kp);
                for (int i = k + 1; i < n; i++) axpyRow(b, nrhs, i, k, -a[i * n + k], single);
                double akk = a[k * n + k];
                for (int c = 0; c < nrhs; c++) b[k * nrhs + c] = rnd(rnd(1 / akk, single) * b[k * nrhs + c], single);
                k++;
            } else {
                int kp = -piv[k] - 1;
                if (kp != k + 1) swapRows(b, nrhs, k + 1, kp);
                for (int i = k + 2; i < n; i++) {
                    axpyRow(b, nrhs, i, k, -a[i * n + k], single);
                    axpyRow(b, nrhs, i, k + 1, -a[i * n + k + 1], single);
                }
                double akm1k = a[(k + 1) * n + k];
                double akm1 = rnd(a[k * n + k] / akm1k, single), ak = rnd(a[(k + 1) * n + k + 1] / akm1k, single);
                double denom = rnd(rnd(akm1 * ak, single) - 1, single);
                for (int c = 0; c < nrhs; c++) {
                    double bkm1 = rnd(b[k * nrhs + c] / akm1k, single), bk = rnd(b[(k + 1) * nrhs + c] / akm1k, single);
                    b[k * nrhs + c] = rnd(rnd(rnd(ak * bkm1, single) - bk, single) / denom, single);
                    b[(k + 1) * nrhs + c] = rnd(rnd(rnd(akm1 * bk, single) - bkm1, single) / denom, single);
                }
                k += 2;
            }
        }
        // L^T X = X': backward, undoing the interchanges
        for (int k = n - 1; k >= 0; ) {
            if (piv[k] > 0) {
                for (int i = k + 1; i < n; i++) axpyRow(b, nrhs, k, i, -a[i * n + k], single);
                int kp = piv[k] - 1;
                if (kp != k) swapRows(b, nrhs, k, kp);
                k--;
            } else {
                for (int i = k + 1; i < n; i++) {
                    axpyRow(b, nrhs, k, i, -a[i * n + k], single);
                    axpyRow(b, nrhs, k - 1, i, -a[i * n + k - 1], single);
                }
                int kp = -piv[k] - 1;
                if (kp != k) swapRows(b, nrhs, k, kp);
                k -= 2;
            }
        }
    }

    /** Row {@code dst} of the [.., cols] matrix b += f * row {@code src}. */
    private static void axpyRow(double[] b, int cols, int dst, int src, double f, boolean single) {
        if (f == 0) return;
        for (int c = 0; c < cols; c++) b[dst * cols + c] = rnd(b[dst * cols + c] + rnd(f * b[src * cols + c], single), single);
    }
}
