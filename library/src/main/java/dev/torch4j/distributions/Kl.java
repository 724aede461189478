package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Functional;

/** {@code torch.distributions.kl_divergence(p, q)} for the pairs of families PyTorch registers here. */
public final class Kl {
    private Kl() {}

    /** {@code KL(p || q)}, batched; pairs without a closed form here raise as PyTorch does. */
    public static Tensor klDivergence(Distribution p, Distribution q) {
        if (p instanceof Normal a && q instanceof Normal b) {
            Tensor varRatio = a.scale().div(b.scale()).square();
            Tensor t1 = a.loc().sub(b.loc()).div(b.scale()).square();
            return varRatio.add(t1).sub(1).sub(varRatio.log()).mul(0.5);
        }
        if (p instanceof Bernoulli a && q instanceof Bernoulli b) {
            Tensor t1 = a.probs().mul(Functional.softplus(b.logits().neg()).sub(Functional.softplus(a.logits().neg())));
            t1 = t1.maskedFill(b.probs().eq(0.0), Double.POSITIVE_INFINITY).maskedFill(a.probs().eq(0.0), 0.0);
            Tensor t2 = a.probs().neg().add(1).mul(Functional.softplus(b.logits()).sub(Functional.softplus(a.logits())));
            t2 = t2.maskedFill(b.probs().eq(1.0), Double.POSITIVE_INFINITY).maskedFill(a.probs().eq(1.0), 0.0);
            return t1.add(t2);
        }
        if (p instanceof Categorical a && q instanceof Categorical b) {
            Tensor t = a.probs().mul(a.logits().sub(b.logits()));
            long[] s = t.shapeArray();
            t = t.maskedFill(b.probs().eq(0.0).expand(s), Double.POSITIVE_INFINITY).maskedFill(a.probs().eq(0.0).expand(s), 0.0);
            return t.sum(-1, false);
        }
        if (p instanceof Uniform a && q instanceof Uniform b) {
            Tensor r = b.high().sub(b.low()).div(a.high().sub(a.low())).log();
            return r.maskedFill(b.low().gt(a.low()).logicalOr(b.high().lt(a.high())), Double.POSITIVE_INFINITY);
        }
        if (p instanceof MultivariateNormal a && q instanceof MultivariateNormal b) {
            long n = a.eventShape().toArray()[0];
            if (n != b.eventShape().toArray()[0]) {
                throw new IllegalArgumentException("KL-divergence between two Multivariate Normals with different event shapes cannot be computed");
            }
            Tensor halfTerm1 = b.scaleTril().diagonal(0, -2, -1).log().sum(-1, false).sub(a.scaleTril().diagonal(0, -2, -1).log().sum(-1, false));
            long[] batch = Distribution.broadcastShape("kl", a.scaleTril(), b.scaleTril());
            Tensor qL = b.scaleTril().expand(batch), pL = a.scaleTril().expand(batch);
            Tensor term2 = dev.torch4j.Torch.linalg().solveTriangular(qL, pL, false).square().sum(new long[] {-2, -1}, false);
            Tensor term3 = MultivariateNormal.mahalanobis(b.scaleTril(), b.loc().sub(a.loc()));
            return halfTerm1.add(term2.add(term3).sub(n).mul(0.5));
        }
        if (p instanceof Exponential a && q instanceof Exponential b) {
            Tensor ratio = b.rate().div(a.rate());
            return ratio.log().neg().add(ratio).sub(1);
        }
        if (p instanceof Laplace a && q instanceof Laplace b) {
            Tensor scaleRatio = a.scale().div(b.scale()), diff = a.loc().sub(b.loc()).abs();
            return scaleRatio.log().neg().add(diff.div(b.scale())).add(scaleRatio.mul(diff.neg().div(a.scale()).exp())).sub(1);
        }
        if (p instanceof Independent a && q instanceof Independent b
                && a.eventShape().equals(b.eventShape()) && a.batchShape().equals(b.batchShape())) {
            Tensor kl = klDivergence(a.baseDist(), b.baseDist());
            int n = a.eventShape().toArray().length - a.baseDist().eventShape().toArray().length;
            if (n == 0) return kl;
            long[] dims = new long[n];
            for (int i = 0; i < n; i++) dims[i] = -1 - i;
            return kl.sum(dims, false);
        }
        throw new UnsupportedOperationException("No KL(p || q) is implemented for p = " + p.getClass().getSimpleName() + ", q = "
                + q.getClass().getSimpleName());
    }
}
