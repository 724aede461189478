package dev.torch4j;

import dev.torch4j.ops.SpecialExtras;
import dev.torch4j.ops.SpecialOps;

/**
 * The {@code torch.special} namespace: {@code Torch.special().gammaln(x)}. The gamma family (gammaln, digamma,
 * polygamma, multigammaln), the incomplete gamma functions, Hurwitz zeta, the error functions and the normal CDF,
 * plus PyTorch's aliases of ordinary functions (expit, exp2, log1p, softmax...). Every function is differentiable
 * where PyTorch's is, with PyTorch's derivatives; the gamma family, erfinv and zeta are computed elementwise in
 * double on the host (CUDA tensors go there and back).
 */
public final class Special {
    static final Special INSTANCE = new Special();

    private Special() {}

    /** {@code special.gammaln(x)}: {@code log|Gamma(x)|}. */
    public Tensor gammaln(Tensor x) { return x.lgamma(); }

    /** {@code special.digamma(x)}. */
    public Tensor digamma(Tensor x) { return x.digamma(); }

    /** {@code special.psi(x)}: digamma. */
    public Tensor psi(Tensor x) { return x.digamma(); }

    /** {@code special.polygamma(n, x)}. */
    public Tensor polygamma(long n, Tensor x) { return x.polygamma(n); }

    /** {@code special.multigammaln(x, p)}. */
    public Tensor multigammaln(Tensor x, long p) { return x.mvlgamma(p); }

    /** {@code special.gammainc(a, x)}: the regularised lower incomplete gamma function (differentiable in x). */
    public Tensor gammainc(Tensor a, Tensor x) { return SpecialOps.gammainc(a, x); }

    /** {@code special.gammaincc(a, x)}: the regularised upper incomplete gamma function. */
    public Tensor gammaincc(Tensor a, Tensor x) { return SpecialOps.gammaincc(a, x); }

    /** {@code special.zeta(x, q)}: the Hurwitz zeta function {@code sum_k (q + k)^-x} (differentiable in q). */
    public Tensor zeta(Tensor x, Tensor q) { return SpecialOps.zeta(x, q); }

    /** {@code special.erf(x)}. */
    public Tensor erf(Tensor x) { return x.erf(); }

    /** {@code special.erfc(x)}. */
    public Tensor erfc(Tensor x) { return x.erfc(); }

    /** {@code special.erfinv(x)}. */
    public Tensor erfinv(Tensor x) { return x.erfinv(); }

    /** {@code torch.special.i0(x)}: the modified Bessel function of the first kind, order 0. */
    public Tensor i0(Tensor x) { return x.i0(); }

    /** {@code torch.special.i0e(x)}: {@code exp(-|x|) i0(x)}, finite where i0 overflows. */
    public Tensor i0e(Tensor x) { return dev.torch4j.ops.Bessel.i0e(x); }

    /** {@code torch.special.i1(x)}: the modified Bessel function of the first kind, order 1. */
    public Tensor i1(Tensor x) { return dev.torch4j.ops.Bessel.i1(x); }

    /** {@code torch.special.i1e(x)}: {@code exp(-|x|) i1(x)}. */
    public Tensor i1e(Tensor x) { return dev.torch4j.ops.Bessel.i1e(x); }

    /** {@code special.ndtr(x)}: the standard normal CDF, {@code erfc(-x / sqrt(2)) / 2}. */
    public Tensor ndtr(Tensor x) {
        if (x.isComplex()) throw new IllegalArgumentException("\"ndtr\" not implemented for '" + x.dtype().scalarTypeName() + "'");
        Tensor f = x.isFloatingPoint() ? x : x.to(DType.FLOAT32);
        return f.mul(-0.7071067811865476).erfc().mul(0.5);
    }

    /** {@code special.expit(x)}: the logistic sigmoid. */
    public Tensor expit(Tensor x) { return x.sigmoid(); }

    /** {@code special.logit(x)}. */
    public Tensor logit(Tensor x) { return x.logit(); }

    /** {@code special.xlogy(x, y)}: {@code x log(y)}, 0 where x is 0. */
    public Tensor xlogy(Tensor x, Tensor y) { return x.xlogy(y); }

    /** {@code special.entr(x)}: {@code -x log(x)}, 0 at 0, -inf below 0. */
    public Tensor entr(Tensor x) { return SpecialOps.entr(x); }

    /** {@code special.sinc(x)}: {@code sin(pi x) / (pi x)}. */
    public Tensor sinc(Tensor x) { return x.sinc(); }

    /** {@code special.exp2(x)}. */
    public Tensor exp2(Tensor x) { return x.exp2(); }

    /** {@code special.expm1(x)}. */
    public Tensor expm1(Tensor x) { return x.expm1(); }

