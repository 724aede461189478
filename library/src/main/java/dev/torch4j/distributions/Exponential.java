package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.List;

/** {@code torch.distributions.Exponential(rate)}: density {@code rate * exp(-rate x)} on x &gt;= 0. */
public class Exponential extends ExponentialFamily {
    private final Tensor rate;

    /** {@code Exponential(rate)}. */
    public Exponential(Tensor rate) {
        super(rate.shapeArray(), new long[0]);
        this.rate = rate; // before the check: its message prints the repr
        checkParam("rate", rate, rate.gt(0.0), "GreaterThan(lower_bound=0.0)");
    }

    /** {@code Exponential(rate)} with a number. */
    public Exponential(double rate) { this(Torch.tensor(rate)); }

    @Override
    protected Object[] reprParams() { return new Object[] {"rate", rate}; }

    /** The rate parameter. */
    public Tensor rate() { return rate; }

    @Override
    public boolean hasRsample() { return true; }

    /** {@code exponential_() / rate} in the extended shape (PyTorch's draws). */
    @Override
    public Tensor rsample(long... sampleShape) {
        Tensor e = Torch.empty(dev.torch4j.Size.of(extendedShape(sampleShape)), Torch.dtype(rate.dtype()).device(rate.device())).exponential_(1);
        return e.div(rate);
    }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.ge(0.0), "GreaterThanEq(lower_bound=0.0)");
        return rate.log().sub(rate.mul(value));
    }

    /** {@code cdf(value)}: {@code 1 - exp(-rate value)}. */
    @Override
    public Tensor cdf(Tensor value) {
        checkValue(value, () -> value.ge(0.0), NONNEGATIVE);
        return rate.neg().mul(value).exp().neg().add(1);
    }

    /** {@code icdf(p)}: {@code -log1p(-p) / rate}. */
    @Override
    public Tensor icdf(Tensor value) { return value.neg().log1p().neg().div(rate); }

    @Override
    public Tensor mode() { return Torch.zerosLike(rate); }

    @Override
    public Tensor entropy() { return rate.log().neg().add(1.0); }

    @Override
    public Tensor mean() { return rate.reciprocal(); }

    @Override
    public Tensor variance() { return rate.pow(-2); }

    /** {@code (-rate,)}. */
    @Override
    protected List<Tensor> naturalParams() { return List.of(rate.neg()); }

    /** {@code -log(-x)}. */
    @Override
    protected Tensor logNormalizer(List<Tensor> eta) { return eta.get(0).neg().log().neg(); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Exponential expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Exponential(rate.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.NONNEGATIVE; }

    /** {@code 1 / rate} (PyTorch's; the square root of the variance would lose a negative rate's sign). */
    @Override
    public Tensor stddev() { return rate.reciprocal(); }
}
