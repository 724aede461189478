package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.nn.Functional;
import dev.torch4j.ops.SpecialOps;

/**
 * {@code torch.distributions.NegativeBinomial(total_count, probs=, logits=)}: the number of successes before
 * total_count failures, each trial a success with probability probs. Samples are PyTorch's: a Gamma(total_count,
 * exp(-logits)) draw (kept at least the dtype's smallest normal number) then {@code torch.poisson} of it, so the same
 * seed gives the same values.
 */
public class NegativeBinomial extends CountDistribution {
    private static final String HALF_OPEN_UNIT = "HalfOpenInterval(lower_bound=0.0, upper_bound=1.0)";

    private NegativeBinomial(Tensor totalCount, Tensor param, boolean fromLogits) {
        super("NegativeBinomial", totalCount, param, fromLogits);
        checkParam("total_count", this.totalCount, this.totalCount.ge(0.0), "GreaterThanEq(lower_bound=0)"); // PyTorch's greater_than_eq(0), an int
        if (fromLogits) checkParam("logits", logits, logits.eq(logits), REAL);
        else checkParam("probs", probs, probs.ge(0.0).logicalAnd(probs.lt(1.0)), HALF_OPEN_UNIT);
    }

    /** {@code NegativeBinomial(total_count, probs=probs)}. */
    public static NegativeBinomial ofProbs(Tensor totalCount, Tensor probs) { return new NegativeBinomial(totalCount, probs, false); }

    /** {@code NegativeBinomial(total_count, probs=probs)} with a number of failures. */
    public static NegativeBinomial ofProbs(double totalCount, Tensor probs) {
        return new NegativeBinomial(scalarLike(totalCount, probs), probs, false);
    }

    /** {@code NegativeBinomial(total_count, logits=logits)}. */
    public static NegativeBinomial ofLogits(Tensor totalCount, Tensor logits) { return new NegativeBinomial(totalCount, logits, true); }

    /** {@code NegativeBinomial(total_count, logits=logits)} with a number of failures. */
    public static NegativeBinomial ofLogits(double totalCount, Tensor logits) {
        return new NegativeBinomial(scalarLike(totalCount, logits), logits, true);
    }

    /** {@code torch.poisson(Gamma(total_count, exp(-logits)).sample(shape))}. */
    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = GradMode.noGrad()) {
            long[] shape = extendedShape(sampleShape);
            Tensor rate = Samplers.standardGamma(totalCount.expand(shape)).div(logits.neg().exp().expand(shape));
            rate.clamp_(tiny(rate), Double.POSITIVE_INFINITY);
            return Samplers.poisson(rate);
        }
    }

    @Override
    public Tensor logProb(Tensor v) {
        checkValue(v, () -> isInteger(v).logicalAnd(v.ge(0.0)), NONNEGATIVE_INTEGER);
        Tensor value = v.to(logits.device(), logits.dtype());
        Tensor unnormalized = totalCount.mul(Functional.logsigmoid(logits.neg())).add(value.mul(Functional.logsigmoid(logits)));
        Tensor normalization = SpecialOps.lgamma(totalCount.add(value)).neg().add(SpecialOps.lgamma(value.add(1.0)))
                .add(SpecialOps.lgamma(totalCount));
        // total_count = value = 0 has probability 1, where lgamma(0) is infinite
        normalization = normalization.maskedFill(totalCount.add(value).eq(0.0), 0.0);
        return unnormalized.sub(normalization);
    }

    /** PyTorch defines no entropy for it. */
    @Override
    public Tensor entropy() { throw new UnsupportedOperationException("NegativeBinomial does not implement entropy"); }

    @Override
    public Tensor mean() { return totalCount.mul(logits.exp()); }

    /** {@code floor((total_count - 1) exp(logits))}, at least 0. */
    @Override
    public Tensor mode() { return totalCount.sub(1.0).mul(logits.exp()).floor().clampMin(0.0); }

    @Override
    public Tensor variance() { return mean().div(logits.neg().sigmoid()); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public NegativeBinomial expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new NegativeBinomial(totalCount.expand(b), (fromLogits ? logits : probs).expand(b), fromLogits));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.NONNEGATIVE_INTEGER; }
}
