package dev.torch4j.backend.cpu;

/**
 * CpuFft's stages for one signal (Note [Stockham stages] in {@link CpuFft}): radix 2, 4, 3 and 5 written out, and
 * any odd radix with the pairing {@code j, r - j}. {@link CpuFftSimd} has the same operations in the same order
 * over vector lanes, so a signal gets the same bits on either path.
 */
final class CpuFftScalar {
    private CpuFftScalar() {}

    static void radix2(double[] ar, double[] ai, double[] br, double[] bi, int l, int mp, double[] twr, double[] twi) {
        for (int k = 0; k < l; k++) {
            double wr = twr[2 * k + 1], wi = twi[2 * k + 1];
            int a0 = mp * (2 * k), a1 = a0 + mp, b0 = mp * k, b1 = b0 + mp * l;
            for (int m = 0; m < mp; m++) {
                double xr = ar[a1 + m], xi = ai[a1 + m];
                double tr = wr * xr - wi * xi, ti = wr * xi + wi * xr;
                double ur = ar[a0 + m], ui = ai[a0 + m];
                br[b0 + m] = ur + tr;
                bi[b0 + m] = ui + ti;
                br[b1 + m] = ur - tr;
                bi[b1 + m] = ui - ti;
            }
        }
    }

    static void radix4(double[] ar, double[] ai, double[] br, double[] bi, int l, int mp, double[] twr, double[] twi,
                               int sign) {
        int stride = mp * l;
        for (int k = 0; k < l; k++) {
            double w1r = twr[4 * k + 1], w1i = twi[4 * k + 1], w2r = twr[4 * k + 2], w2i = twi[4 * k + 2];
            double w3r = twr[4 * k + 3], w3i = twi[4 * k + 3];
            int a0 = mp * (4 * k), b0 = mp * k;
            for (int m = 0; m < mp; m++) {
                double x0r = ar[a0 + m], x0i = ai[a0 + m];
                double yr = ar[a0 + mp + m], yi = ai[a0 + mp + m];
                double x1r = w1r * yr - w1i * yi, x1i = w1r * yi + w1i * yr;
                yr = ar[a0 + 2 * mp + m];
                yi = ai[a0 + 2 * mp + m];
                double x2r = w2r * yr - w2i * yi, x2i = w2r * yi + w2i * yr;
                yr = ar[a0 + 3 * mp + m];
                yi = ai[a0 + 3 * mp + m];
                double x3r = w3r * yr - w3i * yi, x3i = w3r * yi + w3i * yr;
                double s02r = x0r + x2r, s02i = x0i + x2i, d02r = x0r - x2r, d02i = x0i - x2i;
                double s13r = x1r + x3r, s13i = x1i + x3i, d13r = x1r - x3r, d13i = x1i - x3i;
                // w_4 = sign * i: (a + ib) w_4 = sign (-b + ia)
                double rr = -sign * d13i, ri = sign * d13r;
                int b = b0 + m;
                br[b] = s02r + s13r;
                bi[b] = s02i + s13i;
                br[b + stride] = d02r + rr;
                bi[b + stride] = d02i + ri;
                br[b + 2 * stride] = s02r - s13r;
                bi[b + 2 * stride] = s02i - s13i;
                br[b + 3 * stride] = d02r - rr;
                bi[b + 3 * stride] = d02i - ri;
            }
        }
    }

    private static final double SIN_60 = Math.sqrt(3) / 2;
    private static final double COS_72 = Math.cos(2 * Math.PI / 5), COS_144 = Math.cos(4 * Math.PI / 5);
    private static final double SIN_72 = Math.sin(2 * Math.PI / 5), SIN_144 = Math.sin(4 * Math.PI / 5);

    static void radix3(double[] ar, double[] ai, double[] br, double[] bi, int l, int mp, double[] twr, double[] twi,
                               int sign) {
        int stride = mp * l;
        double s3 = sign * SIN_60;
        for (int k = 0; k < l; k++) {
            double w1r = twr[3 * k + 1], w1i = twi[3 * k + 1], w2r = twr[3 * k + 2], w2i = twi[3 * k + 2];
            int a0 = mp * (3 * k), b0 = mp * k;
            for (int m = 0; m < mp; m++) {
                double x0r = ar[a0 + m], x0i = ai[a0 + m];
                double yr = ar[a0 + mp + m], yi = ai[a0 + mp + m];
                double x1r = w1r * yr - w1i * yi, x1i = w1r * yi + w1i * yr;
                yr = ar[a0 + 2 * mp + m];
                yi = ai[a0 + 2 * mp + m];
                double x2r = w2r * yr - w2i * yi, x2i = w2r * yi + w2i * yr;
                double ur = x1r + x2r, ui = x1i + x2i, vr = x1r - x2r, vi = x1i - x2i;
                double cr = x0r - 0.5 * ur, ci = x0i - 0.5 * ui;
                int b = b0 + m;
                br[b] = x0r + ur;
                bi[b] = x0i + ui;
                // y_1,2 = t0 - u/2 +- i s3 v
                br[b + stride] = cr - s3 * vi;
                bi[b + stride] = ci + s3 * vr;
                br[b + 2 * stride] = cr + s3 * vi;
                bi[b + 2 * stride] = ci - s3 * vr;
            }
        }
    }

