package dev.torch4j.ops;

import dev.torch4j.backend.Erf;

/**
 * Scalar special functions in double precision: the log-gamma function and its derivatives, the Hurwitz zeta
 * function, the regularised lower incomplete gamma function, the inverse error function, and the reparameterisation
 * gradients of gamma and Dirichlet samples. Where PyTorch's own algorithm is a truncated expansion (trigamma,
 * digamma, the reparameterisation gradients), this follows the same expansion so that values agree to rounding, not
 * merely to the expansion's accuracy.
 */
public final class SpecialMath {
    private SpecialMath() {}

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    /** The C library's lgamma (PyTorch's CPU kernel calls std::lgamma), bound through FFM where the JVM allows it. */
    private static final java.lang.invoke.MethodHandle LIBM_LGAMMA = bindLgamma();

    private static java.lang.invoke.MethodHandle bindLgamma() {
        try {
            var linker = java.lang.foreign.Linker.nativeLinker();
            var fd = java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_DOUBLE, java.lang.foreign.ValueLayout.JAVA_DOUBLE);
            return linker.defaultLookup().find("lgamma").map(sym -> linker.downcallHandle(sym, fd, java.lang.foreign.Linker.Option.critical(false)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null; // no native access: the Java lgamma below
        }
    }

    /**
     * {@code torch.lgamma}'s value: the platform's lgamma where it can be called (bit for bit PyTorch's CPU result; a
     * last-ulp difference there is amplified where a formula subtracts lgamma values of large arguments, as
     * Kumaraswamy's moments do), else {@link #lgamma}.
     */
    public static double lgammaPlatform(double x) {
        if (LIBM_LGAMMA == null) return lgamma(x);
        try {
            return (double) LIBM_LGAMMA.invokeExact(x);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    // ------------------------------------------------------------------ log-gamma and polygamma

    /** {@code log|Gamma(x)|}: +inf at the poles (0, -1, -2, ...), as C's lgamma. */
    public static double lgamma(double x) {
        if (Double.isNaN(x)) return x;
        if (Double.isInfinite(x)) return Double.POSITIVE_INFINITY;
        if (x <= 0 && x == Math.floor(x)) return Double.POSITIVE_INFINITY;
        if (x < 0) {
            // reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x)
            return Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma(1 - x);
        }
        if (x >= 10) return stirlingLgamma(x);
        // Gamma(x + 1) = x Gamma(x): move x into [1.5, 2.5], where the series about 2 converges fast; the factors
        // are multiplied up (below 1.5) or down (above 2.5), so no large terms cancel near the roots at 1 and 2
        double below = 1, above = 1;
        while (x < 1.5) {
            below *= x;
            x += 1;
        }
        while (x > 2.5) {
            x -= 1;
            above *= x;
        }
        return lgammaNear2(x - 2) + Math.log(above) - Math.log(below);
    }

    /** zeta(k) - 1 for k = 2..41 (the Hurwitz zeta at q = 2): the coefficients of log Gamma about 2. */
    private static final class ZetaMinusOne {
        static final double[] VALUES = new double[42];

        static {
            for (int k = 2; k < VALUES.length; k++) VALUES[k] = zeta(k, 2);
        }
    }

    /** log Gamma(2 + z) = (1 - euler) z + sum_k (-1)^k (zeta(k) - 1) z^k / k, for |z| &lt;= 1/2 (terms below 4^-k / k). */
    private static double lgammaNear2(double z) {
        double[] c = ZetaMinusOne.VALUES;
        double sum = 0, power = z * z;
        for (int k = 2; k < c.length; k++) {
            sum += ((k & 1) == 0 ? 1 : -1) * c[k] * power / k;
            power *= z;
        }
        return (1 - 0.57721566490153286061) * z + sum;
    }

    /** Stirling's series for x >= 10: the first omitted term is below 1e-16 there. */
    private static double stirlingLgamma(double x) {
        double r = 1 / x, r2 = r * r;
        double series = r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 * (1.0 / 1188
                - r2 * (691.0 / 360360 - r2 * (1.0 / 156)))))));
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series;
    }

    /** {@code sin(pi x)} with the argument reduced first, so large |x| loses nothing. */
    private static double sinPi(double x) {
        // reduce to [-1, 1] around the nearest even integer: exact, and tiny x stay tiny (x mod 2 in [0, 2) would
        // round -1e-20 up to 2 and lose it)
        double r = x - 2 * Math.rint(x / 2);
        return Math.sin(Math.PI * r);
    }

    /**
     * The digamma function, by PyTorch's algorithm (Cephes): reflection for negative x, the recurrence up to 10, then
     * the asymptotic series; +inf at 0, NaN at the negative integers (PyTorch 2.x's {@code torch.digamma}).
     */
    public static double digamma(double x) {
        if (x == 0) return Math.copySign(Double.POSITIVE_INFINITY, -x);
        if (x < 0) {
            if (x == Math.floor(x)) return Double.NaN;
            double frac = x - (x < 0 ? Math.ceil(x) : Math.floor(x)); // C's modf keeps the sign
            return digamma(1 - x) - Math.PI / Math.tan(Math.PI * frac);
        }
        double acc = 0;
        while (x < 10) {
            acc -= 1 / x;
            x += 1;
        }
        if (x == 10) return acc + 2.25175258906672110764; // digamma(10)
        double tail = 0;
        if (x < 1.0e17) {
            double z = 1 / (x * x);
            // the Bernoulli series B_2k / (2k z^-k), highest order first
            double p = 8.33333333333333333333E-2;
            p = p * z - 2.10927960927960927961E-2;
            p = p * z + 7.57575757575757575758E-3;
            p = p * z - 4.16666666666666666667E-3;
            p = p * z + 3.96825396825396825397E-3;
            p = p * z - 8.33333333333333333333E-3;
            p = p * z + 8.33333333333333333333E-2;
            tail = z * p;
        }
        return acc + Math.log(x) - 0.5 / x - tail;
    }

    /**
     * The trigamma function as PyTorch computes it ({@code polygamma(1, x)}): reflection below 1/2, six steps of the
     * recurrence, then the asymptotic series through the 1/x^7 term (so within about 1e-9 of the true value near
     * x = 1, exactly as PyTorch).
     */
    public static double trigamma(double x) {
        double sign = 1, acc = 0;
        if (x < 0.5) {
            sign = -1;
            double s = Math.sin(Math.PI * x);
            acc -= (Math.PI * Math.PI) / (s * s);
            x = 1 - x;
        }
        for (int i = 0; i < 6; i++) {
            acc += 1 / (x * x);
            x += 1;
        }
        double ixx = 1 / (x * x);
        acc += (1 + 1 / (2 * x) + ixx * (1.0 / 6 - ixx * (1.0 / 30 - ixx * (1.0 / 42)))) / x;
        return sign * acc;
    }

    /** {@code polygamma(n, x)}: digamma for 0, trigamma for 1, else {@code (-1)^(n+1) n! zeta(n + 1, x)}. */
    public static double polygamma(int n, double x) {
        if (n == 0) return digamma(x);
        if (n == 1) return trigamma(x);
        double factorial = Math.exp(lgamma(n + 1.0));
        return (n % 2 == 1 ? 1 : -1) * factorial * zeta(n + 1.0, x);
    }

    /** (2k)! / B_2k for k = 1..12: the Euler-Maclaurin tail's divisors. */
    private static final double[] TAIL_DIVISORS = {12.0, -720.0, 30240.0, -1209600.0, 47900160.0,
        -1.8924375803183791606e9, 7.47242496e10, -2.950130727918164224e12, 1.1646782814350067249e14,
        -4.5979787224074726105e15, 1.8152105401943546773e17, -7.1661652561756670113e18};

    /**
     * The Hurwitz zeta function {@code sum_k (q + k)^-s} for s > 1: direct terms until q + n > 9 (stopping early once
     * a term is below double precision of the sum), then Euler-Maclaurin's tail, as Cephes and PyTorch order the
     * steps, so the edge cases agree with PyTorch's (zeta(inf, q) is inf for q < 1 and NaN for q > 1, zeta(s, inf) NaN).
     */
    public static double zeta(double s, double q) {
        final double machEp = 1.11022302462515654042e-16;
        if (s == 1) return Double.POSITIVE_INFINITY;
        if (s < 1) return Double.NaN;
        if (q <= 0) {
            if (q == Math.floor(q)) return Double.POSITIVE_INFINITY;
            if (s != Math.floor(s)) return Double.NaN; // q^-s is not real
        }
        double sum = Math.pow(q, -s), a = q, b = 0;
        int n = 0;
        while (n < 9 || a <= 9) {
            n++;
            a += 1;
            b = Math.pow(a, -s);
            sum += b;
            if (-machEp * sum < b && b < machEp * sum) return sum;
        }
        double w = a;
        sum += b * w / (s - 1);
        sum -= 0.5 * b;
        double rising = 1, k = 0;
        for (double divisor : TAIL_DIVISORS) {
            rising *= s + k;
            b /= w;
            double t = rising * b / divisor;
            sum += t;
            if (Math.abs(t / sum) < machEp) return sum;
            k += 1;
            rising *= s + k;
            b /= w;
            k += 1;
        }
        return sum;
    }

    // ------------------------------------------------------------------ incomplete gamma, erfinv

    /** The regularised lower incomplete gamma function {@code P(a, x)} ({@code torch.special.gammainc}). */
    public static double gammainc(double a, double x) {
        // PyTorch's (and SciPy's) order of the boundary cases: P(NaN, 0) is 0
        if (a < 0 || x < 0) return Double.NaN;
        if (a == 0) return x > 0 ? 1 : Double.NaN;
        if (x == 0) return 0;
        if (Double.isInfinite(a)) return Double.isInfinite(x) ? Double.NaN : 0;
        if (Double.isInfinite(x)) return 1;
        if (Double.isNaN(a) || Double.isNaN(x)) return Double.NaN;
        double logPrefactor = a * Math.log(x) - x - lgamma(a); // log(x^a e^-x / Gamma(a))
        if (x < a + 1) {
            // P = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1) ... (a + n))
            double term = 1 / a, sum = term;
            for (int n = 1; n < 10000; n++) {
                term *= x / (a + n);
                sum += term;
                if (term < sum * 1e-17) break;
            }
            return Math.exp(logPrefactor) * sum;
        }
        // Q = x^a e^-x / Gamma(a) * (continued fraction), evaluated by the modified Lentz method
        double tiny = 1e-300, b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (int n = 1; n < 10000; n++) {
            double an = -n * (n - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return 1 - Math.exp(logPrefactor) * h;
    }

    /**
     * The inverse error function: Winitzki's closed-form estimate refined by Halley steps, on erf in the middle and
     * on erfc (against 1 - |y|, exact there) in the tails, so the result keeps its relative accuracy (a few 1e-14) up to
     * |y| = 1. (PyTorch's Newton steps on erf lose about 1e-11 near |y| = 1.)
     */
    public static double erfinv(double y) {
        if (Double.isNaN(y) || y < -1 || y > 1) return Double.NaN;
        if (y == 1 || y == -1) return Math.copySign(Double.POSITIVE_INFINITY, y);
        if (y == 0) return y;
        double ay = Math.abs(y);
        double a = 0.147, ln = Math.log1p(-ay * ay), t = 2 / (Math.PI * a) + ln / 2;
        double x = Math.sqrt(Math.sqrt(t * t - ln / a) - t);
        boolean tail = ay > 0.5;
        for (int i = 0; i < 5; i++) {
            // f = erf(x) - |y| = (1 - |y|) - erfc(x), f' = 2/sqrt(pi) exp(-x^2), f'' = -2 x f': Halley's step is f / (f' + x f)
            double f = tail ? (1 - ay) - Erf.erfc(x) : Erf.erf(x) - ay;
            double fp = 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
            if (f == 0 || fp == 0) break;
            x -= f / (fp + x * f);
        }
        return Math.copySign(x, y);
    }

    // ------------------------------------------------------------------ reparameterisation gradients

    /**
     * d sample / d alpha for a standard gamma sample x of concentration alpha, i.e.
     * {@code -(d/dalpha cdf(x; alpha)) / pdf(x; alpha)} ({@code torch._standard_gamma_grad}): a Taylor series for
     * small x, Rice's saddle-point expansion for large alpha, else a bivariate rational fit in log(x/alpha) and
     * log(alpha), with PyTorch's coefficients and thresholds (its thresholds are float literals, kept as such).
     */
    public static double standardGammaGrad(double alpha, double x) {
        if (x < (double) 0.8f) {
            double numer = 1, denom = alpha, series1 = numer / denom, series2 = numer / (denom * denom);
            for (int i = 1; i <= 5; i++) {
                numer *= -x / i;
                denom += 1;
                series1 += numer / denom;
                series2 += numer / (denom * denom);
            }
            double powXAlpha = Math.pow(x, alpha);
            double pdf = Math.pow(x, alpha - 1) * Math.exp(-x);
            double cdf = powXAlpha * series1;
            // Distributions.h's digamma_one: +inf at 0 and at the negative integers (torch.digamma gives -inf / NaN)
            double psi = alpha == 0 || alpha < 0 && alpha == Math.floor(alpha) ? Double.POSITIVE_INFINITY : digamma(alpha);
            double cdfAlpha = (Math.log(x) - psi) * cdf - powXAlpha * series2;
            double r = -cdfAlpha / pdf;
            return Double.isNaN(r) ? 0 : r;
        }
        if (alpha > 8) {
            if ((double) 0.9f * alpha <= x && x <= (double) 1.1f * alpha) {
                double numer1 = 1 + 24 * alpha * (1 + 12 * alpha);
                double numer2 = 1440 * (alpha * alpha) + 6 * x * (53 - 120 * x) - 65 * x * x / alpha + alpha * (107 + 3600 * x);
                double denom = 1244160 * (alpha * alpha) * (alpha * alpha);
                return numer1 * numer2 / denom;
            }
            double denom = Math.sqrt(8 * alpha);
            double term2 = denom / (alpha - x);
            double term3 = Math.pow(x - alpha - alpha * Math.log(x / alpha), -1.5);
            double term23 = x < alpha ? term2 - term3 : term2 + term3;
            double term1 = Math.log(x / alpha) * term23 - Math.sqrt(2 / alpha) * (alpha + x) / ((alpha - x) * (alpha - x));
            double stirling = 1 + 1 / (12 * alpha) * (1 + 1 / (24 * alpha));
            return -stirling * (x * term1) / denom;
        }
        double u = Math.log(x / alpha), v = Math.log(alpha);
        double[] cv = new double[8];
        for (int i = 0; i < 8; i++) cv[i] = GAMMA_GRAD_UV[0][i] + u * (GAMMA_GRAD_UV[1][i] + u * GAMMA_GRAD_UV[2][i]);
        double p = cv[0] + v * (cv[1] + v * (cv[2] + v * cv[3]));
        double q = cv[4] + v * (cv[5] + v * (cv[6] + v * cv[7]));
        return Math.exp(p / q);
    }

    // PyTorch's fitted coefficients: row i multiplies u^i; columns 0-3 the numerator's powers of v, 4-7 the denominator's
    private static final double[][] GAMMA_GRAD_UV = {
        {0.16009398, -0.094634809, 0.025146376, -0.0030648343, 1, 0.32668115, 0.10406089, 0.0014179084},
        {0.53487893, 0.1298071, 0.065735949, -0.0015649758, 0.16639465, 0.020070113, -0.0035938915, -0.00058392623},
        {0.040121004, -0.0065914022, -0.0026286047, -0.0013441777, 0.017050642, -0.0021309326, 0.00085092367, -1.5247877e-07}};

    /**
     * The scaled reparameterisation gradient of a Beta(alpha, total - alpha) sample x,
     * {@code -(d/dalpha cdf(x)) / pdf(x) / (1 - x)} ({@code torch._dirichlet_grad}): series near 0 and 1, a saddle-point
     * expansion when both concentrations are large, else a rational correction to an analytic approximation, with
     * PyTorch's regions and coefficients.
     */
    public static double dirichletGrad(double x, double alpha, double total) {
        double beta = total - alpha, boundary = total * x * (1 - x);
        if (x <= 0.5 && boundary < 2.5) return betaGradAlphaSmall(x, alpha, beta);
        if (x >= 0.5 && boundary < 0.75) return -betaGradBetaSmall(1 - x, beta, alpha);
        if (alpha > 6 && beta > 6) return betaGradAlphaMid(x, alpha, beta);
        double u = Math.log(x), a = Math.log(alpha) - u, b = Math.log(total) - a;
        double[] powU = {1, u, u * u}, powA = {1, a, a * a};
        double p = 0, q = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double ua = powU[i] * powA[j];
                double[] cp = DIRICHLET_GRAD_P[i][j], cq = DIRICHLET_GRAD_Q[i][j];
                p += ua * (cp[0] + b * (cp[1] + b * (cp[2] + b * cp[3])));
                q += ua * (cq[0] + b * (cq[1] + b * (cq[2] + b * cq[3])));
            }
        }
        double approx = x * (digamma(total) - digamma(alpha)) / beta;
        return p / q * approx;
    }

    /** Near x = 0: the Taylor expansion of the Beta cdf's alpha-derivative. */
    private static double betaGradAlphaSmall(double x, double alpha, double beta) {
        double factor = digamma(alpha) - digamma(alpha + beta) - Math.log(x);
        double numer = 1, series = numer / alpha * (factor + 1 / alpha);
        for (int i = 1; i <= 10; i++) {
            numer *= (i - beta) * x / i;
            double denom = alpha + i;
            series += numer / denom * (factor + 1 / denom);
        }
        double r = x * Math.pow(1 - x, -beta) * series;
        return Double.isNaN(r) ? 0 : r;
    }

    /** Near x = 0: the Taylor expansion of the Beta cdf's beta-derivative. */
    private static double betaGradBetaSmall(double x, double alpha, double beta) {
        double factor = digamma(alpha + beta) - digamma(beta);
        double numer = 1, betas = 1, dbetas = 0, series = factor / alpha;
        for (int i = 1; i <= 8; i++) {
            numer *= -x / i;
            dbetas = dbetas * (beta - i) + betas;
            betas = betas * (beta - i);
            series += numer / (alpha + i) * (dbetas + factor * betas);
        }
        double r = -Math.pow(1 - x, 1 - beta) * series;
        return Double.isNaN(r) ? 0 : r;
    }

    /** Both concentrations large: Rice's saddle-point expansion, with a polynomial around the mean. */
    private static double betaGradAlphaMid(double x, double alpha, double beta) {
        double total = alpha + beta, mean = alpha / total, std = Math.sqrt(alpha * beta / (total + 1)) / total;
        double bb = beta * beta;
        if (mean - 0.1 * std <= x && x <= mean + 0.1 * std) {
            double poly = 47 * x * bb * bb + alpha * ((43 + 20 * (16 + 27 * beta) * x) * bb * beta + alpha * (3 * (59 + 180 * beta - 90 * x) * bb
                    + alpha * ((453 + 1620 * beta * (1 - x) - 455 * x) * beta + alpha * (8 * (1 - x) * (135 * beta - 11)))));
            double prefactorNum = (1 + 12 * alpha) * (1 + 12 * beta) / (total * total);
            double prefactorDen = 12960 * alpha * alpha * alpha * beta * beta * (1 + 12 * total);
            return prefactorNum / (1 - x) * poly / prefactorDen;
        }
        double prefactor = -x / Math.sqrt(2 * alpha * beta / total);
        double stirling = (1 + 1 / (12 * alpha) + 1 / (288 * alpha * alpha)) * (1 + 1 / (12 * beta) + 1 / (288 * beta * beta))
                / (1 + 1 / (12 * total) + 1 / (288 * total * total));
        double term1Num = 2 * (alpha * alpha) * (x - 1) + alpha * beta * (x - 1) - x * bb;
        double axbx = alpha * (x - 1) + beta * x;
        double term1 = term1Num / (Math.sqrt(2 * alpha / beta) * Math.pow(total, 1.5) * axbx * axbx);
        double term2 = 0.5 * Math.log(alpha / (total * x));
        double term3 = Math.sqrt(8 * alpha * beta / total) / (beta * x + alpha * (x - 1));
        double term4 = Math.pow(beta * Math.log(beta / (total * (1 - x))) + alpha * Math.log(alpha / (total * x)), -1.5);
        return stirling * prefactor * (term1 + term2 * (term3 + (x < mean ? term4 : -term4)));
    }

    // PyTorch's fitted coefficients, indexed [power of u][power of a][power of b]
    private static final double[][][] DIRICHLET_GRAD_P = {
        {{1.003668233, -0.01061107488, -0.0657888334, 0.01201642863},
         {0.6336835991, -0.3557432599, 0.05486251648, -0.001465281033},
         {-0.03276231906, 0.004474107445, 0.002429354597, -0.0001557569013}},
        {{0.221950385, -0.3187676331, 0.01799915743, 0.01074823814},
         {-0.2951249643, 0.06219954479, 0.01535556598, 0.001550077057},
         {0.02155310298, 0.004170831599, 0.001292462449, 6.976601077e-05}},
        {{-0.05980841433, 0.008441916499, 0.01085618172, 0.002319392565},
         {0.02911413504, 0.01400243777, -0.002721828457, 0.000751041181},
         {0.005900514878, -0.001936558688, -9.495446725e-06, 5.385558597e-05}}};
    private static final double[][][] DIRICHLET_GRAD_Q = {
        {{1, -0.02924021934, -0.04438342661, 0.007285809825},
         {0.6357567472, -0.3473456711, 0.05454656494, -0.002407477521},
         {-0.03301322327, 0.004845219414, 0.00231480583, -0.0002307248149}},
        {{0.5925320577, -0.1757678135, 0.01505928619, 0.000564515273},
         {0.1014815858, -0.06589186703, 0.01272886114, -0.0007316646956},
         {-0.007258481865, 0.001096195486, 0.0003934994223, -4.12701925e-05}},
        {{0.06469649321, -0.0236701437, 0.002902096474, -5.896963079e-05},
         {0.001925008108, -0.002869809258, 0.0008000589141, -6.063713228e-05},
         {-0.0003477407336, 6.959756487e-05, 1.097287507e-05, -1.650964693e-06}}};
}
