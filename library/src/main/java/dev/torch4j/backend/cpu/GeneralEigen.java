package dev.torch4j.backend.cpu;

/**
 * The eigendecomposition of a general real matrix, in LAPACK geev's terms: eigenvalues as {@code wr + i wi} (a
 * conjugate pair consecutive, positive imaginary part first) and right eigenvectors packed in a real column-major
 * {@code vr} (a pair's vector is {@code vr[:, j] + i vr[:, j+1]}, its partner the conjugate), each of Euclidean norm 1
 * with its largest component real. {@link #pack} turns that into complex (re, im) pairs for either solver;
 * {@link #geev} computes it in plain Java (double) for {@link JavaLapack}: Householder reduction to Hessenberg form,
 * Francis double-shift QR to the real Schur form {@code T = Z^T A Z}, eigenvectors of T by back substitution,
 * transformed by Z. Unlike LAPACK it does not balance the matrix first, so badly scaled matrices lose some accuracy.
 */
final class GeneralEigen {
    private static final double EPS = Math.ulp(1.0);

    private GeneralEigen() {}

    // ---------------------------------------------------------------- packing shared with the LAPACK path

    private static void set(Object arr, int i, double x) {
        if (arr instanceof float[] f) f[i] = (float) x;
        else ((double[]) arr)[i] = x;
    }

    /**
     * Writes the eigenvalues into {@code w} ([n, 2]) and, unless {@code v} is null, the eigenvectors packed in
     * {@code vr} (column-major [n, n]) as the columns of {@code v} ([n, n, 2], row-major), both float[] or double[].
     */
    static void pack(int n, double[] wr, double[] wi, double[] vr, Object w, Object v) {
        for (int j = 0; j < n; j++) {
            set(w, 2 * j, wr[j]);
            set(w, 2 * j + 1, wi[j]);
        }
        if (v == null) return;
        for (int j = 0; j < n; j++) {
            boolean pair = wi[j] != 0 && j + 1 < n;
            for (int i = 0; i < n; i++) {
                double re = vr[j * n + i], im = pair ? vr[(j + 1) * n + i] : 0;
                set(v, 2 * (i * n + j), re);
                set(v, 2 * (i * n + j) + 1, im);
                if (pair) {
                    set(v, 2 * (i * n + j + 1), re);
                    set(v, 2 * (i * n + j + 1) + 1, -im);
                }
            }
            if (pair) j++;
        }
    }

    // ---------------------------------------------------------------- the Java solver

