package dev.torch4j.distributions;

import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * {@code torch.distributions.LogitRelaxedBernoulli(temperature, probs=, logits=)}: the logit of a
 * {@link RelaxedBernoulli} sample, {@code (logit(u) + logits) / temperature} for a uniform u (both clamped into
 * [eps, 1 - eps] as PyTorch's clamp_probs does). Supported on the reals; no mean, variance or entropy.
 */
public class LogitRelaxedBernoulli extends Distribution {
    private final Tensor temperature, probs, logits;
    private final boolean fromLogits;

    private LogitRelaxedBernoulli(Tensor temperature, Tensor probs, Tensor logits, boolean fromLogits) {
        super((fromLogits ? logits : probs).shapeArray(), new long[0]);
        this.temperature = temperature;
        this.fromLogits = fromLogits;
        // assigned before the checks: their message prints the repr
        this.logits = fromLogits ? logits : Bernoulli.probsToLogits(probs);
        this.probs = fromLogits ? logits.sigmoid() : probs;
        if (fromLogits) checkParam("logits", logits, logits.eq(logits), REAL);
        else checkParam("probs", probs, probs.ge(0.0).logicalAnd(probs.le(1.0)), UNIT_INTERVAL);
    }

    /** {@code LogitRelaxedBernoulli(temperature, probs=probs)}. */
    public static LogitRelaxedBernoulli ofProbs(Tensor temperature, Tensor probs) { return new LogitRelaxedBernoulli(temperature, probs, null, false); }

    /** {@code LogitRelaxedBernoulli(temperature, logits=logits)}. */
    public static LogitRelaxedBernoulli ofLogits(Tensor temperature, Tensor logits) { return new LogitRelaxedBernoulli(temperature, null, logits, true); }

    /** {@code LogitRelaxedBernoulli(temperature, probs)}. */
    public LogitRelaxedBernoulli(Tensor temperature, Tensor probs) { this(temperature, probs, null, false); }

    @Override
    protected Object[] reprParams() { return new Object[] {fromLogits ? "logits" : "probs", fromLogits ? logits : probs}; }

    /** The relaxation temperature. */
    public Tensor temperature() { return temperature; }

    /** The probabilities of 1. */
    public Tensor probs() { return probs; }

    /** The log-odds of 1. */
    public Tensor logits() { return logits; }

    @Override
    public boolean hasRsample() { return true; }

    @Override
    public Tensor rsample(long... sampleShape) {
        long[] shape = extendedShape(sampleShape);
        Tensor p = Bernoulli.clampProbs(probs.expand(shape));
        Tensor u = Bernoulli.clampProbs(Torch.rand(Size.of(shape), Torch.dtype(p.dtype()).device(p.device())));
        return u.log().sub(u.neg().log1p()).add(p.log()).sub(p.neg().log1p()).div(temperature);
    }

    /** {@code log t + d - 2 log1p(exp d)} with {@code d = logits - t value}. */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.eq(value), REAL);
        Tensor diff = logits.sub(value.mul(temperature));
        return temperature.log().add(diff).sub(diff.exp().log1p().mul(2));
    }

    @Override
    public Tensor entropy() { throw new UnsupportedOperationException("LogitRelaxedBernoulli does not implement entropy"); }

    @Override
    public Tensor mean() { throw new UnsupportedOperationException("LogitRelaxedBernoulli does not implement mean"); }

    @Override
    public Tensor variance() { throw new UnsupportedOperationException("LogitRelaxedBernoulli does not implement variance"); }

    /** None, as in PyTorch (whose message names the class by its module, which the default cannot derive here). */
    @Override
    public Tensor mode() { throw new UnsupportedOperationException("<class 'torch.distributions.relaxed_bernoulli.LogitRelaxedBernoulli'> does not implement mode"); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public LogitRelaxedBernoulli expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new LogitRelaxedBernoulli(temperature, fromLogits ? null : probs.expand(b), fromLogits ? logits.expand(b) : null, fromLogits));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.REAL; }
}
