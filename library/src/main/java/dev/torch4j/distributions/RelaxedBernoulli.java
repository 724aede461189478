package dev.torch4j.distributions;

import dev.torch4j.Tensor;

import java.util.List;

/**
 * {@code torch.distributions.RelaxedBernoulli(temperature, probs=, logits=)}: a continuous relaxation of the
 * Bernoulli on [0, 1], the sigmoid of a {@link LogitRelaxedBernoulli} (which checks the parameters, with its
 * message), as in PyTorch. Reparameterised; lower temperatures approach 0/1 draws.
 */
public class RelaxedBernoulli extends TransformedDistribution {
    private final LogitRelaxedBernoulli logit;

    private RelaxedBernoulli(LogitRelaxedBernoulli logit) {
        super(logit, List.of(new SigmoidTransform()));
        this.logit = logit;
    }

    /** {@code RelaxedBernoulli(temperature, probs=probs)}. */
    public static RelaxedBernoulli ofProbs(Tensor temperature, Tensor probs) { return new RelaxedBernoulli(LogitRelaxedBernoulli.ofProbs(temperature, probs)); }

    /** {@code RelaxedBernoulli(temperature, logits=logits)}. */
    public static RelaxedBernoulli ofLogits(Tensor temperature, Tensor logits) { return new RelaxedBernoulli(LogitRelaxedBernoulli.ofLogits(temperature, logits)); }

    /** {@code RelaxedBernoulli(temperature, probs)}. */
    public RelaxedBernoulli(Tensor temperature, Tensor probs) { this(LogitRelaxedBernoulli.ofProbs(temperature, probs)); }

    /** The relaxation temperature. */
    public Tensor temperature() { return logit.temperature(); }

    /** The probabilities of 1. */
    public Tensor probs() { return logit.probs(); }

    /** The log-odds of 1. */
    public Tensor logits() { return logit.logits(); }

    @Override public Constraint support() { return Constraint.UNIT_INTERVAL; }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public RelaxedBernoulli expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new RelaxedBernoulli(logit.expand(b)));
    }
}
