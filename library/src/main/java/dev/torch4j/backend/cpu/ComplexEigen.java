package dev.torch4j.backend.cpu;

/**
 * The eigendecomposition of a general complex matrix in plain Java (double), in LAPACK zgeev's terms, for
 * {@link JavaComplexLapack}: Householder reduction to Hessenberg form {@code H = Q^H A Q}, implicit single-shift QR
 * (Wilkinson shifts, Givens rotations, as zlahqr) to the Schur form {@code T = Z^H A Z}, the eigenvectors of the
 * triangular T by back substitution (ztrevc's, small pivots replaced by {@code eps |T|}), transformed by Z and
 * normalized as zgeev does: unit Euclidean norm, then turned so that the first component of largest modulus is real
 * and positive. The eigenvalues come in T's diagonal order, which need not be LAPACK's (zgeev balances the matrix first
 * and deflates with another strategy); unlike LAPACK it does not balance, so badly scaled matrices lose some accuracy.
 * Matrices are interleaved row-major arrays (element (i, j) at {@code 2 (i n + j)}, its imaginary part next).
 */
final class ComplexEigen {
    private static final double EPS = Math.ulp(1.0);

    private ComplexEigen() {}

    /**
     * {@code a} [n, n] (destroyed); {@code w} [n] complex; {@code v} [n, n] complex (eigenvectors as columns) or null
     * for the values alone. Returns 0, or (as geev) i &gt; 0 when the QR iteration failed to converge, eigenvalues i..n-1
     * (0-based) being the ones found.
     */
    static int geev(double[] a, int n, double[] w, double[] v) {
        double[] z = null;
        if (v != null) {
            z = new double[2 * n * n];
            for (int i = 0; i < n; i++) z[2 * (i * n + i)] = 1;
        }
        hessenberg(a, n, z);
        int info = schur(a, n, w, z);
        if (info != 0 || v == null) return info;
        double[] x = triangularVectors(a, n);
        for (int j = 0; j < n; j++) {  // v[:, j] = Z x[:, j], x[:, j] zero below row j
            for (int i = 0; i < n; i++) {
                double re = 0, im = 0;
                for (int m = 0; m <= j; m++) {
                    int zi = 2 * (i * n + m), xi = 2 * (m * n + j);
                    re += z[zi] * x[xi] - z[zi + 1] * x[xi + 1];
                    im += z[zi] * x[xi + 1] + z[zi + 1] * x[xi];
                }
                v[2 * (i * n + j)] = re;
                v[2 * (i * n + j) + 1] = im;
            }
        }
        normalize(v, n);
        return 0;
    }

    private static double cabs1(double[] a, int i) { return Math.abs(a[i]) + Math.abs(a[i + 1]); }

    /** H = Q^H A Q by zlarfg-style reflections on the columns below the subdiagonal, in place; {@code z} (if any) becomes Q. */
    private static void hessenberg(double[] h, int n, double[] z) {
        double[] u = new double[2 * n];
        for (int k = 0; k < n - 2; k++) {
            int len = n - k - 1;
            double xnorm = 0;
            for (int i = 1; i < len; i++) xnorm = Math.hypot(xnorm, Math.hypot(h[2 * ((k + 1 + i) * n + k)], h[2 * ((k + 1 + i) * n + k) + 1]));
            if (xnorm == 0) continue;  // already Hessenberg in this column
            int a0 = 2 * ((k + 1) * n + k);
            double ar = h[a0], ai = h[a0 + 1];
            double beta = -Math.copySign(Math.hypot(Math.hypot(ar, ai), xnorm), ar);
            double tr = (beta - ar) / beta, ti = -ai / beta;
            double[] sc = reciprocal(ar - beta, ai);
            u[0] = 1;
            u[1] = 0;
            for (int i = 1; i < len; i++) {  // v = (1, x / (alpha - beta))
                int xi = 2 * ((k + 1 + i) * n + k);
                u[2 * i] = h[xi] * sc[0] - h[xi + 1] * sc[1];
                u[2 * i + 1] = h[xi] * sc[1] + h[xi + 1] * sc[0];
            }
            // from the left with H^H = I - conj(tau) v v^H, on rows k+1.. of columns k+1..; column k is beta e1
            for (int c = k + 1; c < n; c++) {
                double sr = 0, si = 0;
                for (int i = 0; i < len; i++) {  // v^H x
                    int xi = 2 * ((k + 1 + i) * n + c);
                    sr += u[2 * i] * h[xi] + u[2 * i + 1] * h[xi + 1];
                    si += u[2 * i] * h[xi + 1] - u[2 * i + 1] * h[xi];
                }
                double pr = sr * tr + si * ti, pi = si * tr - sr * ti;  // conj(tau) s
                for (int i = 0; i < len; i++) {
                    int xi = 2 * ((k + 1 + i) * n + c);
                    h[xi] -= pr * u[2 * i] - pi * u[2 * i + 1];
                    h[xi + 1] -= pr * u[2 * i + 1] + pi * u[2 * i];
                }
            }
            h[a0] = beta;
            h[a0 + 1] = 0;
            for (int i = 1; i < len; i++) h[2 * ((k + 1 + i) * n + k)] = h[2 * ((k + 1 + i) * n + k) + 1] = 0;
            // from the right with H = I - tau v v^H, on columns k+1.. of every row (and of Z)
            rightReflect(h, n, k + 1, u, len, tr, ti);
            if (z != null) rightReflect(z, n, k + 1, u, len, tr, ti);
        }
    }

