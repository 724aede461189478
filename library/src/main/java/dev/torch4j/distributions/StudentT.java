package dev.torch4j.distributions;

import dev.torch4j.ops.SpecialOps;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * {@code torch.distributions.StudentT(df, loc=0, scale=1)}: Student's t with df degrees of freedom, location and
 * scale. {@link #rsample} is PyTorch's {@code loc + scale X / sqrt(Z / df)} with X a standard normal draw and Z a
 * {@link Chi2}(df) draw, so gradients reach df through the gamma sampler.
 */
public class StudentT extends Distribution {
    private static final double LGAMMA_HALF = 0.5 * Math.log(Math.PI); // lgamma(1/2) = log(sqrt(pi))
    private final Tensor df, loc, scale;
    private final Chi2 chi2;

    /** {@code StudentT(df, loc, scale)}; the parameters broadcast against each other. */
    public StudentT(Tensor df, Tensor loc, Tensor scale) {
        super(broadcastShape("StudentT", df, loc, scale), new long[0]);
        Tensor[] p = expandedToBatch(df, loc, scale);
        this.df = p[0];
        this.loc = p[1];
        this.scale = p[2];
        this.chi2 = new Chi2(this.df);
        checkParam("df", this.df, this.df.gt(0.0), POSITIVE);
        checkParam("loc", this.loc, this.loc.eq(this.loc), REAL);
        checkParam("scale", this.scale, this.scale.gt(0.0), POSITIVE);
    }

    /** {@code StudentT(df)}: location 0, scale 1. */
    public StudentT(Tensor df) { this(df, scalarLike(0.0, df), scalarLike(1.0, df)); }

    /** {@code StudentT(df, loc, scale)} with numbers: batch shape (), float32. */
    public StudentT(double df, double loc, double scale) { this(Torch.tensor(df), Torch.tensor(loc), Torch.tensor(scale)); }

    @Override
    protected Object[] reprParams() { return new Object[] {"df", df, "loc", loc, "scale", scale}; }

    /** The degrees of freedom. */
    public Tensor df() { return df; }

    /** The location. */
    public Tensor loc() { return loc; }

    /** The scale. */
    public Tensor scale() { return scale; }

    @Override
    public boolean hasRsample() { return true; }

    @Override
    public Tensor rsample(long... sampleShape) {
        Tensor x = Torch.empty(dev.torch4j.Size.of(extendedShape(sampleShape)), Torch.dtype(df.dtype()).device(df.device())).normal_(0, 1);
        Tensor z = chi2.rsample(sampleShape);
        Tensor y = x.mul(z.div(df).sqrt().reciprocal()); // PyTorch's rsqrt rounds the sqrt, then 1 / it
        return loc.add(scale.mul(y));
    }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.eq(value), REAL);
        Tensor y = value.sub(loc).div(scale);
        Tensor z = scale.log().add(df.log().mul(0.5)).add(0.5 * Math.log(Math.PI))
                .add(SpecialOps.lgamma(df.mul(0.5))).sub(SpecialOps.lgamma(df.add(1.0).mul(0.5)));
        return df.add(1.0).mul(-0.5).mul(y.square().div(df).log1p()).sub(z);
    }

    @Override
    public Tensor entropy() {
        Tensor half = df.mul(0.5), halfPlus = df.add(1).mul(0.5);
        Tensor lbeta = SpecialOps.lgamma(half).add(LGAMMA_HALF).sub(SpecialOps.lgamma(halfPlus));
        return scale.log().add(halfPlus.mul(SpecialOps.digamma(halfPlus).sub(SpecialOps.digamma(half))))
                .add(df.log().mul(0.5)).add(lbeta);
    }

    /** loc where df &gt; 1, else NaN. */
    @Override
    public Tensor mean() { return loc.maskedFill(df.le(1.0), Double.NaN); }

    @Override
    public Tensor mode() { return loc; }

    /** {@code scale^2 df / (df - 2)} where df &gt; 2, infinite for 1 &lt; df &lt;= 2, else NaN. */
    @Override
    public Tensor variance() {
        Tensor above2 = df.gt(2.0);
        Tensor safeDf = df.where(above2, 3.0); // keeps the unused branch finite, so its zero gradient stays zero
        Tensor v = scale.pow(2).mul(safeDf).div(safeDf.sub(2));
        Tensor rest = Torch.full(df.shapeArray(), Double.NaN, Torch.dtype(df.dtype()).device(df.device()))
                .maskedFill(df.gt(1.0), Double.POSITIVE_INFINITY);
        return v.where(above2, rest);
    }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public StudentT expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new StudentT(df.expand(b), loc.expand(b), scale.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.REAL; }
}