    /** {@code special.log1p(x)}. */
    public Tensor log1p(Tensor x) { return x.log1p(); }

    /** {@code special.round(x)}. */
    public Tensor round(Tensor x) { return x.round(); }

    /** {@code special.logsumexp(x, dims, keepdim)}. */
    public Tensor logsumexp(Tensor x, long[] dims, boolean keepdim) { return x.logsumexp(dims, keepdim); }

    /** {@code special.softmax(x, dim)}. */
    public Tensor softmax(Tensor x, long dim) { return x.softmax(dim); }

    /** {@code special.log_softmax(x, dim)}. */
    public Tensor logSoftmax(Tensor x, long dim) { return x.logSoftmax(dim); }

    // ---------------------------------------------------------------- the normal distribution's tails

    /** {@code special.erfcx(x)}: the scaled complementary error function {@code exp(x^2) erfc(x)}. */
    public Tensor erfcx(Tensor x) { return SpecialExtras.erfcx(x); }

    /** {@code special.log_ndtr(x)}: {@code log} of the standard normal CDF, finite far into the lower tail. */
    public Tensor logNdtr(Tensor x) { return SpecialExtras.logNdtr(x); }

    /** {@code special.ndtri(p)}: the standard normal quantile (the inverse of {@link #ndtr}). */
    public Tensor ndtri(Tensor p) { return SpecialExtras.ndtri(p); }

    /** {@code special.xlog1py(x, y)}: {@code x log1p(y)}, 0 where x is 0. */
    public Tensor xlog1py(Tensor x, Tensor y) { return SpecialExtras.xlog1py(x, y); }

    /** {@code special.xlog1py(x, y)} with a number y. */
    public Tensor xlog1py(Tensor x, double y) { return SpecialExtras.xlog1py(x, Tensor.scalar(y)); }

    /** {@code special.xlog1py(x, y)} with a number x. */
    public Tensor xlog1py(double x, Tensor y) { return SpecialExtras.xlog1py(Tensor.scalar(x), y); }

    // ---------------------------------------------------------------- Bessel functions (not differentiated, as in PyTorch)

    /** {@code special.bessel_j0(x)}: the Bessel function of the first kind, order 0. */
    public Tensor besselJ0(Tensor x) { return SpecialExtras.bessel("bessel_j0", x); }

    /** {@code special.bessel_j1(x)}: first kind, order 1. */
    public Tensor besselJ1(Tensor x) { return SpecialExtras.bessel("bessel_j1", x); }

    /** {@code special.bessel_y0(x)}: the Bessel function of the second kind, order 0 (NaN below 0). */
    public Tensor besselY0(Tensor x) { return SpecialExtras.bessel("bessel_y0", x); }

    /** {@code special.bessel_y1(x)}: second kind, order 1. */
    public Tensor besselY1(Tensor x) { return SpecialExtras.bessel("bessel_y1", x); }

    /** {@code special.modified_bessel_i0(x)}: {@link #i0} without a derivative. */
    public Tensor modifiedBesselI0(Tensor x) { return SpecialExtras.bessel("modified_bessel_i0", x); }

    /** {@code special.modified_bessel_i1(x)}. */
    public Tensor modifiedBesselI1(Tensor x) { return SpecialExtras.bessel("modified_bessel_i1", x); }

    /** {@code special.modified_bessel_k0(x)}: the modified Bessel function of the second kind, order 0. */
    public Tensor modifiedBesselK0(Tensor x) { return SpecialExtras.bessel("modified_bessel_k0", x); }

    /** {@code special.modified_bessel_k1(x)}. */
    public Tensor modifiedBesselK1(Tensor x) { return SpecialExtras.bessel("modified_bessel_k1", x); }

    /** {@code special.scaled_modified_bessel_k0(x)}: {@code exp(x) K0(x)}, finite where K0 underflows. */
    public Tensor scaledModifiedBesselK0(Tensor x) { return SpecialExtras.bessel("scaled_modified_bessel_k0", x); }

    /** {@code special.scaled_modified_bessel_k1(x)}: {@code exp(x) K1(x)}. */
    public Tensor scaledModifiedBesselK1(Tensor x) { return SpecialExtras.bessel("scaled_modified_bessel_k1", x); }

    /** {@code special.airy_ai(x)}: the Airy function Ai (NaN at the infinities, 0 past 103.892, as in PyTorch). */
    public Tensor airyAi(Tensor x) { return SpecialExtras.bessel("airy_ai", x); }

    /** {@code special.spherical_bessel_j0(x)}: {@code sin(x) / x}. */
    public Tensor sphericalBesselJ0(Tensor x) { return SpecialExtras.bessel("spherical_bessel_j0", x); }

    // ---------------------------------------------------------------- orthogonal polynomials (not differentiated)

