package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Reduction;

import java.util.List;

/**
 * {@code torch.distributions.ContinuousBernoulli(probs=, logits=, lims=(0.499, 0.501))}: the continuous relaxation of
 * a Bernoulli on [0, 1] (Loaiza-Ganem and Cunningham). Near probs = 1/2, where the closed forms divide by almost
 * nothing, PyTorch's Taylor expansions are used instead, as PyTorch does between the lims. Sampling inverts the cdf of
 * a uniform draw (reparameterised).
 */
public class ContinuousBernoulli extends ExponentialFamily {
    private final Tensor probs, logits;
    private final boolean fromLogits;
    private final double lo, hi;

    private ContinuousBernoulli(Tensor param, boolean fromLogits, double lo, double hi) {
        super(param.shapeArray(), new long[0]);
        this.fromLogits = fromLogits;
        this.lo = lo;
        this.hi = hi;
        if (fromLogits) {
            this.logits = param;
            checkParam("logits", logits, logits.eq(logits), REAL);
            this.probs = Bernoulli.clampProbs(logits.sigmoid());
        } else {
            // clamped into (0, 1) first, as PyTorch: its unit-interval check then always passes
            this.probs = Bernoulli.clampProbs(param);
            this.logits = Bernoulli.probsToLogits(this.probs);
        }
    }

    /** The copy {@link #expand} makes: the (already clamped) parameters expanded, not clamped again. */
    private ContinuousBernoulli(ContinuousBernoulli d, long[] batchShape) {
        super(batchShape, new long[0]);
        this.fromLogits = d.fromLogits;
        this.lo = d.lo;
        this.hi = d.hi;
        this.probs = d.probs.expand(batchShape);
        this.logits = d.logits.expand(batchShape);
    }

    /** {@code ContinuousBernoulli(probs=probs)}. */
    public static ContinuousBernoulli ofProbs(Tensor probs) { return new ContinuousBernoulli(probs, false, 0.499, 0.501); }

    /** {@code ContinuousBernoulli(logits=logits)}. */
    public static ContinuousBernoulli ofLogits(Tensor logits) { return new ContinuousBernoulli(logits, true, 0.499, 0.501); }

    /** With other {@code lims}: the probabilities between them use the Taylor expansions. */
    public static ContinuousBernoulli ofProbs(Tensor probs, double lowerLim, double upperLim) {
        return new ContinuousBernoulli(probs, false, lowerLim, upperLim);
    }

    @Override
    protected Object[] reprParams() { return new Object[] {fromLogits ? "logits" : "probs", fromLogits ? logits : probs}; }

    /** The (clamped) probabilities. */
    public Tensor probs() { return probs; }

    /** The log-odds. */
    public Tensor logits() { return logits; }

    private Tensor outsideUnstable() { return probs.le(lo).logicalOr(probs.gt(hi)); }

    private Tensor cutProbs() { return probs.where(outsideUnstable(), lo); }

    /** PyTorch's {@code _cont_bern_log_norm}, the log normalising constant: closed form outside the lims, {@code log 2 + (4/3 + 104/45 x) x} with x = (p - 1/2)^2 inside. */
    Tensor logNorm() {
        Tensor cut = cutProbs();
        Tensor below = cut.where(cut.le(0.5), 0.0), above = cut.where(cut.ge(0.5), 1.0);
        Tensor logNorm = cut.neg().log1p().sub(cut.log()).abs().log()
                .sub(Torch.where(cut.le(0.5), below.mul(-2.0).log1p(), above.mul(2.0).sub(1.0).log()));
        Tensor x = probs.sub(0.5).pow(2);
        Tensor taylor = x.mul(104.0 / 45.0).add(4.0 / 3.0).mul(x).add(Math.log(2.0));
        return Torch.where(outsideUnstable(), logNorm, taylor);
    }

    @Override
    public Tensor mean() {
        Tensor cut = cutProbs();
        Tensor mus = cut.div(cut.mul(2.0).sub(1.0)).add(cut.neg().log1p().sub(cut.log()).reciprocal());
        Tensor x = probs.sub(0.5);
        Tensor taylor = x.pow(2).mul(16.0 / 45.0).add(1.0 / 3.0).mul(x).add(0.5);
        return Torch.where(outsideUnstable(), mus, taylor);
    }

