package dev.torch4j.ops;

/**
 * Bessel functions J0, J1, Y0, Y1 and K0, K1 in double, from their integral and series representations (not
 * Cephes' fitted approximations): J_n by the trapezoidal rule over a full period of {@code cos(n t - x sin t)}, which
 * converges spectrally; Y_n from Neumann series over J_2k (Miller's backward recurrence) and, below 2, their power
 * series; K_n by the trapezoidal rule on {@code exp(-x cosh t) cosh(n t)}, even in t, so again spectrally; beyond
 * x = 25 Hankel's asymptotic expansions, whose smallest term there is below 1e-20.
 */
final class BesselMath {
    private BesselMath() {}

    private static final double GAMMA = 0.5772156649015329, TWO_OVER_PI = 0.6366197723675814;
    private static final double ASYMPTOTIC_FROM = 25;

    /** J0(x). */
    static double j0(double x) {
        if (Double.isNaN(x)) return x;
        x = Math.abs(x);
        if (x > ASYMPTOTIC_FROM) return hankel(0, x, true);
        return periodicTrapezoid(0, x);
    }

    /** J1(x), odd in x. */
    static double j1(double x) {
        if (Double.isNaN(x)) return x;
        double a = Math.abs(x);
        double r = a > ASYMPTOTIC_FROM ? hankel(1, a, true) : periodicTrapezoid(1, a);
        return x < 0 ? -r : r;
    }

    /** Y0(x): -inf at 0, NaN below. */
    static double y0(double x) {
        if (Double.isNaN(x) || x < 0) return Double.NaN;
        if (x == 0) return Double.NEGATIVE_INFINITY;
        if (x > ASYMPTOTIC_FROM) return hankel(0, x, false);
        if (x < 2) return y0Series(x);
        double[] j = millerJ(x);
        double s = 0;
        for (int k = 1; 2 * k < j.length; k++) s += (k % 2 == 0 ? 1 : -1) * j[2 * k] / k;
        return TWO_OVER_PI * ((Math.log(x / 2) + GAMMA) * j[0] - 2 * s);
    }

    /** Y1(x): -inf at 0, NaN below. */
    static double y1(double x) {
        if (Double.isNaN(x) || x < 0) return Double.NaN;
        if (x == 0) return Double.NEGATIVE_INFINITY;
        if (x > ASYMPTOTIC_FROM) return hankel(1, x, false);
        if (x < 2) return y1Series(x);
        double[] j = millerJ(x);
        double s = 0;
        for (int k = 1; 2 * k + 1 < j.length; k++) s += (k % 2 == 0 ? 1 : -1) * (j[2 * k - 1] - j[2 * k + 1]) / k;
        return TWO_OVER_PI * ((Math.log(x / 2) + GAMMA) * j[1] - j[0] / x + s);
    }

    /** K0(x), or {@code exp(x) K0(x)} when scaled: inf at 0, NaN below. */
    static double k0(double x, boolean scaled) { return k(0, x, scaled); }

    /** K1(x), or {@code exp(x) K1(x)} when scaled. */
    static double k1(double x, boolean scaled) { return k(1, x, scaled); }

    // J_n(x) = 1/(2 pi) * integral over a period of cos(n t - x sin t): equispaced points are exact up to J_N(x)
    private static double periodicTrapezoid(int n, double x) {
        int points = 4 * (int) Math.ceil((x + 44) / 4);
        double h = 2 * Math.PI / points, s = 0;
        for (int i = 0; i < points; i++) {
            double t = i * h;
            s += Math.cos(n * t - x * Math.sin(t));
        }
        return s / points;
    }

