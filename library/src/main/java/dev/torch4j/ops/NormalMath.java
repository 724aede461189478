package dev.torch4j.ops;

import dev.torch4j.backend.Erf;

/**
 * The scaled complementary error function and the normal distribution's log-CDF and quantile, in double, accurate
 * far into the tails where the plain formulas under- or overflow: {@code erfcx(x) = exp(x^2) erfc(x)},
 * {@code log_ndtr(x) = log Phi(x)}, {@code ndtri(p) = Phi^-1(p)}.
 */
final class NormalMath {
    private NormalMath() {}

    private static final double SQRT_HALF = 0.7071067811865476, SQRT_2PI = 2.5066282746310002, LOG_SQRT_2PI = 0.9189385332046728;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;

    /** {@code exp(x^2) erfc(x)}: from erfc's continued fraction without its exp(-x^2) for x >= 2.5. */
    static double erfcx(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 0) {
            if (x < -26.7) return Double.POSITIVE_INFINITY;
            return 2 * Math.exp(x * x) - erfcx(-x);
        }
        if (x < 2.5) return Math.exp(x * x) * Erf.erfc(x);
        if (x > 1e8) return ONE_OVER_SQRT_PI / x;
        return Erf.erfcxTail(x);
    }

    /** {@code log(Phi(x))}: through erfcx below -1, so that it stays finite far into the lower tail. */
    static double logNdtr(double x) {
        if (Double.isNaN(x)) return x;
        if (x > 6) return Math.log1p(-0.5 * Erf.erfc(x * SQRT_HALF));
        if (x > -1) return Math.log(0.5 * Erf.erfc(-x * SQRT_HALF));
        return Math.log(0.5 * erfcx(-x * SQRT_HALF)) - 0.5 * x * x;
    }

    /** {@code Phi^-1(p)}: NaN outside [0, 1], -inf and inf at the ends. */
    static double ndtri(double p) {
        if (Double.isNaN(p) || p < 0 || p > 1) return Double.NaN;
        if (p == 0) return Double.NEGATIVE_INFINITY;
        if (p == 1) return Double.POSITIVE_INFINITY;
        if (p > 0.5) return -lowerQuantile(1 - p);
        return lowerQuantile(p);
    }

    // p <= 1/2: a first guess, then Newton's method on log Phi(x) = log p (well scaled however small p is)
    private static double lowerQuantile(double p) {
        double x;
        if (p > 0.02) {
            x = Math.sqrt(2) * SpecialMath.erfinv(2 * p - 1);
        } else {
            double l = -2 * Math.log(p);
            x = -Math.sqrt(l - Math.log(l) - 2 * LOG_SQRT_2PI); // the tail's leading terms
        }
        double logP = Math.log(p);
        for (int i = 0; i < 50; i++) {
            double lp = logNdtr(x);
            // d/dx log Phi = phi / Phi = exp(-x^2/2 - log Phi) / sqrt(2 pi)
            double slope = Math.exp(-0.5 * x * x - lp - LOG_SQRT_2PI);
            double step = (lp - logP) / slope;
            x -= step;
            if (Math.abs(step) <= 1e-16 * Math.max(1, Math.abs(x))) break;
        }
        return x;
    }

    /** {@code sqrt(2 pi)}, for the derivative of ndtri. */
    static double sqrt2Pi() { return SQRT_2PI; }
}
