package dev.torch4j.distributions;

import dev.torch4j.Tensor;

/**
 * What {@link Binomial} and {@link NegativeBinomial} share: a number of trials broadcast against success
 * probabilities given as probs or logits (the other derived), and their repr. Each checks its own constraints.
 */
public abstract class CountDistribution extends Distribution {
    final Tensor totalCount, probs, logits;
    final boolean fromLogits;

    CountDistribution(String name, Tensor totalCount, Tensor param, boolean fromLogits) {
        super(broadcastShape(name, totalCount, Geometric.given(param)), new long[0]);
        Tensor[] p = expandedToBatch(totalCount, param);
        this.totalCount = p[0].to(p[1].dtype());
        this.fromLogits = fromLogits;
        // the parameters are set before the subclass's checks: their messages print this distribution's repr
        if (fromLogits) {
            this.logits = p[1];
            this.probs = logits.sigmoid();
        } else {
            this.probs = p[1];
            this.logits = Bernoulli.probsToLogits(probs);
        }
    }

    @Override
    protected Object[] reprParams() {
        return new Object[] {"total_count", totalCount, fromLogits ? "logits" : "probs", fromLogits ? logits : probs};
    }

    /** The number of trials (in the probabilities' dtype). */
    public Tensor totalCount() { return totalCount; }

    /** The success probability of each trial. */
    public Tensor probs() { return probs; }

    /** The log-odds of success. */
    public Tensor logits() { return logits; }
}