    /** Every row x of m (columns c.. c+len-1) becomes {@code x (I - tau v v^H) = x - tau (x v) v^H}. */
    private static void rightReflect(double[] m, int n, int c, double[] u, int len, double tr, double ti) {
        for (int r = 0; r < n; r++) {
            double sr = 0, si = 0;
            for (int i = 0; i < len; i++) {  // x v
                int xi = 2 * (r * n + c + i);
                sr += m[xi] * u[2 * i] - m[xi + 1] * u[2 * i + 1];
                si += m[xi] * u[2 * i + 1] + m[xi + 1] * u[2 * i];
            }
            double pr = sr * tr - si * ti, pi = sr * ti + si * tr;  // tau (x v)
            for (int i = 0; i < len; i++) {  // minus p conj(v_i)
                int xi = 2 * (r * n + c + i);
                m[xi] -= pr * u[2 * i] + pi * u[2 * i + 1];
                m[xi + 1] -= pi * u[2 * i] - pr * u[2 * i + 1];
            }
        }
    }

    /** {@code 1 / (re + i im)}, scaled as Smith's division scales it. */
    private static double[] reciprocal(double re, double im) {
        if (Math.abs(re) >= Math.abs(im)) {
            double t = im / re, d = re + im * t;
            return new double[] {1 / d, -t / d};
        }
        double t = re / im, d = re * t + im;
        return new double[] {t / d, -1 / d};
    }

    /** The principal square root of a complex number. */
    private static double[] csqrt(double re, double im) {
        double m = Math.hypot(re, im);
        if (m == 0) return new double[] {0, 0};
        double r = Math.sqrt((m + Math.abs(re)) / 2);
        return re >= 0 ? new double[] {r, im / (2 * r)} : new double[] {Math.abs(im) / (2 * r), Math.copySign(r, im)};
    }

