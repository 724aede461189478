package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * {@code torch.distributions.HalfNormal(scale)}: {@code |X|} for X ~ Normal(0, scale). Samples are the normal's draws'
 * absolute values, as in PyTorch.
 */
public class HalfNormal extends Distribution {
    private final Normal base;

    /** {@code HalfNormal(scale)}: scale &gt; 0. */
    public HalfNormal(Tensor scale) {
        super(scale.shapeArray(), new long[0]);
        checkParam("scale", scale, scale.gt(0.0), POSITIVE);
        this.base = unchecked(() -> new Normal(scalarLike(0.0, scale), scale)); // PyTorch's validate_args=False
    }

    /** {@code HalfNormal(scale)} with a number: batch shape (), float32. */
    public HalfNormal(double scale) { this(Torch.tensor(scale)); }

    /** PyTorch's repr shows no parameter: scale is a property there. */
    @Override
    protected Object[] reprParams() { return new Object[0]; }

    /** The scale of the underlying normal. */
    public Tensor scale() { return base.scale(); }

    @Override
    public boolean hasRsample() { return true; }

    @Override
    public Tensor rsample(long... sampleShape) { return base.rsample(sampleShape).abs(); }

    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            return base.sample(sampleShape).abs();
        }
    }

    /** The normal's log density plus log 2 (minus infinity below 0). */
    @Override
    public Tensor logProb(Tensor value) { return Folded.logProb(this, base, value); }

    /** {@code 2 cdf_normal(value) - 1}. */
    @Override
    public Tensor cdf(Tensor value) { return Folded.cdf(this, base, value); }

    /** {@code icdf_normal((p + 1) / 2)}. */
    @Override
    public Tensor icdf(Tensor prob) { return Folded.icdf(base, prob); }

    @Override
    public Tensor entropy() { return Folded.entropy(base); }

    @Override
    public Tensor mean() { return scale().mul(Math.sqrt(2 / Math.PI)); }

    @Override
    public Tensor mode() { return Torch.zerosLike(scale()); }

    @Override
    public Tensor variance() { return scale().pow(2).mul(1 - 2 / Math.PI); }

    /** The underlying normal distribution (loc 0). */
    Normal baseDist() { return base; }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public HalfNormal expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new HalfNormal(base.scale().expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.NONNEGATIVE; }
}
