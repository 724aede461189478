package dev.torch4j.distributions;

import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * {@code torch.distributions.ExpRelaxedCategorical(temperature, probs=, logits=)}: the log of a
 * {@link RelaxedOneHotCategorical} sample, {@code log_softmax((logits + g) / temperature)} for Gumbel noise g (from
 * uniforms clamped into [eps, 1 - eps]). The probabilities are checked and normalised by a {@link Categorical}, as
 * in PyTorch. No mean, variance or entropy.
 */
public class ExpRelaxedCategorical extends Distribution {
    private final Tensor temperature;
    private final Categorical categorical;

    private ExpRelaxedCategorical(Tensor temperature, Categorical categorical) {
        super(categorical.batchShape().toArray(), new long[] {categorical.probs().size(-1)});
        this.temperature = temperature;
        this.categorical = categorical;
    }

    /** {@code ExpRelaxedCategorical(temperature, probs=probs)}. */
    public static ExpRelaxedCategorical ofProbs(Tensor temperature, Tensor probs) { return new ExpRelaxedCategorical(temperature, Categorical.ofProbs(probs)); }

    /** {@code ExpRelaxedCategorical(temperature, logits=logits)}. */
    public static ExpRelaxedCategorical ofLogits(Tensor temperature, Tensor logits) { return new ExpRelaxedCategorical(temperature, Categorical.ofLogits(logits)); }

    /** {@code ExpRelaxedCategorical(temperature, probs)}. */
    public ExpRelaxedCategorical(Tensor temperature, Tensor probs) { this(temperature, Categorical.ofProbs(probs)); }

    /** PyTorch's repr shows no parameter: probs and logits are properties there. */
    @Override
    protected Object[] reprParams() { return new Object[0]; }

    /** The relaxation temperature. */
    public Tensor temperature() { return temperature; }

    /** The normalised probabilities. */
    public Tensor probs() { return categorical.probs(); }

    /** The normalised log-probabilities. */
    public Tensor logits() { return categorical.logits(); }

    @Override
    public boolean hasRsample() { return true; }

    @Override
    public Tensor rsample(long... sampleShape) {
        Tensor logits = logits();
        Tensor u = Bernoulli.clampProbs(Torch.rand(Size.of(extendedShape(sampleShape)), Torch.dtype(logits.dtype()).device(logits.device())));
        Tensor gumbels = u.log().neg().log().neg();
        Tensor scores = logits.add(gumbels).div(temperature);
        return scores.sub(scores.logsumexp(-1, true));
    }

    /** The Gumbel-softmax density of the log-simplex point value (Maddison et al.'s concrete density). */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.eq(value).all(-1), "IndependentConstraint(Real(), 1)");
        long k = event();
        Tensor logScale = dev.torch4j.ops.SpecialOps.lgamma(Torch.fullLike(temperature, (double) k)).sub(temperature.log().mul(-(k - 1)));
        Tensor score = logits().sub(value.mul(temperature));
        return score.sub(score.logsumexp(-1, true)).sum(-1, false).add(logScale);
    }

    private long event() { return eventShape().toArray()[0]; }

    @Override
    public Tensor entropy() { throw new UnsupportedOperationException("ExpRelaxedCategorical does not implement entropy"); }

    @Override
    public Tensor mean() { throw new UnsupportedOperationException("ExpRelaxedCategorical does not implement mean"); }

    @Override
    public Tensor variance() { throw new UnsupportedOperationException("ExpRelaxedCategorical does not implement variance"); }

    /** None, as in PyTorch (whose message names the class by its module, which the default cannot derive here). */
    @Override
    public Tensor mode() { throw new UnsupportedOperationException("<class 'torch.distributions.relaxed_categorical.ExpRelaxedCategorical'> does not implement mode"); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public ExpRelaxedCategorical expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new ExpRelaxedCategorical(temperature, categorical.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.REAL_VECTOR; }
}
