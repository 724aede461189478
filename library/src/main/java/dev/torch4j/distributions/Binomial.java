package dev.torch4j.distributions;

import dev.torch4j.ops.SpecialOps;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

import java.util.Arrays;

/**
 * {@code torch.distributions.Binomial(total_count, probs=, logits=)}: the number of successes in total_count
 * Bernoulli(probs) trials. Samples are PyTorch's ({@code torch.binomial}: BTRS or inversion, the same values after the
 * same seed); total_count is a tensor of the probabilities' dtype, broadcast against them.
 */
public class Binomial extends CountDistribution {

    private Binomial(Tensor totalCount, Tensor param, boolean fromLogits) {
        super("Binomial", totalCount, param, fromLogits);
        checkParam("total_count", this.totalCount, this.totalCount.ge(0.0).logicalAnd(isInteger(this.totalCount)), NONNEGATIVE_INTEGER);
        if (fromLogits) checkParam("logits", logits, logits.eq(logits), REAL);
        else checkParam("probs", probs, probs.ge(0.0).logicalAnd(probs.le(1.0)), UNIT_INTERVAL);
    }

    /** {@code Binomial(total_count, probs=probs)}. */
    public static Binomial ofProbs(Tensor totalCount, Tensor probs) { return new Binomial(totalCount, probs, false); }

    /** {@code Binomial(total_count, probs=probs)} with a number of trials. */
    public static Binomial ofProbs(long totalCount, Tensor probs) { return new Binomial(scalarLike(totalCount, probs), probs, false); }

    /** {@code Binomial(total_count, logits=logits)}. */
    public static Binomial ofLogits(Tensor totalCount, Tensor logits) { return new Binomial(totalCount, logits, true); }

    /** {@code Binomial(total_count, logits=logits)} with a number of trials. */
    public static Binomial ofLogits(long totalCount, Tensor logits) { return new Binomial(scalarLike(totalCount, logits), logits, true); }

    /** {@code Binomial(total_count, probs)}. */
    public Binomial(Tensor totalCount, Tensor probs) { this(totalCount, probs, false); }

    /** {@code torch.binomial(total_count.expand(shape), probs.expand(shape))}. */
    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = GradMode.noGrad()) {
            long[] shape = extendedShape(sampleShape);
            return Samplers.binomial(totalCount.expand(shape), probs.expand(shape));
        }
    }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> isInteger(value).logicalAnd(value.ge(0.0)).logicalAnd(value.le(totalCount)),
                "IntegerInterval(lower_bound=0, upper_bound=" + format(totalCount) + ")");
        Tensor logFactorialN = SpecialOps.lgamma(totalCount.add(1));
        Tensor logFactorialK = SpecialOps.lgamma(value.add(1));
        Tensor logFactorialNmk = SpecialOps.lgamma(totalCount.sub(value).add(1));
        // n log(1 + e^logit) written so that it cannot overflow: n max(logit, 0) + n log1p(e^-|logit|)
        Tensor normalize = totalCount.mul(clampByZero(logits)).add(totalCount.mul(logits.abs().neg().exp().log1p())).sub(logFactorialN);
        return value.mul(logits).sub(logFactorialK).sub(logFactorialNmk).sub(normalize);
    }

    /** {@code max(x, 0)} with gradient 1/2 at 0, as PyTorch's {@code _clamp_by_zero}. */
    private static Tensor clampByZero(Tensor x) { return x.clampMin(0.0).add(x).sub(x.clamp(null, 0.0)).div(2); }

    /** Sums over the support {0, ..., n}; PyTorch supports only one total_count for the whole batch here. */
    @Override
    public Tensor entropy() {
        double n, min;
        try (var g = GradMode.noGrad()) {
            n = Math.floor(totalCount.max().item());
            min = totalCount.min().item();
        }
        if (min != n) throw new UnsupportedOperationException("Inhomogeneous total count not supported by `entropy`.");
        long[] shape = new long[batchShape().toArray().length + 1];
        Arrays.fill(shape, 1);
        shape[0] = (long) n + 1;
        Tensor values = Torch.arange(0.0, n + 1, 1.0).to(probs.device(), probs.dtype()).reshape(shape);
        Tensor lp = logProb(values);
        return lp.exp().mul(lp).sum(0).neg();
    }

    @Override
    public Tensor mean() { return totalCount.mul(probs); }

    /** {@code floor((n + 1) p)}, at most n. */
    @Override
    public Tensor mode() {
        Tensor m = totalCount.add(1).mul(probs).floor();
        // clamp(max=total_count): the gradient goes to total_count only where it clamps (minimum would split ties)
        return dev.torch4j.Torch.where(m.gt(totalCount), totalCount, m);
    }

    @Override
    public Tensor variance() { return totalCount.mul(probs).mul(probs.neg().add(1)); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Binomial expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Binomial(totalCount.expand(b), (fromLogits ? logits : probs).expand(b), fromLogits));
    }

    @Override
    public boolean hasEnumerateSupport() { return true; }

    /** {@code enumerate_support(expand)}: 0 to total_count, which must be the same over the batch. */
    @Override
    public Tensor enumerateSupport(boolean expand) {
        long n;
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            n = (long) totalCount.max().item();
            if (totalCount.min().item() != n) throw new UnsupportedOperationException("Inhomogeneous total count not supported by `enumerate_support`.");
        }
        return enumerated(Torch.arange(1 + n).to(probs.dtype()).to(probs.device()), batchShape().toArray(), new long[0], expand);
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return new Constraint("IntegerInterval(lower_bound=0, upper_bound=" + format(totalCount) + ")", 0, v -> isInteger(v).logicalAnd(v.ge(0.0)).logicalAnd(v.le(totalCount))); }
}
