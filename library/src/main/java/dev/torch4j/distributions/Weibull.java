package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.List;

import static dev.torch4j.ops.SpecialOps.lgamma;

/**
 * {@code torch.distributions.Weibull(scale, concentration)}: {@code scale E^(1/concentration)} for E ~ Exponential(1),
 * as in PyTorch a {@link TransformedDistribution} through {@link PowerTransform} and {@link AffineTransform} (its
 * density, cdf and icdf come from that chain).
 */
public class Weibull extends TransformedDistribution {
    static final double EULER = 0.57721566490153286060;
    private final Tensor scale, concentration, concentrationReciprocal;

    /** {@code Weibull(scale, concentration)}; the parameters broadcast against each other. */
    public Weibull(Tensor scale, Tensor concentration) {
        Tensor[] p = broadcastAll("Weibull", scale, concentration);
        Tensor reciprocal = p[1].reciprocal();
        super(new Exponential(Torch.onesLike(p[0])), List.of(new PowerTransform(reciprocal), new AffineTransform(0.0, p[0])));
        this.scale = p[0];
        this.concentration = p[1];
        this.concentrationReciprocal = reciprocal;
        checkParam("scale", this.scale, this.scale.gt(0.0), POSITIVE);
        checkParam("concentration", this.concentration, this.concentration.gt(0.0), POSITIVE);
    }

    /** {@code Weibull(scale, concentration)} with numbers: batch shape (), float32. */
    public Weibull(double scale, double concentration) { this(Torch.tensor(scale), Torch.tensor(concentration)); }

    @Override
    protected Object[] reprParams() { return new Object[] {"scale", scale, "concentration", concentration}; }

    /** The scale. */
    public Tensor scale() { return scale; }

    /** The concentration (shape). */
    public Tensor concentration() { return concentration; }

    @Override public Constraint support() { return Constraint.POSITIVE; }

    /** {@code scale Gamma(1 + 1/k)}. */
    @Override
    public Tensor mean() { return scale.mul(lgamma(concentrationReciprocal.add(1)).exp()); }

    /** {@code scale ((k - 1) / k)^(1/k)} (NaN for k &lt; 1, as PyTorch). */
    @Override
    public Tensor mode() { return scale.mul(concentration.sub(1).div(concentration).pow(concentration.reciprocal())); }

    /** {@code scale^2 (Gamma(1 + 2/k) - Gamma(1 + 1/k)^2)}. */
    @Override
    public Tensor variance() {
        Tensor g2 = lgamma(concentrationReciprocal.mul(2).add(1)).exp(), g1sq = lgamma(concentrationReciprocal.add(1)).mul(2).exp();
        return scale.pow(2).mul(g2.sub(g1sq));
    }

    /** {@code gamma_E (1 - 1/k) + log(scale / k) + 1}. */
    @Override
    public Tensor entropy() {
        return concentrationReciprocal.neg().add(1).mul(EULER).add(scale.mul(concentrationReciprocal).log()).add(1);
    }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Weibull expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Weibull(scale.expand(b), concentration.expand(b)));
    }
}
