package dev.torch4j.backend;

/** The error function to double precision (Java's Math has none). */
public final class Erf {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;

    private Erf() {}

    /** erf(x). */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax >= 6.0) return Math.copySign(1.0, x);
        double r = ax < 2.5 ? series(ax) : 1.0 - erfcLarge(ax);
        return Math.copySign(r, x);
    }

    /** erfc(x) = 1 - erf(x), accurate in the tail. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 2.5) return 1.0 - erf(x);
        if (x > 27.3) return 0.0;
        return erfcLarge(x);
    }

    // erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (2n+1)!!: all terms positive, so no cancellation.
    private static double series(double x) {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 200; n++) {
            term *= 2.0 * x2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** {@code exp(x^2) erfc(x)} for {@code x >= 2.5}, where erfc's continued fraction converges quickly. */
    public static double erfcxTail(double x) { return ONE_OVER_SQRT_PI / fraction(x); }

    private static double erfcLarge(double x) { return Math.exp(-x * x) * erfcxTail(x); }

    // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))): the fraction, by Lentz's method
    private static double fraction(double x) {
        double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 300; n++) {
            double a = n * 0.5;
            d = x + a * d;
            if (d == 0) d = tiny;
            c = x + a / c;
            if (c == 0) c = tiny;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) break;
        }
        return f;
    }
}
