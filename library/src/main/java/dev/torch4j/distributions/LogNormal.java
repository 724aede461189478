package dev.torch4j.distributions;

import dev.torch4j.Tensor;

/**
 * {@code torch.distributions.LogNormal(loc, scale)}: {@code exp(X)} for X ~ Normal(loc, scale). As in PyTorch it is
 * the normal pushed through exp: samples are the normal's draws exponentiated, and the parameters are validated
 * (with the messages) by the underlying {@link Normal}.
 */
public class LogNormal extends Distribution {
    private final Normal base;

    private LogNormal(Normal base) {
        super(base.batchShape().toArray(), new long[0]);
        this.base = base;
    }

    /** {@code LogNormal(loc, scale)}; the parameters broadcast against each other. */
    public LogNormal(Tensor loc, Tensor scale) { this(new Normal(loc, scale)); }

    /** {@code LogNormal(loc, scale)} with numbers: batch shape (), float32. */
    public LogNormal(double loc, double scale) { this(new Normal(loc, scale)); }

    /** {@code LogNormal(loc, scale)} with a number scale. */
    public LogNormal(Tensor loc, double scale) { this(new Normal(loc, scale)); }

    /** PyTorch's repr shows no parameter: loc and scale are properties there. */
    @Override
    protected Object[] reprParams() { return new Object[0]; }

    /** The mean of log(X). */
    public Tensor loc() { return base.loc(); }

    /** The standard deviation of log(X). */
    public Tensor scale() { return base.scale(); }

    @Override
    public boolean hasRsample() { return true; }

    @Override
    public Tensor rsample(long... sampleShape) { return base.rsample(sampleShape).exp(); }

    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            return base.sample(sampleShape).exp();
        }
    }

    /** The normal's log density at log(value) minus the log-Jacobian log(value). */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.gt(0.0), POSITIVE);
        Tensor x = value.log();
        return base.logProb(x).sub(x);
    }

    @Override
    public Tensor cdf(Tensor value) { return base.cdf(value.log()); }

    @Override
    public Tensor icdf(Tensor value) { return base.icdf(value).exp(); }

    @Override
    public Tensor entropy() { return base.entropy().add(loc()); }

    @Override
    public Tensor mean() { return loc().add(scale().pow(2).div(2)).exp(); }

    @Override
    public Tensor mode() { return loc().sub(scale().square()).exp(); }

    /** {@code expm1(scale^2) exp(2 loc + scale^2)} (PyTorch 2.x's form). */
    @Override
    public Tensor variance() {
        Tensor s2 = scale().pow(2);
        return s2.expm1().mul(loc().mul(2).add(s2).exp());
    }

    /** The underlying normal distribution. */
    Normal baseDist() { return base; }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public LogNormal expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new LogNormal(base.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.POSITIVE; }
}