    /**
     * {@code a} [n, n] row-major (destroyed); {@code wr}, {@code wi} [n]; {@code vr} [n, n] column-major, or null for
     * the values alone. Returns 0, or (as geev) i &gt; 0 when the QR iteration failed to converge, eigenvalues i..n-1
     * (0-based) being the ones found.
     */
    static int geev(double[] a, int n, double[] wr, double[] wi, double[] vr) {
        double[] z = null;
        if (vr != null) {
            z = new double[n * n];
            for (int i = 0; i < n; i++) z[i * n + i] = 1;
        }
        hessenberg(a, n, z);
        int info = schur(a, n, wr, wi, z);
        if (info != 0 || vr == null) return info;
        double[] x = schurVectors(a, n, wr, wi);
        for (int j = 0; j < n; j++) {  // vr = Z x, column by column
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int m = 0; m <= j + (wi[j] < 0 ? 0 : 1) && m < n; m++) s += z[i * n + m] * x[j * n + m];
                vr[j * n + i] = s;
            }
        }
        normalize(vr, n, wi);
        return 0;
    }

    /** H = Q^T A Q by Householder reflections, in place; {@code z} (if any) becomes Q. */
    private static void hessenberg(double[] h, int n, double[] z) {
        double[] u = new double[n];
        for (int k = 0; k < n - 2; k++) {
            int len = n - k - 1;
            double scale = 0;
            for (int i = 0; i < len; i++) scale = Math.max(scale, Math.abs(h[(k + 1 + i) * n + k]));
            if (scale == 0) continue;
            double ss = 0;
            for (int i = 0; i < len; i++) {
                u[i] = h[(k + 1 + i) * n + k] / scale;
                ss += u[i] * u[i];
            }
            double beta = -Math.copySign(Math.sqrt(ss), u[0]);
            u[0] -= beta;  // u = x - beta e1, so (I - 2 u u^T / u^T u) x = beta e1
            double utu = 0;
            for (int i = 0; i < len; i++) utu += u[i] * u[i];
            double f2 = 2 / utu;
            for (int c = k + 1; c < n; c++) {  // from the left, on rows k+1..; column k is set below
                double s = 0;
                for (int i = 0; i < len; i++) s += u[i] * h[(k + 1 + i) * n + c];
                s *= f2;
                for (int i = 0; i < len; i++) h[(k + 1 + i) * n + c] -= s * u[i];
            }
            h[(k + 1) * n + k] = beta * scale;
            for (int i = 1; i < len; i++) h[(k + 1 + i) * n + k] = 0;
            reflectColumns(h, n, 0, n, k + 1, u, len, f2);
            if (z != null) reflectColumns(z, n, 0, n, k + 1, u, len, f2);
        }
    }

    /** Rows [r0, r1) of m, columns c.. c+len-1, times {@code I - f2 u u^T}. */
    private static void reflectColumns(double[] m, int n, int r0, int r1, int c, double[] u, int len, double f2) {
        for (int r = r0; r < r1; r++) {
            double s = 0;
            for (int i = 0; i < len; i++) s += m[r * n + c + i] * u[i];
            s *= f2;
            for (int i = 0; i < len; i++) m[r * n + c + i] -= s * u[i];
        }
    }

    /**
     * The real Schur form of the Hessenberg matrix h, in place: deflating from the bottom, a 1x1 block is a real
     * eigenvalue and a 2x2 block a complex pair (a 2x2 block with real eigenvalues is rotated to triangular). With
     * {@code z} the whole of T is updated (the vectors need it) and the rotations accumulated into z; without, only
     * the active window.
     */
    private static int schur(double[] h, int n, double[] wr, double[] wi, double[] z) {
        double norm = 0;
        for (int i = 0; i < n; i++) for (int j = Math.max(0, i - 1); j < n; j++) norm += Math.abs(h[i * n + j]);
        int hi = n - 1, iter = 0, maxIter = 30 * Math.max(10, n);
        while (hi >= 0) {
            int l = hi;
            for (; l > 0; l--) {
                double s = Math.abs(h[(l - 1) * n + l - 1]) + Math.abs(h[l * n + l]);
                if (Math.abs(h[l * n + l - 1]) <= EPS * (s == 0 ? norm : s)) break;
            }
            if (l > 0) h[l * n + l - 1] = 0;
            if (l == hi) {
                wr[hi] = h[hi * n + hi];
                wi[hi] = 0;
                hi--;
                iter = 0;
            } else if (l == hi - 1) {
                splitBlock(h, n, hi, wr, wi, z);
                hi -= 2;
                iter = 0;
            } else {
                if (++iter > maxIter) return hi + 1;
                double sum, prod;  // of the two shifts
                if (iter % 10 == 0) {  // an exceptional shift breaks a cycle (LAPACK's dlahqr uses the same numbers)
                    double e = Math.abs(h[hi * n + hi - 1]) + Math.abs(h[(hi - 1) * n + hi - 2]);
                    double d = 0.75 * e + h[hi * n + hi];
                    sum = 2 * d;
                    prod = d * d + 0.4375 * e * e;
                } else {
                    double a = h[(hi - 1) * n + hi - 1], b = h[(hi - 1) * n + hi], c = h[hi * n + hi - 1], d = h[hi * n + hi];
                    sum = a + d;
                    prod = a * d - b * c;
                }
                francisStep(h, n, l, hi, sum, prod, z);
            }
        }
        return 0;
    }

    /** The eigenvalues of the deflated 2x2 block at rows hi-1, hi; a real pair is rotated to upper triangular. */
    private static void splitBlock(double[] h, int n, int hi, double[] wr, double[] wi, double[] z) {
        int i = hi - 1;
        double a = h[i * n + i], b = h[i * n + hi], c = h[hi * n + i], d = h[hi * n + hi];
        double p = 0.5 * (a - d), q = p * p + b * c;
        if (q < 0) {
            wr[i] = wr[hi] = d + p;
            wi[i] = Math.sqrt(-q);
            wi[hi] = -wi[i];
            return;
        }
        double zz = p + Math.copySign(Math.sqrt(q), p);  // lambda1 - d, without cancellation
        double l1 = d + zz, l2 = zz == 0 ? d : d - b * c / zz;
        wr[i] = l1;
        wr[hi] = l2;
        wi[i] = wi[hi] = 0;
        if (z == null) return;
        double r = Math.hypot(zz, c);  // G's first column: B's eigenvector (lambda1 - d, c) for lambda1
        if (r == 0) return;  // c == 0: already triangular
        double cs = zz / r, sn = c / r;
        for (int col = i; col < n; col++) {  // G^T on rows i, hi
            double x = h[i * n + col], y = h[hi * n + col];
            h[i * n + col] = cs * x + sn * y;
            h[hi * n + col] = -sn * x + cs * y;
        }
        rotateColumns(h, n, hi + 1, i, cs, sn);
        rotateColumns(z, n, n, i, cs, sn);
        h[i * n + i] = l1;
        h[hi * n + hi] = l2;
        h[hi * n + i] = 0;
    }

    /** Columns i, i+1 of rows [0, rows) of m times the rotation [[cs, -sn], [sn, cs]]. */
    private static void rotateColumns(double[] m, int n, int rows, int i, double cs, double sn) {
        for (int r = 0; r < rows; r++) {
            double x = m[r * n + i], y = m[r * n + i + 1];
            m[r * n + i] = cs * x + sn * y;
            m[r * n + i + 1] = -sn * x + cs * y;
        }
    }

    /**
     * One implicit double-shift QR step on the window [l, hi] of h (shifts with the given sum and product): a bulge
     * made by the first column of {@code (H - s1)(H - s2)} is chased down by 3-element reflectors.
     */
    private static void francisStep(double[] h, int n, int l, int hi, double sum, double prod, double[] z) {
        boolean full = z != null;
        int colEnd = full ? n : hi + 1, rowStart = full ? 0 : l;
        double h00 = h[l * n + l], h10 = h[(l + 1) * n + l];
        double x = h00 * h00 + h[l * n + l + 1] * h10 - sum * h00 + prod;
        double y = h10 * (h00 + h[(l + 1) * n + l + 1] - sum);
        double w = h10 * h[(l + 2) * n + l + 1];
        for (int k = l; k <= hi - 1; k++) {
            int m = k == hi - 1 ? 2 : 3;  // the last reflector has two elements
            if (m == 2) w = 0;
            double scale = Math.abs(x) + Math.abs(y) + Math.abs(w);
            if (scale != 0) {
                double xs = x / scale, ys = y / scale, ws = w / scale;
                double beta = -Math.copySign(Math.sqrt(xs * xs + ys * ys + ws * ws), xs);
                // P = I - tau v v^T, v = (1, v1, v2): P (x, y, w) = (beta, 0, 0) * scale
                double v1 = ys / (xs - beta), v2 = ws / (xs - beta), tau = (beta - xs) / beta;
                for (int col = Math.max(l, k - 1); col < colEnd; col++) {
                    double s = h[k * n + col] + v1 * h[(k + 1) * n + col] + (m == 3 ? v2 * h[(k + 2) * n + col] : 0);
                    s *= tau;
                    h[k * n + col] -= s;
                    h[(k + 1) * n + col] -= s * v1;
                    if (m == 3) h[(k + 2) * n + col] -= s * v2;
                }
                if (k > l) {  // the bulge's column, exactly
                    h[k * n + k - 1] = beta * scale;
                    h[(k + 1) * n + k - 1] = 0;
                    if (m == 3) h[(k + 2) * n + k - 1] = 0;
                }
                reflect3(h, n, rowStart, Math.min(k + 3, hi) + 1, k, m, v1, v2, tau);
                if (full) reflect3(z, n, 0, n, k, m, v1, v2, tau);
            }
            if (k < hi - 1) {
                x = h[(k + 1) * n + k];
                y = h[(k + 2) * n + k];
                w = k < hi - 2 ? h[(k + 3) * n + k] : 0;
            }
        }
    }

    /** Rows [r0, r1) of m, columns k..k+m-1, times P = I - tau v v^T with v = (1, v1, v2) (v2 unused for m = 2). */
    private static void reflect3(double[] a, int n, int r0, int r1, int k, int m, double v1, double v2, double tau) {
        for (int r = r0; r < r1; r++) {
            double s = a[r * n + k] + v1 * a[r * n + k + 1] + (m == 3 ? v2 * a[r * n + k + 2] : 0);
            s *= tau;
            a[r * n + k] -= s;
            a[r * n + k + 1] -= s * v1;
            if (m == 3) a[r * n + k + 2] -= s * v2;
        }
    }

    /**
     * The eigenvectors of the quasi-triangular T (row-major), packed as geev packs them, column-major: x solves
     * {@code (T - lambda) x = 0} from the eigenvalue's own block upward, 2x2 blocks of complex pairs above it solved
     * as 2x2 systems; a complex pair's vector (for the eigenvalue with positive imaginary part) in real arithmetic on
     * (re, im). Near-zero pivots are replaced by {@code eps * |T|}, as LAPACK's trevc does.
     */
    private static double[] schurVectors(double[] t, int n, double[] wr, double[] wi) {
        double norm = 0;
        for (int i = 0; i < n; i++) for (int j = Math.max(0, i - 1); j < n; j++) norm = Math.max(norm, Math.abs(t[i * n + j]));
        double smin = Math.max(EPS * norm, Double.MIN_NORMAL);
        double[] x = new double[n * n];
        double[] re = new double[n], im = new double[n];
        for (int k = 0; k < n; k++) {
            boolean complex = wi[k] > 0;
            int top = k + (complex ? 1 : 0);  // the eigenvalue's block ends here
            java.util.Arrays.fill(re, 0);
            java.util.Arrays.fill(im, 0);
            double lr = wr[k], li = complex ? wi[k] : 0;
            if (complex) {  // the 2x2 block's own vector: (b, lambda - a)
                re[k] = t[k * n + k + 1];
                re[k + 1] = lr - t[k * n + k];
                im[k + 1] = li;
            } else {
                re[k] = 1;
            }
            for (int i = k - 1; i >= 0; i--) {
                double sr = 0, si = 0;
                for (int j = i + 1; j <= top; j++) {
                    sr += t[i * n + j] * re[j];
                    si += t[i * n + j] * im[j];
                }
                if (i > 0 && wi[i] < 0) {  // rows i-1, i: a complex pair's 2x2 block
                    double pr = 0, pi = 0;
                    for (int j = i + 1; j <= top; j++) {
                        pr += t[(i - 1) * n + j] * re[j];
                        pi += t[(i - 1) * n + j] * im[j];
                    }
                    solve2(t, n, i - 1, lr, li, -pr, -pi, -sr, -si, smin, re, im);
                    i--;
                } else {
                    double[] q = cdiv(-sr, -si, pivot(t[i * n + i] - lr, smin, li), -li);
                    re[i] = q[0];
                    im[i] = q[1];
                }
                rescale(re, im, i, top);
            }
            for (int m = 0; m <= top; m++) {
                x[k * n + m] = re[m];
                if (complex) x[(k + 1) * n + m] = im[m];
            }
            if (complex) k++;
        }
        return x;
    }

    /** A real pivot bounded away from zero where the complex pivot {@code (d, li)} would be tiny. */
    private static double pivot(double d, double smin, double li) {
        return Math.abs(d) + Math.abs(li) < smin ? smin : d;
    }

    /** (a + ib) / (c + id), scaled against overflow. */
    private static double[] cdiv(double a, double b, double c, double d) {
        if (Math.abs(c) >= Math.abs(d)) {
            double r = d / c, den = c + d * r;
            return new double[] {(a + b * r) / den, (b - a * r) / den};
        }
        double r = c / d, den = c * r + d;
        return new double[] {(a * r + b) / den, (b * r - a) / den};
    }

    /**
     * Solves {@code (B - lambda I) (x0, x1) = (r0, r1)} for the 2x2 block B at rows/cols i, i+1 of t, lambda and
     * the unknowns complex, by Cramer's rule; writes x into re/im at i, i+1.
     */
    private static void solve2(double[] t, int n, int i, double lr, double li, double r0r, double r0i, double r1r, double r1i,
            double smin, double[] re, double[] im) {
        double ar = t[i * n + i] - lr, dr = t[(i + 1) * n + i + 1] - lr, ai = -li;  // a = ar + i ai, d = dr + i ai
        double b = t[i * n + i + 1], c = t[(i + 1) * n + i];
        // det = a d - b c
        double detr = ar * dr - ai * ai - b * c, deti = ar * ai + ai * dr;
        if (Math.abs(detr) + Math.abs(deti) < smin * smin) detr = smin * smin;
        // x0 = (r0 d - b r1) / det, x1 = (a r1 - c r0) / det
        double n0r = r0r * dr - r0i * ai - b * r1r, n0i = r0r * ai + r0i * dr - b * r1i;
        double n1r = ar * r1r - ai * r1i - c * r0r, n1i = ar * r1i + ai * r1r - c * r0i;
        double[] x0 = cdiv(n0r, n0i, detr, deti), x1 = cdiv(n1r, n1i, detr, deti);
        re[i] = x0[0];
        im[i] = x0[1];
        re[i + 1] = x1[0];
        im[i + 1] = x1[1];
    }

    /** Scales entries [from, to] of (re, im) down when the newest (from, from + 1) grew huge, so later sums cannot overflow. */
    private static void rescale(double[] re, double[] im, int from, int to) {
        double big = 0;
        for (int j = from; j <= Math.min(from + 1, to); j++) big = Math.max(big, Math.max(Math.abs(re[j]), Math.abs(im[j])));
        if (big <= 1e100) return;
        for (int j = from; j <= to; j++) {
            re[j] /= big;
            im[j] /= big;
        }
    }

    /**
     * geev's normalization: a real vector to unit 2-norm; a complex one to unit norm and then turned so that its
     * largest component (the first of largest modulus) is real, keeping the sign of that component's real part.
     */
    private static void normalize(double[] vr, int n, double[] wi) {
        for (int j = 0; j < n; j++) {
            if (wi[j] == 0) {
                double s = 0;
                for (int i = 0; i < n; i++) s += vr[j * n + i] * vr[j * n + i];
                double inv = 1 / Math.sqrt(s);
                for (int i = 0; i < n; i++) vr[j * n + i] *= inv;
                continue;
            }
            int r = j * n, q = (j + 1) * n;
            double s = 0, best = -1;
            int at = 0;
            for (int i = 0; i < n; i++) {
                double m2 = vr[r + i] * vr[r + i] + vr[q + i] * vr[q + i];
                s += m2;
                if (m2 > best) {
                    best = m2;
                    at = i;
                }
            }
            double inv = 1 / Math.sqrt(s);
            double f = vr[r + at] * inv, g = vr[q + at] * inv, d = Math.hypot(f, g);
            double cs = Math.abs(f) / d, sn = (f < 0 ? -g : g) / d;  // times conj(v_at) / |v_at|, sign of Re kept
            for (int i = 0; i < n; i++) {
                double a = vr[r + i] * inv, b = vr[q + i] * inv;
                vr[r + i] = cs * a + sn * b;
                vr[q + i] = cs * b - sn * a;
            }
            vr[q + at] = 0;
            j++;
        }
    }
}
