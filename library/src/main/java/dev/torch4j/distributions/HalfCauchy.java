package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.List;

/**
 * {@code torch.distributions.HalfCauchy(scale)}: {@code |X|} for X ~ Cauchy(0, scale), as in PyTorch a
 * {@link TransformedDistribution} of the Cauchy through {@link AbsTransform}, with the density, cdf and icdf written
 * directly (the absolute value is not bijective). Its mean and variance are infinite.
 */
public class HalfCauchy extends TransformedDistribution {
    private final Cauchy cauchy;

    /** {@code HalfCauchy(scale)}: scale &gt; 0. */
    public HalfCauchy(Tensor scale) {
        // PyTorch builds the Cauchy with validate_args=False and checks scale as HalfCauchy's
        Cauchy c = unchecked(() -> new Cauchy(scalarLike(0.0, scale), scale));
        super(c, List.of(new AbsTransform()));
        this.cauchy = c;
        checkParam("scale", scale, scale.gt(0.0), POSITIVE);
    }

    /** {@code HalfCauchy(scale)} with a number: batch shape (), float32. */
    public HalfCauchy(double scale) { this(Torch.tensor(scale)); }

    /** The scale of the underlying Cauchy. */
    public Tensor scale() { return cauchy.scale(); }

    @Override public Constraint support() { return Constraint.NONNEGATIVE; }

    /** The Cauchy's log density plus log 2 (minus infinity below 0). */
    @Override
    public Tensor logProb(Tensor value) { return Folded.logProb(this, cauchy, value); }

    /** {@code 2 cdf_cauchy(value) - 1}. */
    @Override
    public Tensor cdf(Tensor value) { return Folded.cdf(this, cauchy, value); }

    /** {@code icdf_cauchy((p + 1) / 2)}. */
    @Override
    public Tensor icdf(Tensor prob) { return Folded.icdf(cauchy, prob); }

    @Override
    public Tensor entropy() { return Folded.entropy(cauchy); }

    /** Infinite. */
    @Override
    public Tensor mean() { return Torch.full(extendedShape(), Double.POSITIVE_INFINITY, Torch.dtype(scale().dtype()).device(scale().device())); }

    @Override
    public Tensor mode() { return Torch.zerosLike(scale()); }

    @Override
    public Tensor variance() { return cauchy.variance(); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public HalfCauchy expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new HalfCauchy(scale().expand(b)));
    }
}
