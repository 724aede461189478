package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/** {@code torch.distributions.Uniform(low, high)}: uniform on the half-open interval [low, high). */
public class Uniform extends Distribution {
    private final Tensor low, high;

    /** {@code Uniform(low, high)}; the parameters broadcast against each other. */
    public Uniform(Tensor low, Tensor high) {
        super(broadcastShape("Uniform", low, high), new long[0]);
        Tensor[] p = expandedToBatch(low, high);
        this.low = p[0];
        this.high = p[1];
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            if (validateArgs() && !this.low.lt(this.high).all().itemBool()) throw new IllegalArgumentException("Uniform is not defined when low>= high");
        }
    }

    /** {@code Uniform(low, high)} with numbers. */
    public Uniform(double low, double high) { this(Torch.tensor(low), Torch.tensor(high)); }

    @Override
    protected Object[] reprParams() { return new Object[] {"low", low, "high", high}; }

    /** The low parameter. */
    public Tensor low() { return low; }

    /** The high parameter. */
    public Tensor high() { return high; }

    @Override
    public boolean hasRsample() { return true; }

    /** {@code low + rand(shape) * (high - low)}. */
    @Override
    public Tensor rsample(long... sampleShape) {
        Tensor r = Torch.rand(dev.torch4j.Size.of(extendedShape(sampleShape)), Torch.dtype(low.dtype()).device(low.device()));
        return low.add(r.mul(high.sub(low)));
    }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> low.le(value).logicalAnd(high.ge(value)), "Interval(lower_bound=" + format(low) + ", upper_bound=" + format(high) + ")");
        Tensor lb = low.le(value).to(low.dtype()), ub = high.gt(value).to(low.dtype());
        return lb.mul(ub).log().sub(high.sub(low).log());
    }

    /** {@code cdf(value)}: {@code (value - low) / (high - low)} clamped to [0, 1]. */
    @Override
    public Tensor cdf(Tensor value) {
        checkValue(value, () -> low.le(value).logicalAnd(high.ge(value)), "Interval(lower_bound=" + format(low) + ", upper_bound=" + format(high) + ")");
        return value.sub(low).div(high.sub(low)).clamp(0, 1);
    }

    /** {@code icdf(p)}: {@code p (high - low) + low}. */
    @Override
    public Tensor icdf(Tensor value) { return value.mul(high.sub(low)).add(low); }

    /** NaN: every point of the interval is a mode (PyTorch's {@code nan * high}). */
    @Override
    public Tensor mode() { return high.mul(Double.NaN); }

    @Override
    public Tensor entropy() { return high.sub(low).log(); }

    @Override
    public Tensor mean() { return high.add(low).div(2); }

    @Override
    public Tensor variance() { return high.sub(low).square().div(12); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Uniform expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Uniform(low.expand(b), high.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return new Constraint("Interval(lower_bound=" + format(low) + ", upper_bound=" + format(high) + ")", 0, v -> low.le(v).logicalAnd(high.ge(v))); }

    /** {@code (high - low) / 12**0.5} (PyTorch's; its gradient stays finite where high equals low). */
    @Override
    public Tensor stddev() { return high.sub(low).div(Math.sqrt(12.0)); }
}
