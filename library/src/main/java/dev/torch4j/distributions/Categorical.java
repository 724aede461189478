package dev.torch4j.distributions;

import dev.torch4j.DType;
import dev.torch4j.Tensor;

import java.util.Arrays;

/**
 * {@code torch.distributions.Categorical(probs=, logits=)}: one of {@code K} categories (the last dim of the
 * parameter), the probabilities normalised to sum to 1 (logits: to logsumexp 0).
 */
public class Categorical extends Distribution {
    private final Tensor probs, logits;
    private final boolean fromLogits;
    private final long numEvents;

    private Categorical(Tensor probs, Tensor logits, boolean fromLogits) {
        super(batch(fromLogits ? logits : probs), new long[0]);
        this.fromLogits = fromLogits;
        if (fromLogits) {
            checkParam("logits", logits, logits.eq(logits), "IndependentConstraint(Real(), 1)");
            this.logits = logits.sub(logits.logsumexp(-1, true));
            this.probs = this.logits.softmax(-1);
        } else {
            this.probs = probs.div(probs.sum(-1, true));
            // PyTorch checks the normalised probabilities (so NaN from an all-zero row fails)
            checkParam("probs", this.probs, this.probs.ge(0.0).all(-1).logicalAnd(this.probs.sum(-1, false).sub(1).abs().lt(1e-6)), "Simplex()");
            this.logits = Bernoulli.clampProbs(this.probs).log();
        }
        this.numEvents = this.probs.size(-1);
    }

    private static long[] batch(Tensor p) {
        if (p.dim() < 1) throw new IllegalArgumentException("`probs` parameter must be at least one-dimensional.");
        long[] s = p.shapeArray();
        return Arrays.copyOf(s, s.length - 1);
    }

    /** {@code Categorical(probs=probs)}: non-negative, normalised along the last dim. */
    public static Categorical ofProbs(Tensor probs) { return new Categorical(probs, null, false); }

    /** {@code Categorical(logits=logits)}: unnormalised log-probabilities. */
    public static Categorical ofLogits(Tensor logits) { return new Categorical(null, logits, true); }

    /** {@code Categorical(probs)}. */
    public Categorical(Tensor probs) { this(probs, null, false); }

    @Override
    protected Object[] reprParams() { return new Object[] {fromLogits ? "logits" : "probs", fromLogits ? logits : probs}; }

    /** The repr once logits have been read: PyTorch's lazy logits then join a probs-built Categorical's repr. */
    String reprWithLogits() {
        if (fromLogits) return toString();
        String s = toString();
        return s.substring(0, s.length() - 1) + ", logits: " + (logits.numel() == 1 ? format(logits) : dev.torch4j.Size.of(logits.shapeArray())) + ")";
    }

    /** The normalised probabilities. */
    public Tensor probs() { return probs; }

    /** The normalised log-probabilities. */
    public Tensor logits() { return logits; }

    /** As PyTorch: {@code multinomial(probs_2d, n, replacement=True).T} reshaped (the same draws after a seed). */
    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            long n = 1;
            for (long d : sampleShape) n *= d;
            Tensor probs2d = probs.reshape(-1, numEvents);
            return probs2d.multinomial(n, true).t().reshape(extendedShape(sampleShape));
        }
    }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.ge(0.0).logicalAnd(value.le((double) (numEvents - 1))).logicalAnd(value.eq(value.floor())),
                "IntegerInterval(lower_bound=0, upper_bound=" + (numEvents - 1) + ")");
        Tensor v = value.to(DType.INT64).unsqueeze(-1);
        long[] s = broadcastShape("Categorical.log_prob", v, logits);
        Tensor idx = v.expand(s).narrow(-1, 0, 1);
        return logits.expand(s).gather(-1, idx).squeeze(-1);
    }

    @Override
    public Tensor entropy() {
        double minReal = logits.dtype() == DType.FLOAT64 ? -Double.MAX_VALUE : -Float.MAX_VALUE;
        return logits.clampMin(minReal).mul(probs).sum(-1, false).neg();
    }

    /** The most likely category. */
    @Override
    public Tensor mode() { return probs.argmax(-1); }

    /** NaN: a categorical has no mean (as in PyTorch). */
    @Override
    public Tensor mean() { return dev.torch4j.Torch.full(extendedShape(), Double.NaN, dev.torch4j.Torch.dtype(probs.dtype()).device(probs.device())); }

    /** NaN: a categorical has no variance (as in PyTorch). */
    @Override
    public Tensor variance() { return mean(); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Categorical expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Categorical(fromLogits ? null : probs.expand(with(b, numEvents)), fromLogits ? logits.expand(with(b, numEvents)) : null, fromLogits));
    }

    @Override
    public boolean hasEnumerateSupport() { return true; }

    /** {@code enumerate_support(expand)}. */
    @Override
    public Tensor enumerateSupport(boolean expand) { return enumerated(dev.torch4j.Torch.arange(numEvents).to(probs.device()), batchShape().toArray(), new long[0], expand); }

    /** {@code support}. */
    @Override
    public Constraint support() { return new Constraint("IntegerInterval(lower_bound=0, upper_bound=" + (numEvents - 1) + ")", 0, v -> v.ge(0.0).logicalAnd(v.le((double) (numEvents - 1))).logicalAnd(v.eq(v.floor()))); }
}
