package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Reduction;

/**
 * {@code torch.distributions.Geometric(probs=, logits=)}: the number of failures before the first success of
 * Bernoulli(probs) trials, {@code P(k) = (1 - p)^k p} for k = 0, 1, ... Samples are PyTorch's
 * ({@code floor(log(u) / log1p(-p))} with u from {@code uniform_(tiny, 1)}).
 */
public class Geometric extends Distribution {
    private final Tensor probs, logits;
    private final boolean fromLogits;

    private Geometric(Tensor probs, Tensor logits, boolean fromLogits) {
        super(given(fromLogits ? logits : probs).shapeArray(), new long[0]);
        this.fromLogits = fromLogits;
        // the parameters are set before the checks: the messages print this distribution's repr
        if (fromLogits) {
            this.logits = logits;
            this.probs = logits.sigmoid();
            checkParam("logits", logits, logits.eq(logits), REAL);
        } else {
            this.probs = probs;
            this.logits = Bernoulli.probsToLogits(probs);
            checkParam("probs", probs, probs.ge(0.0).logicalAnd(probs.le(1.0)), UNIT_INTERVAL);
            // PyTorch's extra check: a success probability of 0 never ends; its message lists only the bad values
            Tensor positive = probs.gt(0.0);
            if (validateArgs() && !positive.all().itemBool()) {
                Tensor bad;
                try (var g = GradMode.noGrad()) {
                    bad = probs.detach().index(positive.logicalNot());
                }
                throw new IllegalArgumentException("Expected parameter probs (Tensor of shape " + dev.torch4j.nn.Py.tuple(probs.shapeArray()) + ") of distribution "
                        + this + " to be positive but found invalid values:\n" + bad);
            }
        }
    }

    /** The one parameter given, which PyTorch requires. */
    static Tensor given(Tensor param) {
        if (param == null) throw new IllegalArgumentException("Either `probs` or `logits` must be specified, but not both.");
        return param;
    }

    /** {@code Geometric(probs=probs)}: probs in (0, 1]. */
    public static Geometric ofProbs(Tensor probs) { return new Geometric(probs, null, false); }

    /** {@code Geometric(logits=logits)}: the log-odds of success. */
    public static Geometric ofLogits(Tensor logits) { return new Geometric(null, logits, true); }

    /** {@code Geometric(probs)}. */
    public Geometric(Tensor probs) { this(probs, null, false); }

    /** {@code Geometric(probs)} with a number: batch shape (), float32. */
    public Geometric(double probs) { this(Torch.tensor(probs), null, false); }

    @Override
    protected Object[] reprParams() { return new Object[] {fromLogits ? "logits" : "probs", fromLogits ? logits : probs}; }

    /** The success probability. */
    public Tensor probs() { return probs; }

    /** The log-odds of success. */
    public Tensor logits() { return logits; }

    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = GradMode.noGrad()) {
            Tensor u = Torch.empty(dev.torch4j.Size.of(extendedShape(sampleShape)), Torch.dtype(probs.dtype()).device(probs.device()))
                    .uniform_(tiny(probs), 1);
            return u.log().div(probs.neg().log1p()).floor();
        }
    }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.ge(0.0).logicalAnd(isInteger(value)), NONNEGATIVE_INTEGER);
        long[] s = broadcastShape("Geometric.log_prob", value, probs);
        Tensor v = value.expand(s), p = probs.expand(s);
        // a certain success at k = 0: 0 * log1p(-1) would be NaN, PyTorch zeroes that probability first
        p = p.maskedFill(p.eq(1.0).logicalAnd(v.eq(0.0)), 0.0);
        return v.mul(p.neg().log1p()).add(probs.log());
    }

    @Override
    public Tensor entropy() {
        return Functional.binaryCrossEntropyWithLogits(logits, probs, null, null, Reduction.NONE).div(probs);
    }

    @Override
    public Tensor mean() { return probs.reciprocal().sub(1.0); }

    @Override
    public Tensor mode() { return Torch.zerosLike(probs); }

    @Override
    public Tensor variance() { return probs.reciprocal().sub(1.0).div(probs); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Geometric expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Geometric(fromLogits ? null : probs.expand(b), fromLogits ? logits.expand(b) : null, fromLogits));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.NONNEGATIVE_INTEGER; }
}