    // Hankel's expansion: J = sqrt(2/(pi x)) (P cos chi - Q sin chi), Y = sqrt(2/(pi x)) (P sin chi + Q cos chi)
    private static double hankel(int nu, double x, boolean j) {
        double mu = 4.0 * nu * nu, p = 0, q = 0, term = 1, last = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 60; k++) {
            if (k > 0) term *= (mu - (2.0 * k - 1) * (2.0 * k - 1)) / (k * 8.0 * x);
            if (Math.abs(term) > last) break; // the series diverges past its smallest term
            last = Math.abs(term);
            int sign = (k / 2) % 2 == 0 ? 1 : -1;
            if (k % 2 == 0) p += sign * term;
            else q += sign * term;
            if (last < 1e-18 * Math.abs(p)) break;
        }
        // chi = x - (2 nu + 1) pi / 4, written with cos x and sin x so that no rounded pi / 4 is subtracted from x
        double c = Math.cos(x), s = Math.sin(x), r = Math.sqrt(0.5);
        double cosChi = nu == 0 ? (c + s) * r : (s - c) * r, sinChi = nu == 0 ? (s - c) * r : -(s + c) * r;
        double amp = Math.sqrt(TWO_OVER_PI / x);
        return j ? amp * (p * cosChi - q * sinChi) : amp * (p * sinChi + q * cosChi);
    }

    // J_0 ... J_M(x) by Miller's backward recurrence, normalised by J0 + 2 (J2 + J4 + ...) = 1
    private static double[] millerJ(double x) {
        int m = 2 * ((int) (x / 2) + 26);
        double[] j = new double[m + 2];
        j[m] = 1e-300;
        for (int k = m; k >= 1; k--) {
            j[k - 1] = 2.0 * k / x * j[k] - j[k + 1];
            if (Math.abs(j[k - 1]) > 1e250) for (int i = k - 1; i <= m; i++) j[i] *= 1e-250;
        }
        double norm = j[0];
        for (int k = 2; k <= m; k += 2) norm += 2 * j[k];
        for (int k = 0; k <= m; k++) j[k] /= norm;
        return java.util.Arrays.copyOf(j, m + 1);
    }

    // Y0 = (2/pi) [(ln(x/2) + gamma) J0 + sum_k (-1)^(k+1) H_k (x^2/4)^k / (k!)^2]
    private static double y0Series(double x) {
        double z = x * x / 4, term = 1, h = 0, s = 0;
        for (int k = 1; k < 60; k++) {
            term *= -z / ((double) k * k);
            h += 1.0 / k;
            s -= h * term;
            if (Math.abs(term * h) < 1e-18 * Math.abs(s)) break;
        }
        return TWO_OVER_PI * ((Math.log(x / 2) + GAMMA) * j0(x) + s);
    }

    // Y1 = -2/(pi x) + (2/pi) ln(x/2) J1 - (1/pi) sum_k (-1)^k (psi(k+1) + psi(k+2)) (x/2)^(2k+1) / (k! (k+1)!)
    private static double y1Series(double x) {
        double half = x / 2, term = half, hk = 0, s = 0; // term = (x/2)^(2k+1) / (k! (k+1)!) with its sign
        for (int k = 0; k < 60; k++) {
            if (k > 0) {
                term *= -half * half / ((double) k * (k + 1));
                hk += 1.0 / k;
            }
            double psiSum = (-GAMMA + hk) + (-GAMMA + hk + 1.0 / (k + 1));
            s += psiSum * term;
            if (Math.abs(term) < 1e-18 * Math.abs(s)) break;
        }
        return -TWO_OVER_PI / x + TWO_OVER_PI * Math.log(half) * j1(x) - s / Math.PI;
    }

    // K_n(x) e^x = integral_0^inf exp(-x (cosh t - 1)) cosh(n t) dt by the trapezoidal rule
    private static double k(int n, double x, boolean scaled) {
        if (Double.isNaN(x) || x < 0) return Double.NaN;
        if (x == 0) return Double.POSITIVE_INFINITY;
        if (x == Double.POSITIVE_INFINITY || (!scaled && x > 746)) return 0;
        double h = Math.min(0.15, 0.5 / Math.sqrt(x)), s = 0.5;
        for (int i = 1; i < 100000; i++) {
            double t = i * h, sh = Math.sinh(t / 2);
            double f = Math.exp(-2 * x * sh * sh) * (n == 0 ? 1 : Math.cosh(t));
            s += f;
            if (f < 1e-18 * s) break;
        }
        double r = s * h;
        return scaled ? r : r * Math.exp(-x);
    }
}
