package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/** {@code torch.distributions.Laplace(loc, scale)}: density {@code exp(-|x - loc| / scale) / (2 scale)}. */
public class Laplace extends Distribution {
    private final Tensor loc, scale;

    /** {@code Laplace(loc, scale)}; the parameters broadcast. */
    public Laplace(Tensor loc, Tensor scale) {
        super(broadcastShape("Laplace", loc, scale), new long[0]);
        Tensor[] p = expandedToBatch(loc, scale);
        this.loc = p[0];
        this.scale = p[1];
        checkParam("loc", this.loc, this.loc.eq(this.loc), "Real()");
        checkParam("scale", this.scale, this.scale.gt(0.0), "GreaterThan(lower_bound=0.0)");
    }

    /** {@code Laplace(loc, scale)} with numbers. */
    public Laplace(double loc, double scale) { this(Torch.tensor(loc), Torch.tensor(scale)); }

    @Override
    protected Object[] reprParams() { return new Object[] {"loc", loc, "scale", scale}; }

    /** The location. */
    public Tensor loc() { return loc; }

    /** The scale. */
    public Tensor scale() { return scale; }

    @Override
    public boolean hasRsample() { return true; }

    /** {@code loc - scale sign(u) log1p(-|u|)} with u drawn by {@code uniform_(eps - 1, 1)} (PyTorch's draws). */
    @Override
    public Tensor rsample(long... sampleShape) {
        double eps = eps(loc);
        Tensor u = Torch.empty(dev.torch4j.Size.of(extendedShape(sampleShape)), Torch.dtype(loc.dtype()).device(loc.device()))
                .uniform_(eps - 1, 1);
        return loc.sub(scale.mul(u.sign()).mul(u.abs().neg().log1p()));
    }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.eq(value), "Real()");
        return scale.mul(2).log().neg().sub(value.sub(loc).abs().div(scale));
    }

    /** {@code cdf(value)}. */
    @Override
    public Tensor cdf(Tensor value) {
        checkValue(value, () -> value.eq(value), REAL);
        Tensor z = value.sub(loc);
        return z.sign().mul(z.abs().neg().div(scale).expm1()).mul(-0.5).add(0.5);
    }

    /** {@code icdf(p)}: {@code loc - scale sign(p - 1/2) log1p(-2 |p - 1/2|)}. */
    @Override
    public Tensor icdf(Tensor value) {
        Tensor term = value.sub(0.5);
        return loc.sub(scale.mul(term.sign()).mul(term.abs().mul(-2).log1p()));
    }

    @Override
    public Tensor mode() { return loc; }

    @Override
    public Tensor entropy() { return scale.mul(2).log().add(1); }

    @Override
    public Tensor mean() { return loc; }

    @Override
    public Tensor variance() { return scale.square().mul(2); }

    @Override
    public Tensor stddev() { return scale.mul(Math.sqrt(2)); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Laplace expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Laplace(loc.expand(b), scale.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.REAL; }
}
