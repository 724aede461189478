package dev.torch4j.distributions;

import dev.torch4j.Tensor;

import java.util.List;

/**
 * {@code torch.distributions.RelaxedOneHotCategorical(temperature, probs=, logits=)}: the Gumbel-softmax (concrete)
 * relaxation of {@link OneHotCategorical} on the simplex, {@code exp} of an {@link ExpRelaxedCategorical}, as in
 * PyTorch. Reparameterised; lower temperatures approach one-hot draws.
 */
public class RelaxedOneHotCategorical extends TransformedDistribution {
    private final ExpRelaxedCategorical logDist;

    private RelaxedOneHotCategorical(ExpRelaxedCategorical logDist) {
        super(logDist, List.of(new ExpTransform()));
        this.logDist = logDist;
    }

    /** {@code RelaxedOneHotCategorical(temperature, probs=probs)}. */
    public static RelaxedOneHotCategorical ofProbs(Tensor temperature, Tensor probs) {
        return new RelaxedOneHotCategorical(ExpRelaxedCategorical.ofProbs(temperature, probs));
    }

    /** {@code RelaxedOneHotCategorical(temperature, logits=logits)}. */
    public static RelaxedOneHotCategorical ofLogits(Tensor temperature, Tensor logits) {
        return new RelaxedOneHotCategorical(ExpRelaxedCategorical.ofLogits(temperature, logits));
    }

    /** {@code RelaxedOneHotCategorical(temperature, probs)}. */
    public RelaxedOneHotCategorical(Tensor temperature, Tensor probs) { this(ExpRelaxedCategorical.ofProbs(temperature, probs)); }

    /** The relaxation temperature. */
    public Tensor temperature() { return logDist.temperature(); }

    /** The normalised probabilities. */
    public Tensor probs() { return logDist.probs(); }

    /** The normalised log-probabilities. */
    public Tensor logits() { return logDist.logits(); }

    @Override public Constraint support() { return Constraint.SIMPLEX; }

    /** None, as in PyTorch (whose message names the class by its module, which the default cannot derive here). */
    @Override
    public Tensor mode() { throw new UnsupportedOperationException("<class 'torch.distributions.relaxed_categorical.RelaxedOneHotCategorical'> does not implement mode"); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public RelaxedOneHotCategorical expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new RelaxedOneHotCategorical(logDist.expand(b)));
    }
}
