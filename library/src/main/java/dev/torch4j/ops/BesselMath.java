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

    // K_n(x) e^x = integral_0^inf exp(-x (cosh t - 1)) cosh(n t) dt by the trapezoidal rule (any real order n)
    private static double k(double n, double x, boolean scaled) {
        if (Double.isNaN(x) || x < 0) return Double.NaN;
        if (x == 0) return Double.POSITIVE_INFINITY;
        if (x == Double.POSITIVE_INFINITY || (!scaled && x > 746)) return 0;
        double h = Math.min(0.15, 0.5 / Math.sqrt(x)), s = 0.5;
        for (int i = 1; i < 100000; i++) {
            double t = i * h, sh = Math.sinh(t / 2);
            double f = Math.exp(-2 * x * sh * sh) * (n == 0 ? 1 : Math.cosh(n * t));
            s += f;
            if (f < 1e-18 * s) break;
        }
        double r = s * h;
        return scaled ? r : r * Math.exp(-x);
    }

    // ---------------------------------------------------------------- Airy Ai

    private static final double AI0 = 0.3550280538878172, MINUS_AI_PRIME0 = 0.2588194037928068;

    /**
     * Ai(x): its Maclaurin series on [-1, 1]; above, {@code sqrt(x/3) K_{1/3}(zeta) / pi} with {@code zeta = 2/3 x^(3/2)}
     * (0 past 103.892, where PyTorch stops); below, the Airy equation {@code y'' = x y} integrated by Taylor steps from
     * -1 down to -30, and the oscillating asymptotic expansion beyond. NaN at infinities, as PyTorch.
     */
    static double airyAi(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) return Double.NaN;
        if (Math.abs(x) <= 1) return airySeries(x)[0];
        if (x > 103.892) return 0;
        if (x > 1) {
            double zeta = 2.0 / 3 * x * Math.sqrt(x);
            return Math.sqrt(x / 3) / Math.PI * k(1.0 / 3, zeta, true) * Math.exp(-zeta);
        }
        if (x >= -30) return airyTaylor(x);
        return airyOscillating(-x);
    }

    /** {@code {Ai(x), Ai'(x)}} from {@code Ai = c1 f - c2 g} and its derivative, for small |x|. */
    private static double[] airySeries(double x) {
        double x3 = x * x * x, f = 1, g = x, tf = 1, tg = x, df = 0, dg = 1, tdf, tdg;
        for (int k = 1; k < 60; k++) {
            tf *= x3 / ((3.0 * k - 1) * (3.0 * k));
            tg *= x3 / ((3.0 * k) * (3.0 * k + 1));
            f += tf;
            g += tg;
            tdf = tf * 3 * k / x; // d/dx x^(3k) = 3k x^(3k-1)
            tdg = tg * (3 * k + 1) / x;
            df += x == 0 ? 0 : tdf;
            dg += x == 0 ? 0 : tdg;
            if (Math.abs(tf) + Math.abs(tg) < 1e-18 * (Math.abs(f) + Math.abs(g))) break;
        }
        return new double[] {AI0 * f - MINUS_AI_PRIME0 * g, AI0 * df - MINUS_AI_PRIME0 * dg};
    }

    /** Ai(x) for -30 <= x < -1: Taylor steps of y'' = x y from the series' value and slope at -1. */
    private static double airyTaylor(double x) {
        double[] start = airySeries(-1);
        double y = start[0], dy = start[1], x0 = -1;
        int steps = (int) Math.ceil((x0 - x) / 0.25);
        double h = (x - x0) / steps;
        double[] a = new double[40];
        for (int s = 0; s < steps; s++) {
            a[0] = y;
            a[1] = dy;
            for (int n = 0; n + 2 < a.length; n++) a[n + 2] = (x0 * a[n] + (n > 0 ? a[n - 1] : 0)) / ((n + 1.0) * (n + 2.0));
            double ny = 0, ndy = 0, p = 1;
            for (int n = 0; n < a.length; n++) {
                ny += a[n] * p;
                if (n + 1 < a.length) ndy += (n + 1) * a[n + 1] * p;
                p *= h;
            }
            y = ny;
            dy = ndy;
            x0 += h;
        }
        return y;
    }

    /** Ai(-z) for z > 30: {@code pi^-1/2 z^-1/4 (sin(zeta + pi/4) P - cos(zeta + pi/4) Q)}. */
    private static double airyOscillating(double z) {
        double zeta = 2.0 / 3 * z * Math.sqrt(z), p = 0, q = 0, u = 1, term = 1, last = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 60; k++) {
            if (k > 0) {
                u *= (6.0 * k - 5) * (6.0 * k - 3) * (6.0 * k - 1) / ((2.0 * k - 1) * 216 * k);
                term = u / Math.pow(zeta, k);
            }
            if (Math.abs(term) > last) break;
            last = Math.abs(term);
            int sign = (k / 2) % 2 == 0 ? 1 : -1;
            if (k % 2 == 0) p += sign * term;
            else q += sign * term;
            if (last < 1e-18) break;
        }
        double s = Math.sin(zeta), c = Math.cos(zeta), r = Math.sqrt(0.5);
        double sinPlus = (s + c) * r, cosPlus = (c - s) * r; // zeta + pi/4 without adding a rounded pi/4 to zeta
        return (sinPlus * p - cosPlus * q) / (Math.sqrt(Math.PI) * Math.pow(z, 0.25));
    }
}
