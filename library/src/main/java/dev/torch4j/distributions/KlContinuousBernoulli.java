package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * The KL divergences PyTorch registers with a {@link ContinuousBernoulli} on either side: closed forms against itself,
 * Exponential, Normal and Uniform and from Beta and Uniform; infinite from the unbounded families (Exponential, Gamma,
 * Gumbel, Laplace, Normal, Pareto), whose mass leaves [0, 1], and towards Pareto, whose support starts above 0.
 * PyTorch has none with Gamma or Laplace as q (no closed form) and none from CB to Beta.
 */
final class KlContinuousBernoulli {
    private KlContinuousBernoulli() {}

    /** {@code KL(p || q)} when PyTorch registers the pair, else null. */
    static Tensor pair(Distribution p, Distribution q) {
        if (q instanceof ContinuousBernoulli b) {
            if (p instanceof ContinuousBernoulli a) {
                Tensor t1 = a.mean().mul(a.logits().sub(b.logits()));
                Tensor t2 = a.logNorm().add(a.probs().neg().log1p());
                Tensor t3 = b.logNorm().neg().sub(b.probs().neg().log1p());
                return t1.add(t2).add(t3);
            }
            if (p instanceof Beta a) return crossEntropy(a.entropy(), a.mean(), b);
            if (p instanceof Uniform a) {
                // Note: PyTorch's test is ">= 1 or <= 0", so a Uniform reaching 0 or 1 (Uniform(0, 1) included) is infinite
                Tensor r = crossEntropy(a.entropy(), a.mean(), b);
                return infiniteWhere(a.high().ge(1.0).logicalOr(a.low().le(0.0)), r);
            }
            boolean infinite = p instanceof Exponential || p instanceof Gamma || p instanceof Gumbel || p instanceof Laplace
                    || p instanceof Normal || p instanceof Pareto;
            return infinite ? Kl.infiniteLike(p) : null;
        }
        if (!(p instanceof ContinuousBernoulli a)) return null;
        if (q instanceof Pareto) return Kl.infiniteLike(a);
        if (q instanceof Exponential b) return a.entropy().neg().sub(b.rate().log()).add(b.rate().mul(a.mean()));
        if (q instanceof Normal b) {
            Tensor t2 = b.loc().div(b.scale()).square().add(Math.log(2.0 * Math.PI)).mul(0.5).add(b.scale().log());
            Tensor t3 = a.variance().add(a.mean().square()).sub(b.loc().mul(2.0).mul(a.mean())).div(b.scale().square().mul(2.0));
            return a.entropy().neg().add(t2).add(t3);
        }
        if (q instanceof Uniform b) {
            // Note: PyTorch's test is "low >= 0 or high <= 1", so even a Uniform covering exactly [0, 1] gives infinity
            Tensor r = a.entropy().neg().add(b.high().sub(b.low()).log());
            return infiniteWhere(b.low().ge(0.0).logicalOr(b.high().le(1.0)), r);
        }
        return null;
    }

    /** {@code -H(p) - E_p[x] logits_q - log(1 - probs_q) - log C(q)}: p on [0, 1] against q's log density. */
    private static Tensor crossEntropy(Tensor entropy, Tensor mean, ContinuousBernoulli q) {
        return entropy.neg().sub(mean.mul(q.logits())).sub(q.probs().neg().log1p()).sub(q.logNorm());
    }

    /** {@code torch.where(cond, inf, r)}. */
    private static Tensor infiniteWhere(Tensor cond, Tensor r) { return Torch.where(cond, Torch.fullLike(r, Double.POSITIVE_INFINITY), r); }
}
