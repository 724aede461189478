package dev.torch4j.ops;

/**
 * The classical orthogonal polynomials of {@code torch.special} at (x, n), n truncated to an integer as PyTorch
 * casts it: Chebyshev T, U, V, W (and shifted, on [0, 1]), Hermite H and He, Laguerre L, Legendre P. Each is its
 * three-term recurrence, with PyTorch's special cases: 0 for n < 0, the closed values at the interval's ends, and
 * for the Chebyshev kinds at large n inside the interval the trigonometric form.
 */
final class OrthogonalPolynomials {
    private OrthogonalPolynomials() {}

    enum Kind {
        CHEBYSHEV_T, CHEBYSHEV_U, CHEBYSHEV_V, CHEBYSHEV_W, SHIFTED_T, SHIFTED_U, SHIFTED_V, SHIFTED_W,
        HERMITE_H, HERMITE_HE, LAGUERRE_L, LEGENDRE_P
    }

    static double value(Kind kind, double x, double nValue) {
        if (Double.isNaN(nValue)) return Double.NaN;
        long n = (long) nValue;
        if (n < 0) return 0; // before x is looked at: a NaN x of degree 0 is 1, as in PyTorch
        return switch (kind) {
            case CHEBYSHEV_T -> chebyshevT(x, n);
            case CHEBYSHEV_U -> chebyshevU(x, n);
            case CHEBYSHEV_V -> chebyshevV(x, n);
            case CHEBYSHEV_W -> chebyshevW(x, n);
            case SHIFTED_T -> chebyshevT(2 * x - 1, n);
            case SHIFTED_U -> chebyshevU(2 * x - 1, n);
            case SHIFTED_V -> chebyshevV(2 * x - 1, n);
            case SHIFTED_W -> chebyshevW(2 * x - 1, n);
            case HERMITE_H -> hermite(x, n, true);
            case HERMITE_HE -> hermite(x, n, false);
            case LAGUERRE_L -> laguerre(x, n);
            case LEGENDRE_P -> legendre(x, n);
        };
    }

    private static boolean even(long n) { return n % 2 == 0; }

    /** p0, p1 and the recurrence {@code p_{k+1} = a x p_k - p_{k-1}} shared by the four Chebyshev kinds. */
    private static double chebyshevRecurrence(double x, long n, double p1) {
        if (n == 0) return 1;
        double p = 1, q = p1;
        for (long k = 1; k < n; k++) {
            double r = 2 * x * q - p;
            p = q;
            q = r;
        }
        return q;
    }

    private static double chebyshevT(double x, long n) {
        if (Math.abs(x) == 1) return x > 0 || even(n) ? 1 : -1;
        if (n > 6 && Math.abs(x) < 1) return Math.cos(n * Math.acos(x));
        return chebyshevRecurrence(x, n, x);
    }

    private static double chebyshevU(double x, long n) {
        if (Math.abs(x) == 1) return x > 0 || even(n) ? n + 1 : -(n + 1);
        if (n > 8 && Math.abs(x) < 1) {
            double t = Math.acos(x), s = Math.sin(t);
            return s != 0 ? Math.sin((n + 1) * t) / s : (n + 1) * Math.cos((n + 1) * t) / x;
        }
        return chebyshevRecurrence(x, n, 2 * x);
    }

    private static double chebyshevV(double x, long n) {
        if (Math.abs(x) == 1) return x > 0 ? 1 : even(n) ? 2 * n + 1 : -(2 * n + 1);
        if (n > 8 && Math.abs(x) < 1) {
            double t = Math.acos(x);
            if (Math.sin(t / 2) != 1) return Math.cos((n + 0.5) * t) / Math.cos(t / 2);
            return even(n) ? 2 * n + 1 : -(2 * n + 1);
        }
        return chebyshevRecurrence(x, n, 2 * x - 1);
    }

    private static double chebyshevW(double x, long n) {
        if (Math.abs(x) == 1) return x > 0 ? 2 * n + 1 : even(n) ? 1 : -1;
        if (n > 8 && Math.abs(x) < 1) {
            double t = Math.acos(x);
            if (Math.cos(t / 2) != 1) return Math.sin((n + 0.5) * t) / Math.sin(t / 2);
            return x > 0 ? 2 * n + 1 : even(n) ? 1 : -1;
        }
        return chebyshevRecurrence(x, n, 2 * x + 1);
    }

    /** Physicists' {@code H_{k+1} = 2x H_k - 2k H_{k-1}}, or probabilists' {@code He_{k+1} = x He_k - k He_{k-1}}. */
    private static double hermite(double x, long n, boolean physicists) {
        if (n == 0) return 1;
        double c = physicists ? 2 : 1, p = 1, q = c * x;
        for (long k = 1; k < n; k++) {
            double r = c * (x * q - k * p);
            p = q;
            q = r;
        }
        return q;
    }

    /** {@code (k+1) L_{k+1} = (2k + 1 - x) L_k - k L_{k-1}}. */
    private static double laguerre(double x, long n) {
        if (Math.abs(x) == 0 || n == 0) return 1;
        double p = 1, q = 1 - x;
        for (long k = 1; k < n; k++) {
            double r = ((2 * k + 1 - x) * q - k * p) / (k + 1);
            p = q;
            q = r;
        }
        return q;
    }

    /** {@code (k+1) P_{k+1} = (2k + 1) x P_k - k P_{k-1}}. */
    private static double legendre(double x, long n) {
        if (Math.abs(x) == 1) return x > 0 || even(n) ? 1 : -1;
        if (n == 0) return 1;
        double p = 1, q = x;
        for (long k = 1; k < n; k++) {
            double r = ((2 * k + 1) * x * q - k * p) / (k + 1);
            p = q;
            q = r;
        }
        return q;
    }
}
