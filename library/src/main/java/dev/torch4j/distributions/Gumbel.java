package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * {@code torch.distributions.Gumbel(loc, scale)}: the type-I extreme value distribution,
 * {@code cdf(x) = exp(-exp(-(x - loc) / scale))}. As in PyTorch it is a uniform distribution on
 * [tiny, 1 - eps] of the dtype pushed through {@code loc - scale log(-log(u))}: samples, cdf and icdf follow that
 * chain step by step (so they match PyTorch's values), while logProb uses the direct formula, as PyTorch does.
 */
public class Gumbel extends Distribution {
    private static final double EULER = 0.57721566490153286060;
    private final Tensor loc, scale;
    private final Uniform base;

    /** PyTorch's base_dist: Uniform(tiny, 1 - eps) over the batch. */
    Uniform uniformBase() { return base; }

    /** {@code Gumbel(loc, scale)}; the parameters broadcast against each other. */
    public Gumbel(Tensor loc, Tensor scale) {
        super(broadcastShape("Gumbel", loc, scale), new long[0]);
        Tensor[] p = expandedToBatch(loc, scale);
        this.loc = p[0];
        this.scale = p[1];
        var like = Torch.dtype(this.loc.dtype()).device(this.loc.device());
        long[] b = batchShape().toArray();
        this.base = new Uniform(Torch.full(b, tiny(this.loc), like), Torch.full(b, 1 - eps(this.loc), like));
        checkParam("loc", this.loc, this.loc.eq(this.loc), REAL);
        checkParam("scale", this.scale, this.scale.gt(0.0), POSITIVE);
    }

    /** {@code Gumbel(loc, scale)} with numbers: batch shape (), float32. */
    public Gumbel(double loc, double scale) { this(Torch.tensor(loc), Torch.tensor(scale)); }

    @Override
    protected Object[] reprParams() { return new Object[] {"loc", loc, "scale", scale}; }

    /** The location (the mode). */
    public Tensor loc() { return loc; }

    /** The scale. */
    public Tensor scale() { return scale; }

    @Override
    public boolean hasRsample() { return true; }

    /** The uniform draw through log, negation, log and {@code loc + (-scale) x}. */
    @Override
    public Tensor rsample(long... sampleShape) { return forward(base.rsample(sampleShape)); }

    private Tensor forward(Tensor u) { return loc.add(scale.neg().mul(u.log().neg().log())); }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.eq(value), REAL);
        Tensor y = loc.sub(value).div(scale);
        return y.sub(y.exp()).sub(scale.log());
    }

    /** The chain inverted back to the uniform, its cdf, then PyTorch's monotonising {@code (c - 1/2) + 1/2}. */
    @Override
    public Tensor cdf(Tensor value) {
        Tensor u = value.sub(loc).div(scale.neg()).exp().neg().exp();
        base.validateSample(u); // PyTorch's TransformedDistribution.cdf checks the base's support, not its own
        return monotonize(base.cdf(u));
    }

    /** {@code sign (p - 1/2) + 1/2} with the chain's sign, {@code -sign(-scale)} (PyTorch's _monotonize_cdf). */
    private Tensor monotonize(Tensor p) { return p.sub(0.5).mul(scale.neg().sign().neg()).add(0.5); }

    @Override
    public Tensor icdf(Tensor value) { return forward(base.icdf(monotonize(value))); }

    @Override
    public Tensor entropy() { return scale.log().add(1 + EULER); }

    @Override
    public Tensor mean() { return loc.add(scale.mul(EULER)); }

    @Override
    public Tensor mode() { return loc; }

    @Override
    public Tensor stddev() { return scale.mul(Math.PI / Math.sqrt(6)); }

    @Override
    public Tensor variance() { return stddev().pow(2); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Gumbel expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Gumbel(loc.expand(b), scale.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.REAL; }
}
