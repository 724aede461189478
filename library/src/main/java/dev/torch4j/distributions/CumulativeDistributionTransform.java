package dev.torch4j.distributions;

import dev.torch4j.Tensor;

/**
 * {@code torch.distributions.transforms.CumulativeDistributionTransform(distribution)}: x to its cdf value in [0, 1]
 * (inverse: icdf); the log-Jacobian is the distribution's log density. For univariate distributions (its domain is
 * taken as the reals of event dim 0).
 */
public class CumulativeDistributionTransform extends Transform {
    private final Distribution distribution;

    /** {@code CumulativeDistributionTransform(distribution, cache_size)}. */
    public CumulativeDistributionTransform(Distribution distribution, int cacheSize) {
        super(cacheSize);
        this.distribution = distribution;
    }

    /** {@code CumulativeDistributionTransform(distribution)}. */
    public CumulativeDistributionTransform(Distribution distribution) { this(distribution, 0); }

    /** The distribution whose cdf this is. */
    public Distribution distribution() { return distribution; }

    @Override public Constraint domain() { return Constraint.REAL; }

    @Override public Constraint codomain() { return Constraint.UNIT_INTERVAL; }

    @Override public boolean bijective() { return true; }

    @Override int constantSign() { return 1; }

    @Override protected Tensor forward(Tensor x) { return distribution.cdf(x); }

    @Override protected Tensor inverse(Tensor y) { return distribution.icdf(y); }

    @Override public Tensor logAbsDetJacobian(Tensor x, Tensor y) { return distribution.logProb(x); }

    @Override Transform copyWithCache(int cacheSize) { return new CumulativeDistributionTransform(distribution, cacheSize); }
}
