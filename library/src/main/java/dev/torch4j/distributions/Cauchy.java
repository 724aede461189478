package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * {@code torch.distributions.Cauchy(loc, scale)}: density {@code 1 / (pi scale (1 + ((x - loc) / scale)^2))}. It has
 * no mean (NaN) and infinite variance, as in PyTorch; draws are PyTorch's {@code cauchy_()}.
 */
public class Cauchy extends Distribution {
    private final Tensor loc, scale;

    /** {@code Cauchy(loc, scale)}; the parameters broadcast against each other. */
    public Cauchy(Tensor loc, Tensor scale) {
        super(broadcastShape("Cauchy", loc, scale), new long[0]);
        Tensor[] p = expandedToBatch(loc, scale);
        this.loc = p[0];
        this.scale = p[1];
        checkParam("loc", this.loc, this.loc.eq(this.loc), REAL);
        checkParam("scale", this.scale, this.scale.gt(0.0), POSITIVE);
    }

    /** {@code Cauchy(loc, scale)} with numbers: batch shape (), float32. */
    public Cauchy(double loc, double scale) { this(Torch.tensor(loc), Torch.tensor(scale)); }

    @Override
    protected Object[] reprParams() { return new Object[] {"loc", loc, "scale", scale}; }

    /** The median. */
    public Tensor loc() { return loc; }

    /** The half width at half maximum. */
    public Tensor scale() { return scale; }

    @Override
    public boolean hasRsample() { return true; }

    /** {@code loc + eps * scale} with eps from {@code cauchy_()}. */
    @Override
    public Tensor rsample(long... sampleShape) {
        Tensor eps = Samplers.cauchy(extendedShape(sampleShape), loc.dtype(), loc.device());
        return loc.add(eps.mul(scale));
    }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.eq(value), REAL);
        Tensor z = value.sub(loc).div(scale);
        return scale.log().neg().add(-Math.log(Math.PI)).sub(z.square().add(1).log());
    }

    /** {@code atan((value - loc) / scale) / pi + 1/2}. */
    @Override
    public Tensor cdf(Tensor value) {
        checkValue(value, () -> value.eq(value), REAL);
        Tensor z = value.sub(loc).div(scale);
        return z.atan2(Torch.onesLike(z)).div(Math.PI).add(0.5);
    }

    /** {@code tan(pi (value - 1/2)) scale + loc}. */
    @Override
    public Tensor icdf(Tensor value) { return value.sub(0.5).mul(Math.PI).tan().mul(scale).add(loc); }

    @Override
    public Tensor entropy() { return scale.log().add(Math.log(4 * Math.PI)); }

    /** NaN: the Cauchy distribution has no mean. */
    @Override
    public Tensor mean() { return Torch.full(extendedShape(), Double.NaN, Torch.dtype(loc.dtype()).device(loc.device())); }

    @Override
    public Tensor mode() { return loc; }

    /** Infinite. */
    @Override
    public Tensor variance() { return Torch.full(extendedShape(), Double.POSITIVE_INFINITY, Torch.dtype(loc.dtype()).device(loc.device())); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Cauchy expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Cauchy(loc.expand(b), scale.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.REAL; }
}