    static void radix5(double[] ar, double[] ai, double[] br, double[] bi, int l, int mp, double[] twr, double[] twi,
                               int sign) {
        int stride = mp * l;
        double s1 = sign * SIN_72, s2 = sign * SIN_144;
        double[] xr = new double[5], xi = new double[5];
        for (int k = 0; k < l; k++) {
            int a0 = mp * (5 * k), b0 = mp * k;
            for (int m = 0; m < mp; m++) {
                double x0r = ar[a0 + m], x0i = ai[a0 + m];
                for (int j = 1; j < 5; j++) {
                    double yr = ar[a0 + j * mp + m], yi = ai[a0 + j * mp + m], wr = twr[5 * k + j], wi = twi[5 * k + j];
                    xr[j] = wr * yr - wi * yi;
                    xi[j] = wr * yi + wi * yr;
                }
                double u1r = xr[1] + xr[4], u1i = xi[1] + xi[4], v1r = xr[1] - xr[4], v1i = xi[1] - xi[4];
                double u2r = xr[2] + xr[3], u2i = xi[2] + xi[3], v2r = xr[2] - xr[3], v2i = xi[2] - xi[3];
                // y_q = t0 + sum over the pairs (j, 5 - j) of cos(2 pi jq/5) u_j + i sin(2 pi jq/5) v_j
                double c1r = x0r + COS_72 * u1r + COS_144 * u2r, c1i = x0i + COS_72 * u1i + COS_144 * u2i;
                double c2r = x0r + COS_144 * u1r + COS_72 * u2r, c2i = x0i + COS_144 * u1i + COS_72 * u2i;
                double d1r = s1 * v1r + s2 * v2r, d1i = s1 * v1i + s2 * v2i;          // y1 = c1 + i d1
                double d2r = s2 * v1r - s1 * v2r, d2i = s2 * v1i - s1 * v2i;          // y2 = c2 + i d2
                int b = b0 + m;
                br[b] = x0r + u1r + u2r;
                bi[b] = x0i + u1i + u2i;
                br[b + stride] = c1r - d1i;
                bi[b + stride] = c1i + d1r;
                br[b + 2 * stride] = c2r - d2i;
                bi[b + 2 * stride] = c2i + d2r;
                br[b + 3 * stride] = c2r + d2i;
                bi[b + 3 * stride] = c2i - d2r;
                br[b + 4 * stride] = c1r + d1i;
                bi[b + 4 * stride] = c1i - d1r;
            }
        }
    }

    /**
     * An odd radix: {@code y_q = t_0 + sum_{j <= r/2} cos(jq) (t_j + t_{r-j}) + i sin(jq) (t_j - t_{r-j})}; each of
     * the {@code lanes} signals in turn (radices above 5 are rare enough not to need vectors).
     */
    static void radixOdd(double[] ar, double[] ai, double[] br, double[] bi, int l, int mp, int r, double[] twr,
                                 double[] twi, double[] cs, double[] sn, double[] tr, double[] ti, int lanes) {
        int stride = mp * l, half = r / 2;
        for (int k = 0; k < l; k++) {
            int a0 = mp * (r * k), b0 = mp * k;
            for (int m = 0; m < mp; m++) {
                for (int v = 0; v < lanes; v++) {
                    tr[0] = ar[(a0 + m) * lanes + v];
                    ti[0] = ai[(a0 + m) * lanes + v];
                    for (int j = 1; j < r; j++) {
                        int i = (a0 + j * mp + m) * lanes + v;
                        double xr = ar[i], xi = ai[i];
                        double wr = twr[r * k + j], wi = twi[r * k + j];
                        tr[j] = wr * xr - wi * xi;
                        ti[j] = wr * xi + wi * xr;
                    }
                    double y0r = tr[0], y0i = ti[0];
                    for (int j = 1; j <= half; j++) {
                        y0r += tr[j] + tr[r - j];
                        y0i += ti[j] + ti[r - j];
                    }
                    br[(b0 + m) * lanes + v] = y0r;
                    bi[(b0 + m) * lanes + v] = y0i;
                    for (int q = 1; q < r; q++) {
                        double yr = tr[0], yi = ti[0];
                        for (int j = 1; j <= half; j++) {
                            int t = (int) ((long) j * q % r);
                            double c = cs[t], s = sn[t];
                            double sr = tr[j] + tr[r - j], si = ti[j] + ti[r - j];
                            double dr = tr[j] - tr[r - j], di = ti[j] - ti[r - j];
                            // cos * (t_j + t_{r-j}) + i sin * (t_j - t_{r-j})
                            yr += c * sr - s * di;
                            yi += c * si + s * dr;
                        }
                        int b = (b0 + q * stride + m) * lanes + v;
                        br[b] = yr;
                        bi[b] = yi;
                    }
                }
            }
        }
    }
}
