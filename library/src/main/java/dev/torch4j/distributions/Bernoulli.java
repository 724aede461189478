package dev.torch4j.distributions;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Reduction;

import java.util.List;

/** {@code torch.distributions.Bernoulli(probs=, logits=)}: 1 with probability probs, else 0. */
public class Bernoulli extends ExponentialFamily {
    private final Tensor probs, logits;
    private final boolean fromLogits;

    private Bernoulli(Tensor probs, Tensor logits, boolean fromLogits) {
        super((fromLogits ? logits : probs).shapeArray(), new long[0]);
        this.fromLogits = fromLogits;
        // the parameters are set before the checks: their messages print the repr
        if (fromLogits) {
            this.logits = logits;
            this.probs = logits.sigmoid();
            checkParam("logits", logits, logits.eq(logits), "Real()");
        } else {
            this.probs = probs;
            this.logits = probsToLogits(probs);
            checkParam("probs", probs, probs.ge(0.0).logicalAnd(probs.le(1.0)), "Interval(lower_bound=0.0, upper_bound=1.0)");
        }
    }

    /** {@code Bernoulli(probs=probs)}. */
    public static Bernoulli ofProbs(Tensor probs) { return new Bernoulli(probs, null, false); }

    /** {@code Bernoulli(logits=logits)}. */
    public static Bernoulli ofLogits(Tensor logits) { return new Bernoulli(null, logits, true); }

    /** {@code Bernoulli(probs)}. */
    public Bernoulli(Tensor probs) { this(probs, null, false); }

    /** PyTorch's binary probs_to_logits: {@code log(p) - log1p(-p)} of the clamped probabilities. */
    static Tensor probsToLogits(Tensor probs) {
        Tensor p = clampProbs(probs);
        return p.log().sub(p.neg().log1p());
    }

    /** PyTorch's clamp_probs: into [eps, 1 - eps] of the dtype, so the logits stay finite. */
    static Tensor clampProbs(Tensor p) {
        double eps = eps(p);
        return p.clamp(eps, 1 - eps);
    }

    @Override
    protected Object[] reprParams() { return new Object[] {fromLogits ? "logits" : "probs", fromLogits ? logits : probs}; }

    /** The probabilities of 1. */
    public Tensor probs() { return probs; }

    /** The log-odds of 1. */
    public Tensor logits() { return logits; }

    /**
     * As {@code torch.bernoulli(probs)} on the CPU: one uniform draw per element (in double for float64
     * probabilities, else float32, as PyTorch's kernel draws them), 1 where it is below the probability.
     */
    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            long[] shape = extendedShape(sampleShape);
            DType draw = probs.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
            if (!probs.ge(0.0).logicalAnd(probs.le(1.0)).all().itemBool()) { // torch.bernoulli's check (NaN fails it too)
                throw new IllegalArgumentException("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  "
                        + "(Could this error message be improved?  If so, please report an enhancement request to PyTorch.)");
            }
            Tensor u = Torch.rand(dev.torch4j.Size.of(shape), Torch.dtype(draw).device(probs.device()));
            return u.lt(probs.expand(shape).to(draw)).to(probs.dtype());
        }
    }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.eq(0.0).logicalOr(value.eq(1.0)), "Boolean()");
        long[] s = broadcastShape("Bernoulli.log_prob", logits, value);
        return Functional.binaryCrossEntropyWithLogits(logits.expand(s), value.expand(s).to(logits.dtype()), null, null, Reduction.NONE).neg();
    }

    @Override
    public Tensor entropy() {
        return Functional.binaryCrossEntropyWithLogits(logits, probs, null, null, Reduction.NONE);
    }

    @Override
    public Tensor mean() { return probs; }

    /** 1 where probs &gt; 1/2, 0 where below, NaN at exactly 1/2. */
    @Override
    public Tensor mode() { return probs.ge(0.5).to(probs.dtype()).maskedFill(probs.eq(0.5), Double.NaN); }

    @Override
    public Tensor variance() { return probs.mul(probs.neg().add(1)); }

    /** {@code (log(p / (1 - p)),)}. */
    @Override
    protected List<Tensor> naturalParams() { return List.of(probs.div(probs.neg().add(1)).log()); }

    /** {@code log(1 + exp(x))}. */
    @Override
    protected Tensor logNormalizer(List<Tensor> eta) { return eta.get(0).exp().add(1).log(); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Bernoulli expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Bernoulli(fromLogits ? null : probs.expand(b), fromLogits ? logits.expand(b) : null, fromLogits));
    }

    @Override
    public boolean hasEnumerateSupport() { return true; }

    /** {@code enumerate_support(expand)}. */
    @Override
    public Tensor enumerateSupport(boolean expand) { return enumerated(Torch.arange(2).to(probs.dtype()).to(probs.device()), batchShape().toArray(), new long[0], expand); }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.BOOLEAN; }
}