    /**
     * The Schur form of the Hessenberg matrix h, in place, its diagonal into w: deflating from the bottom, each step a
     * Givens-chased implicit QR step with the Wilkinson shift (an exceptional shift every tenth iteration). With
     * {@code z} the whole of T is updated (the vectors need it) and the rotations accumulated into z; without, only
     * the active window.
     */
    private static int schur(double[] h, int n, double[] w, double[] z) {
        double norm = 0;
        for (int i = 0; i < n; i++) for (int j = Math.max(0, i - 1); j < n; j++) norm += cabs1(h, 2 * (i * n + j));
        int hi = n - 1, iter = 0, maxIter = 30 * Math.max(10, n);
        boolean full = z != null;
        while (hi >= 0) {
            int l = hi;
            for (; l > 0; l--) {
                double s = cabs1(h, 2 * ((l - 1) * n + l - 1)) + cabs1(h, 2 * (l * n + l));
                if (cabs1(h, 2 * (l * n + l - 1)) <= EPS * (s == 0 ? norm : s)) break;
            }
            if (l > 0) h[2 * (l * n + l - 1)] = h[2 * (l * n + l - 1) + 1] = 0;
            if (l == hi) {
                w[2 * hi] = h[2 * (hi * n + hi)];
                w[2 * hi + 1] = h[2 * (hi * n + hi) + 1];
                hi--;
                iter = 0;
                continue;
            }
            if (++iter > maxIter) return hi + 1;
            double mr, mi;  // the shift
            int dd = 2 * (hi * n + hi);
            if (iter % 10 == 0) {
                double e = 0.75 * Math.abs(h[2 * (hi * n + hi - 1)]) + 0.75 * Math.abs(h[2 * (hi * n + hi - 1) + 1]);
                mr = h[dd] + e;
                mi = h[dd + 1];
            } else {
                int aa = 2 * ((hi - 1) * n + hi - 1), bb = 2 * ((hi - 1) * n + hi), cc = 2 * (hi * n + hi - 1);
                double pr = (h[aa] - h[dd]) / 2, pi = (h[aa + 1] - h[dd + 1]) / 2;  // p = (a - d) / 2
                double bcr = h[bb] * h[cc] - h[bb + 1] * h[cc + 1], bci = h[bb] * h[cc + 1] + h[bb + 1] * h[cc];
                double[] disc = csqrt(pr * pr - pi * pi + bcr, 2 * pr * pi + bci);
                double d1r = pr + disc[0], d1i = pi + disc[1], d2r = pr - disc[0], d2i = pi - disc[1];
                double denr = d1r, deni = d1i;
                if (Math.hypot(d2r, d2i) > Math.hypot(d1r, d1i)) {
                    denr = d2r;
                    deni = d2i;
                }
                mr = h[dd];
                mi = h[dd + 1];
                if (denr != 0 || deni != 0) {  // mu = d - bc / den: the eigenvalue of the trailing 2x2 nearer d
                    double[] r = reciprocal(denr, deni);
                    mr -= bcr * r[0] - bci * r[1];
                    mi -= bcr * r[1] + bci * r[0];
                }
            }
            qrStep(h, n, l, hi, mr, mi, z, full);
        }
        return 0;
    }

    /** One implicit single-shift QR step on the window [l, hi]: a Givens rotation made from {@code H - mu} chased down. */
    private static void qrStep(double[] h, int n, int l, int hi, double mr, double mi, double[] z, boolean full) {
        int colEnd = full ? n : hi + 1, rowStart = full ? 0 : l;
        double xr = h[2 * (l * n + l)] - mr, xi = h[2 * (l * n + l) + 1] - mi;
        double yr = h[2 * ((l + 1) * n + l)], yi = h[2 * ((l + 1) * n + l) + 1];
        for (int k = l; k < hi; k++) {
            if (k > l) {
                xr = h[2 * (k * n + k - 1)];
                xi = h[2 * (k * n + k - 1) + 1];
                yr = h[2 * ((k + 1) * n + k - 1)];
                yi = h[2 * ((k + 1) * n + k - 1) + 1];
            }
            // G = [[c, s], [-conj(s), c]] with G (x, y) = (r, 0), c real (zlartg)
            double ax = Math.hypot(xr, xi), ay = Math.hypot(yr, yi);
            if (ay == 0) continue;
            double c, sr, si;
            double nrm = Math.hypot(ax, ay);
            if (ax == 0) {
                c = 0;
                sr = yr / ay;
                si = -yi / ay;
            } else {
                c = ax / nrm;
                double ur = xr / ax, ui = xi / ax;  // x / |x|, times conj(y) / nrm
                sr = (ur * yr + ui * yi) / nrm;
                si = (ui * yr - ur * yi) / nrm;
            }
            for (int col = k > l ? k - 1 : l; col < colEnd; col++) {  // rows k, k+1 times G
                int pk = 2 * (k * n + col), pk1 = 2 * ((k + 1) * n + col);
                double ar = h[pk], ai = h[pk + 1], br = h[pk1], bi = h[pk1 + 1];
                h[pk] = c * ar + sr * br - si * bi;
                h[pk + 1] = c * ai + sr * bi + si * br;
                h[pk1] = c * br - (sr * ar + si * ai);
                h[pk1 + 1] = c * bi - (sr * ai - si * ar);
            }
            if (k > l) h[2 * ((k + 1) * n + k - 1)] = h[2 * ((k + 1) * n + k - 1) + 1] = 0;
            int rowEnd = Math.min(k + 2, hi);
            rotateColumns(h, n, rowStart, rowEnd + 1, k, c, sr, si);
            if (full) rotateColumns(z, n, 0, n, k, c, sr, si);
        }
    }

