package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * {@code torch.distributions.FisherSnedecor(df1, df2)}: the F distribution, sampled as PyTorch does, as the ratio of
 * two Gamma draws ({@code X1 ~ Gamma(df1/2, df1)}, {@code X2 ~ Gamma(df2/2, df2)}, both kept at least the dtype's
 * smallest normal number), reparameterised through them.
 */
public class FisherSnedecor extends Distribution {
    private final Tensor df1, df2;
    private final Gamma gamma1, gamma2;

    /** {@code FisherSnedecor(df1, df2)}, broadcast together. */
    public FisherSnedecor(Tensor df1, Tensor df2) {
        super(broadcastShape("FisherSnedecor", df1, df2), new long[0]);
        Tensor[] p = expandedToBatch(df1, df2);
        this.df1 = p[0];
        this.df2 = p[1];
        // PyTorch builds the Gammas before checking its own arguments: their messages come first
        this.gamma1 = new Gamma(this.df1.mul(0.5), this.df1);
        this.gamma2 = new Gamma(this.df2.mul(0.5), this.df2);
        checkParam("df1", this.df1, this.df1.gt(0.0), POSITIVE);
        checkParam("df2", this.df2, this.df2.gt(0.0), POSITIVE);
    }

    /** {@code FisherSnedecor(df1, df2)} of numbers. */
    public FisherSnedecor(double df1, double df2) { this(Torch.tensor(df1), Torch.tensor(df2)); }

    @Override
    protected Object[] reprParams() { return new Object[] {"df1", df1, "df2", df2}; }

    /** The numerator's degrees of freedom. */
    public Tensor df1() { return df1; }

    /** The denominator's degrees of freedom. */
    public Tensor df2() { return df2; }

    @Override
    public boolean hasRsample() { return true; }

    @Override
    public Tensor rsample(long... sampleShape) {
        long[] shape = extendedShape(sampleShape);
        Tensor x1 = gamma1.rsample(sampleShape).reshape(shape), x2 = gamma2.rsample(sampleShape).reshape(shape);
        double tiny = tiny(x2);
        return x1.div(x2.clampMin(tiny)).clampMin(tiny);
    }

    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            return rsample(sampleShape);
        }
    }

    @Override
    public Tensor logProb(Tensor v) {
        checkValue(v, () -> v.gt(0.0), POSITIVE);
        Tensor value = v.to(df1.device(), df1.dtype());
        Tensor ct1 = df1.mul(0.5), ct2 = df2.mul(0.5), ct3 = df1.div(df2);
        Tensor t1 = ct1.add(ct2).lgamma().sub(ct1.lgamma()).sub(ct2.lgamma());
        Tensor t2 = ct1.mul(ct3.log()).add(ct1.sub(1.0).mul(value.log()));
        Tensor t3 = ct1.add(ct2).mul(ct3.mul(value).log1p());
        return t1.add(t2).sub(t3);
    }

    /** PyTorch defines no entropy for it. */
    @Override
    public Tensor entropy() { throw new UnsupportedOperationException("FisherSnedecor does not implement entropy"); }

    /** {@code df2 / (df2 - 2)}, NaN where df2 <= 2. */
    @Override
    public Tensor mean() {
        Tensor d2 = df2.maskedFill(df2.le(2.0), Double.NaN);
        return d2.div(d2.sub(2.0));
    }

    /** {@code (df1 - 2) / df1 * df2 / (df2 + 2)}, NaN where df1 <= 2. */
    @Override
    public Tensor mode() {
        return df1.sub(2.0).div(df1).mul(df2).div(df2.add(2.0)).maskedFill(df1.le(2.0), Double.NaN);
    }

    /** NaN where df2 <= 4. */
    @Override
    public Tensor variance() {
        Tensor d2 = df2.maskedFill(df2.le(4.0), Double.NaN);
        return d2.pow(2).mul(2.0).mul(df1.add(d2).sub(2.0)).div(df1.mul(d2.sub(2.0).pow(2)).mul(d2.sub(4.0)));
    }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public FisherSnedecor expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new FisherSnedecor(df1.expand(b), df2.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.POSITIVE; }
}
