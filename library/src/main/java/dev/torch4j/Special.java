package dev.torch4j;

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
    public Tensor entr(Tensor x) {
        Tensor f = x.isFloatingPoint() ? x : x.to(DType.FLOAT32);
        Tensor r = f.mul(f.log()).neg().where(f.ne(0.0), 0.0);
        return r.where(f.ge(0.0).logicalOr(f.isnan()), Double.NEGATIVE_INFINITY);
    }

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
}
