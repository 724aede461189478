package dev.torch4j.distributions;

import dev.torch4j.ops.SpecialOps;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

import java.util.List;

/**
 * {@code torch.distributions.Poisson(rate)}: {@code P(k) = rate^k e^-rate / k!} on the non-negative integers. Samples
 * are PyTorch's ({@code torch.poisson}: the same values after the same seed). PyTorch defines no entropy for it.
 */
public class Poisson extends ExponentialFamily {
    private final Tensor rate;

    /** {@code Poisson(rate)}: rate &gt;= 0. */
    public Poisson(Tensor rate) {
        super(rate.shapeArray(), new long[0]);
        this.rate = rate;
        checkParam("rate", rate, rate.ge(0.0), NONNEGATIVE);
    }

    /** {@code Poisson(rate)} with a number: batch shape (), float32. */
    public Poisson(double rate) { this(Torch.tensor(rate)); }

    @Override
    protected Object[] reprParams() { return new Object[] {"rate", rate}; }

    /** The rate (mean). */
    public Tensor rate() { return rate; }

    /** {@code torch.poisson(rate.expand(shape))}. */
    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = GradMode.noGrad()) {
            return Samplers.poisson(rate.expand(extendedShape(sampleShape)));
        }
    }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.ge(0.0).logicalAnd(isInteger(value)), NONNEGATIVE_INTEGER);
        long[] s = broadcastShape("Poisson.log_prob", rate, value);
        Tensor r = rate.expand(s), v = value.expand(s);
        return SpecialOps.xlogy(v, r).sub(r).sub(SpecialOps.lgamma(v.add(1)));
    }

    /** Not defined by PyTorch: raises as its {@code NotImplementedError} does. */
    @Override
    public Tensor entropy() { throw new UnsupportedOperationException("Poisson does not implement entropy"); }

    @Override
    public Tensor mean() { return rate; }

    @Override
    public Tensor mode() { return rate.floor(); }

    @Override
    public Tensor variance() { return rate; }

    /** {@code (log rate,)}. */
    @Override
    protected List<Tensor> naturalParams() { return List.of(rate.log()); }

    /** {@code exp(x)}. */
    @Override
    protected Tensor logNormalizer(List<Tensor> eta) { return eta.get(0).exp(); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Poisson expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Poisson(rate.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.NONNEGATIVE_INTEGER; }
}
