package dev.torch4j.distributions;

import dev.torch4j.ops.SpecialOps;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.List;

/** {@code torch.distributions.Normal(loc, scale)}: the Gaussian with mean loc and standard deviation scale. */
public class Normal extends ExponentialFamily {
    private static final double HALF_LOG_2PI = Math.log(Math.sqrt(2 * Math.PI));
    private final Tensor loc, scale;

    /** {@code Normal(loc, scale)}; the parameters broadcast against each other. */
    public Normal(Tensor loc, Tensor scale) {
        super(broadcastShape("Normal", loc, scale), new long[0]);
        Tensor[] p = expandedToBatch(loc, scale);
        this.loc = p[0];
        this.scale = p[1];
        checkParam("loc", this.loc, this.loc.eq(this.loc), "Real()");
        checkParam("scale", this.scale, this.scale.gt(0.0), "GreaterThan(lower_bound=0.0)");
    }

    /** {@code Normal(loc, scale)} with numbers: a distribution of batch shape (), float32. */
    public Normal(double loc, double scale) { this(Torch.tensor(loc), Torch.tensor(scale)); }

    /** {@code Normal(loc, scale)} with a tensor loc and a number scale. */
    public Normal(Tensor loc, double scale) { this(loc, scalarLike(scale, loc)); }

    @Override
    protected Object[] reprParams() { return new Object[] {"loc", loc, "scale", scale}; }

    /** The loc parameter (broadcast to the batch shape). */
    public Tensor loc() { return loc; }

    /** The scale parameter (broadcast to the batch shape). */
    public Tensor scale() { return scale; }

    @Override
    public boolean hasRsample() { return true; }

    /** {@code loc + eps * scale} with eps drawn by {@code normal_()} in the extended shape (PyTorch's draws). */
    @Override
    public Tensor rsample(long... sampleShape) {
        Tensor eps = Torch.empty(dev.torch4j.Size.of(extendedShape(sampleShape)), Torch.dtype(loc.dtype()).device(loc.device())).normal_(0, 1);
        return loc.add(eps.mul(scale));
    }

    /** As PyTorch's {@code torch.normal(loc, scale)}: the standard draws times scale plus loc, without gradient. */
    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            if (!scale.min().ge(0.0).itemBool()) throw new IllegalArgumentException("normal expects all elements of std >= 0.0"); // torch.normal's
            Tensor eps = Torch.empty(dev.torch4j.Size.of(extendedShape(sampleShape)), Torch.dtype(loc.dtype()).device(loc.device())).normal_(0, 1);
            return eps.mul_(scale.expand(eps.shapeArray())).add_(loc.expand(eps.shapeArray()));
        }
    }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.eq(value), "Real()");
        return value.sub(loc).square().neg().div(scale.square().mul(2)).sub(scale.log()).sub(HALF_LOG_2PI);
    }

    /** {@code cdf(value)}: {@code (1 + erf((value - loc) / (scale sqrt 2))) / 2}. */
    @Override
    public Tensor cdf(Tensor value) {
        checkValue(value, () -> value.eq(value), REAL);
        return value.sub(loc).mul(scale.reciprocal()).div(Math.sqrt(2)).erf().add(1).mul(0.5);
    }

    /** {@code icdf(p)}: {@code loc + scale erfinv(2 p - 1) sqrt 2}. */
    @Override
    public Tensor icdf(Tensor value) {
        return loc.add(scale.mul(SpecialOps.erfinv(value.mul(2).sub(1))).mul(Math.sqrt(2)));
    }

    @Override
    public Tensor mode() { return loc; }

    @Override
    public Tensor entropy() { return scale.log().add(0.5 + 0.5 * Math.log(2 * Math.PI)); }

    @Override
    public Tensor mean() { return loc; }

    @Override
    public Tensor variance() { return scale.square(); }

    @Override
    public Tensor stddev() { return scale; }

    /** {@code (loc / scale^2, -1 / (2 scale^2))}. */
    @Override
    protected List<Tensor> naturalParams() {
        Tensor var = scale.pow(2);
        return List.of(loc.div(var), var.reciprocal().mul(-0.5));
    }

    /** {@code -x^2 / (4y) + log(-pi / y) / 2}. */
    @Override
    protected Tensor logNormalizer(List<Tensor> eta) {
        Tensor x = eta.get(0), y = eta.get(1);
        return x.pow(2).mul(-0.25).div(y).add(y.reciprocal().mul(-Math.PI).log().mul(0.5));
    }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Normal expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Normal(loc.expand(b), scale.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.REAL; }
}