    /** Columns k, k+1 of rows [r0, r1) times G^H = [[c, -s], [conj(s), c]]. */
    private static void rotateColumns(double[] m, int n, int r0, int r1, int k, double c, double sr, double si) {
        for (int r = r0; r < r1; r++) {
            int pk = 2 * (r * n + k), pk1 = pk + 2;
            double ar = m[pk], ai = m[pk + 1], br = m[pk1], bi = m[pk1 + 1];
            m[pk] = c * ar + sr * br + si * bi;  // c a + conj(s) b
            m[pk + 1] = c * ai + sr * bi - si * br;
            m[pk1] = c * br - (sr * ar - si * ai);  // c b - s a
            m[pk1 + 1] = c * bi - (sr * ai + si * ar);
        }
    }

    /**
     * The eigenvectors of the upper triangular t as the columns of an [n, n] matrix: column k solves
     * {@code (T - t_kk) x = 0} with {@code x_k = 1}, zero below; a pivot {@code t_ii - t_kk} smaller than
     * {@code eps |T|} is replaced by that bound, as ztrevc does, and a column growing huge is scaled down.
     */
    private static double[] triangularVectors(double[] t, int n) {
        double norm = 0;
        for (int i = 0; i < n; i++) for (int j = i; j < n; j++) norm = Math.max(norm, cabs1(t, 2 * (i * n + j)));
        double smin = Math.max(EPS * norm, Double.MIN_NORMAL);
        double[] x = new double[2 * n * n];
        double[] re = new double[n], im = new double[n];
        for (int k = 0; k < n; k++) {
            java.util.Arrays.fill(re, 0);
            java.util.Arrays.fill(im, 0);
            re[k] = 1;
            double lr = t[2 * (k * n + k)], li = t[2 * (k * n + k) + 1];
            for (int i = k - 1; i >= 0; i--) {
                double sr = 0, si = 0;
                for (int j = i + 1; j <= k; j++) {
                    int ij = 2 * (i * n + j);
                    sr += t[ij] * re[j] - t[ij + 1] * im[j];
                    si += t[ij] * im[j] + t[ij + 1] * re[j];
                }
                double dr = t[2 * (i * n + i)] - lr, di = t[2 * (i * n + i) + 1] - li;
                if (Math.abs(dr) + Math.abs(di) < smin) {
                    dr = smin;
                    di = 0;
                }
                double[] r = reciprocal(dr, di);
                re[i] = -(sr * r[0] - si * r[1]);
                im[i] = -(sr * r[1] + si * r[0]);
                double big = Math.max(Math.abs(re[i]), Math.abs(im[i]));
                if (big > 1e100) {
                    for (int j = i; j <= k; j++) {
                        re[j] /= big;
                        im[j] /= big;
                    }
                }
            }
            for (int m = 0; m <= k; m++) {
                x[2 * (m * n + k)] = re[m];
                x[2 * (m * n + k) + 1] = im[m];
            }
        }
        return x;
    }

    /** zgeev's normalization of each column: unit 2-norm, then times {@code conj(v_k) / |v_k|}, k the first largest |v_k|. */
    private static void normalize(double[] v, int n) {
        for (int j = 0; j < n; j++) {
            double s = 0, best = -1;
            int at = 0;
            for (int i = 0; i < n; i++) {
                int p = 2 * (i * n + j);
                s += v[p] * v[p] + v[p + 1] * v[p + 1];
            }
            double inv = 1 / Math.sqrt(s);
            for (int i = 0; i < n; i++) {
                int p = 2 * (i * n + j);
                v[p] *= inv;
                v[p + 1] *= inv;
                double m2 = v[p] * v[p] + v[p + 1] * v[p + 1];
                if (m2 > best) {
                    best = m2;
                    at = i;
                }
            }
            int q = 2 * (at * n + j);
            double mag = Math.sqrt(best), cr = v[q] / mag, ci = -v[q + 1] / mag;
            for (int i = 0; i < n; i++) {
                int p = 2 * (i * n + j);
                double a = v[p], b = v[p + 1];
                v[p] = a * cr - b * ci;
                v[p + 1] = a * ci + b * cr;
            }
            v[q] = mag;
            v[q + 1] = 0;
        }
    }
}