    @Override
    public Tensor variance() {
        Tensor cut = cutProbs();
        Tensor vars = cut.mul(cut.sub(1.0)).div(cut.mul(-2.0).add(1.0).pow(2)).add(cut.neg().log1p().sub(cut.log()).pow(2).reciprocal());
        Tensor x = probs.sub(0.5).pow(2);
        Tensor taylor = x.mul(128.0 / 945.0).neg().add(1.0 / 15.0).mul(x).neg().add(1.0 / 12.0);
        return Torch.where(outsideUnstable(), vars, taylor);
    }

    @Override
    public boolean hasRsample() { return true; }

    /** {@code icdf(u)} of a uniform draw in the probabilities' dtype. */
    @Override
    public Tensor rsample(long... sampleShape) {
        Tensor u = Torch.rand(Torch.shape(extendedShape(sampleShape)), Torch.dtype(probs.dtype()).device(probs.device()));
        return icdf(u);
    }

    @Override
    public Tensor sample(long... sampleShape) {
        Tensor u = Torch.rand(Torch.shape(extendedShape(sampleShape)), Torch.dtype(probs.dtype()).device(probs.device()));
        try (var g = GradMode.noGrad()) {
            return icdf(u);
        }
    }

    @Override
    public Tensor logProb(Tensor v) {
        checkValue(v, () -> v.ge(0.0).logicalAnd(v.le(1.0)), UNIT_INTERVAL);
        Tensor value = v.to(probs.device(), probs.dtype());
        long[] shape = broadcastShape("ContinuousBernoulli.log_prob", logits, value);
        Tensor bce = Functional.binaryCrossEntropyWithLogits(logits.expand(shape), value.expand(shape), null, null, Reduction.NONE);
        return bce.neg().add(logNorm());
    }

    @Override
    public Tensor cdf(Tensor v) {
        checkValue(v, () -> v.ge(0.0).logicalAnd(v.le(1.0)), UNIT_INTERVAL);
        Tensor value = v.to(probs.device(), probs.dtype());
        Tensor cut = cutProbs();
        Tensor cdfs = cut.pow(value).mul(cut.neg().add(1.0).pow(value.neg().add(1.0))).add(cut).sub(1.0).div(cut.mul(2.0).sub(1.0));
        Tensor unbounded = Torch.where(outsideUnstable(), cdfs, value);
        return Torch.where(value.le(0.0), Torch.zerosLike(value), Torch.where(value.ge(1.0), Torch.onesLike(value), unbounded));
    }

    @Override
    public Tensor icdf(Tensor value) {
        Tensor cut = cutProbs();
        Tensor inv = cut.neg().add(value.mul(cut.mul(2.0).sub(1.0))).log1p().sub(cut.neg().log1p())
                .div(cut.log().sub(cut.neg().log1p()));
        return Torch.where(outsideUnstable(), inv, value);
    }

    @Override
    public Tensor entropy() {
        Tensor logP0 = probs.neg().log1p(), logP1 = probs.log();
        return mean().mul(logP0.sub(logP1)).sub(logNorm()).sub(logP0);
    }

    /** {@code (logits,)}. */
    @Override
    protected List<Tensor> naturalParams() { return List.of(logits); }

    /**
     * {@code log|e^x - 1| - log|x|} outside {@code lims - 1/2}, PyTorch's Taylor expansion {@code x/2 + x^2/24 - x^4/2880}
     * between them (PyTorch compares the natural parameter itself with the probability lims minus 1/2).
     */
    @Override
    protected Tensor logNormalizer(List<Tensor> eta) {
        Tensor x = eta.get(0);
        Tensor outside = x.le(lo - 0.5).logicalOr(x.gt(hi - 0.5));
        Tensor cut = x.where(outside, lo - 0.5);
        Tensor logNorm = cut.exp().sub(1.0).abs().log().sub(cut.abs().log());
        Tensor taylor = x.mul(0.5).add(x.pow(2).div(24.0)).sub(x.pow(4).div(2880.0));
        return Torch.where(outside, logNorm, taylor);
    }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public ContinuousBernoulli expand(long... batchShape) { return expanded(() -> new ContinuousBernoulli(this, batchShape.clone())); }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.UNIT_INTERVAL; }
}
