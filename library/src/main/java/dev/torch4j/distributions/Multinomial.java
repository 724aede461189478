package dev.torch4j.distributions;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.ops.SpecialOps;

import java.util.Arrays;

/**
 * {@code torch.distributions.Multinomial(total_count=1, probs=, logits=)}: the counts of total_count draws from a
 * {@link Categorical}, an event of size k. Samples are PyTorch's (total_count categorical draws, counted with
 * scatter_add), so the same seed gives the same counts; log_prob, entropy, mean and variance as PyTorch computes them.
 */
public class Multinomial extends Distribution {
    private final long totalCount;
    private final Categorical categorical;

    private Multinomial(long totalCount, Categorical categorical) {
        super(categorical.batchShape().toArray(), new long[] {categorical.probs().size(-1)});
        this.totalCount = totalCount;
        this.categorical = categorical;
    }

    /** {@code Multinomial(total_count, probs=probs)}: probs are normalised along the last dim, as Categorical's. */
    public static Multinomial ofProbs(long totalCount, Tensor probs) { return new Multinomial(totalCount, Categorical.ofProbs(probs)); }

    /** {@code Multinomial(total_count, logits=logits)}. */
    public static Multinomial ofLogits(long totalCount, Tensor logits) { return new Multinomial(totalCount, Categorical.ofLogits(logits)); }

    /** PyTorch's repr names no parameters (they live on its inner Categorical). */
    @Override
    protected Object[] reprParams() { return new Object[0]; }

    /** The number of draws. */
    public long totalCount() { return totalCount; }

    /** The normalised probabilities. */
    public Tensor probs() { return categorical.probs(); }

    /** The normalised log-probabilities. */
    public Tensor logits() { return categorical.logits(); }

    /** total_count categorical draws per event, counted: the counts in the probabilities' dtype. */
    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = GradMode.noGrad()) {
            long[] drawShape = new long[sampleShape.length + 1];
            drawShape[0] = totalCount;
            System.arraycopy(sampleShape, 0, drawShape, 1, sampleShape.length);
            Tensor draws = categorical.sample(drawShape);
            long[] order = new long[draws.dim()];
            for (int i = 0; i < order.length; i++) order[i] = (i + 1) % order.length; // the draws' dim goes last
            draws = draws.permute(order);
            Tensor counts = Torch.zeros(Torch.shape(extendedShape(sampleShape)), Torch.dtype(DType.INT64).device(draws.device()));
            counts.scatterAdd_(-1, draws, Torch.onesLike(draws));
            return counts.to(probs().dtype());
        }
    }

    @Override
    public Tensor logProb(Tensor given) {
        checkValue(given, () -> given.ge(0.0).all(-1).logicalAnd(given.sum(-1).le((double) totalCount)), "Multinomial()");
        Tensor value = given.to(probs().device(), probs().dtype());
        long[] shape = broadcastShape("Multinomial.log_prob", logits(), value);
        Tensor logits = logits().expand(shape), v = value.expand(shape);
        // 0 * -inf is 0 here: a category that cannot occur and was not drawn costs nothing
        logits = logits.maskedFill(v.eq(0.0).logicalAnd(logits.eq(Double.NEGATIVE_INFINITY)), 0.0);
        Tensor logFactorialN = SpecialOps.lgamma(v.sum(-1).add(1.0));
        Tensor logFactorialXs = SpecialOps.lgamma(v.add(1.0)).sum(-1);
        return logFactorialN.sub(logFactorialXs).add(logits.mul(v).sum(-1));
    }

    /** {@code n H(categorical) - lgamma(n + 1) + sum_k sum_{x=1..n} Binomial(n, p_k).prob(x) lgamma(x + 1)}. */
    @Override
    public Tensor entropy() {
        // PyTorch takes lgamma of the int64 count, which it computes in float32: the same rounding here
        double lgammaN = (float) dev.torch4j.ops.SpecialMath.lgamma(totalCount + 1.0);
        Tensor term1 = categorical.entropy().mul((double) totalCount).sub(lgammaN);
        long[] supportShape = new long[probs().dim() + 1];
        Arrays.fill(supportShape, 1);
        supportShape[0] = totalCount;
        Tensor support = Torch.arange(1.0, totalCount + 1.0, 1.0).to(probs().device(), probs().dtype()).reshape(supportShape);
        Binomial binomial = Binomial.ofProbs(totalCount, probs());
        Tensor binomialProbs = binomial.logProb(support).exp();
        Tensor weights = SpecialOps.lgamma(support.add(1.0));
        return term1.add(binomialProbs.mul(weights).sum(new long[] {0, -1}, false));
    }

    @Override
    public Tensor mean() { return probs().mul((double) totalCount); }

    @Override
    public Tensor variance() { return probs().mul((double) totalCount).mul(probs().neg().add(1.0)); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Multinomial expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Multinomial(totalCount, categorical.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return new Constraint("Multinomial()", 1, v -> v.ge(0.0).all(-1).logicalAnd(v.sum(-1).le((double) totalCount))); }
}