    /** {@code special.chebyshev_polynomial_t(x, n)}: the Chebyshev polynomial of the first kind. */
    public Tensor chebyshevPolynomialT(Tensor x, Tensor n) { return SpecialExtras.polynomial("CHEBYSHEV_T", x, n); }

    /** {@code special.chebyshev_polynomial_t(x, n)} of a number n. */
    public Tensor chebyshevPolynomialT(Tensor x, long n) { return chebyshevPolynomialT(x, Tensor.scalar(n)); }

    /** {@code special.chebyshev_polynomial_u(x, n)}: second kind. */
    public Tensor chebyshevPolynomialU(Tensor x, Tensor n) { return SpecialExtras.polynomial("CHEBYSHEV_U", x, n); }

    /** {@code special.chebyshev_polynomial_u(x, n)} of a number n. */
    public Tensor chebyshevPolynomialU(Tensor x, long n) { return chebyshevPolynomialU(x, Tensor.scalar(n)); }

    /** {@code special.chebyshev_polynomial_v(x, n)}: third kind. */
    public Tensor chebyshevPolynomialV(Tensor x, Tensor n) { return SpecialExtras.polynomial("CHEBYSHEV_V", x, n); }

    /** {@code special.chebyshev_polynomial_v(x, n)} of a number n. */
    public Tensor chebyshevPolynomialV(Tensor x, long n) { return chebyshevPolynomialV(x, Tensor.scalar(n)); }

    /** {@code special.chebyshev_polynomial_w(x, n)}: fourth kind. */
    public Tensor chebyshevPolynomialW(Tensor x, Tensor n) { return SpecialExtras.polynomial("CHEBYSHEV_W", x, n); }

    /** {@code special.chebyshev_polynomial_w(x, n)} of a number n. */
    public Tensor chebyshevPolynomialW(Tensor x, long n) { return chebyshevPolynomialW(x, Tensor.scalar(n)); }

    /** {@code special.shifted_chebyshev_polynomial_t(x, n)}: {@code T_n(2x - 1)}, on [0, 1]. */
    public Tensor shiftedChebyshevPolynomialT(Tensor x, Tensor n) { return SpecialExtras.polynomial("SHIFTED_T", x, n); }

    /** {@code special.shifted_chebyshev_polynomial_u(x, n)}: {@code U_n(2x - 1)}. */
    public Tensor shiftedChebyshevPolynomialU(Tensor x, Tensor n) { return SpecialExtras.polynomial("SHIFTED_U", x, n); }

    /** {@code special.shifted_chebyshev_polynomial_v(x, n)}: {@code V_n(2x - 1)}. */
    public Tensor shiftedChebyshevPolynomialV(Tensor x, Tensor n) { return SpecialExtras.polynomial("SHIFTED_V", x, n); }

    /** {@code special.shifted_chebyshev_polynomial_w(x, n)}: {@code W_n(2x - 1)}. */
    public Tensor shiftedChebyshevPolynomialW(Tensor x, Tensor n) { return SpecialExtras.polynomial("SHIFTED_W", x, n); }

    /** {@code special.hermite_polynomial_h(x, n)}: the physicists' Hermite polynomial. */
    public Tensor hermitePolynomialH(Tensor x, Tensor n) { return SpecialExtras.polynomial("HERMITE_H", x, n); }

    /** {@code special.hermite_polynomial_h(x, n)} of a number n. */
    public Tensor hermitePolynomialH(Tensor x, long n) { return hermitePolynomialH(x, Tensor.scalar(n)); }

    /** {@code special.hermite_polynomial_he(x, n)}: the probabilists' Hermite polynomial. */
    public Tensor hermitePolynomialHe(Tensor x, Tensor n) { return SpecialExtras.polynomial("HERMITE_HE", x, n); }

    /** {@code special.hermite_polynomial_he(x, n)} of a number n. */
    public Tensor hermitePolynomialHe(Tensor x, long n) { return hermitePolynomialHe(x, Tensor.scalar(n)); }

    /** {@code special.laguerre_polynomial_l(x, n)}. */
    public Tensor laguerrePolynomialL(Tensor x, Tensor n) { return SpecialExtras.polynomial("LAGUERRE_L", x, n); }

    /** {@code special.laguerre_polynomial_l(x, n)} of a number n. */
    public Tensor laguerrePolynomialL(Tensor x, long n) { return laguerrePolynomialL(x, Tensor.scalar(n)); }

    /** {@code special.legendre_polynomial_p(x, n)}. */
    public Tensor legendrePolynomialP(Tensor x, Tensor n) { return SpecialExtras.polynomial("LEGENDRE_P", x, n); }

    /** {@code special.legendre_polynomial_p(x, n)} of a number n. */
    public Tensor legendrePolynomialP(Tensor x, long n) { return legendrePolynomialP(x, Tensor.scalar(n)); }
}
