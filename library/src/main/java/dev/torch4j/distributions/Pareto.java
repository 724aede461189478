package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.List;

/**
 * {@code torch.distributions.Pareto(scale, alpha)}: {@code scale exp(E)} for E ~ Exponential(alpha), as in PyTorch
 * a {@link TransformedDistribution} through {@link ExpTransform} and {@link AffineTransform}. alpha is checked first
 * by the exponential (with its message), as PyTorch's construction order does.
 */
public class Pareto extends TransformedDistribution {
    private final Tensor scale, alpha;

    /** {@code Pareto(scale, alpha)}; the parameters broadcast against each other. */
    public Pareto(Tensor scale, Tensor alpha) {
        Tensor[] p = broadcastAll("Pareto", scale, alpha);
        super(new Exponential(p[1]), List.of(new ExpTransform(), new AffineTransform(0.0, p[0])));
        this.scale = p[0];
        this.alpha = p[1];
        checkParam("alpha", this.alpha, this.alpha.gt(0.0), POSITIVE);
        checkParam("scale", this.scale, this.scale.gt(0.0), POSITIVE);
    }

    /** {@code Pareto(scale, alpha)} with numbers: batch shape (), float32. */
    public Pareto(double scale, double alpha) { this(Torch.tensor(scale), Torch.tensor(alpha)); }

    @Override
    protected Object[] reprParams() { return new Object[] {"alpha", alpha, "scale", scale}; }

    /** The scale (the smallest value). */
    public Tensor scale() { return scale; }

    /** The tail index alpha. */
    public Tensor alpha() { return alpha; }

    /** {@code GreaterThanEq(lower_bound=scale)}. */
    @Override
    public Constraint support() { return new Constraint("GreaterThanEq(lower_bound=" + format(scale) + ")", 0, v -> v.ge(scale)); }

    /** {@code alpha scale / (alpha - 1)}, with alpha clamped to 1 (infinite at and below 1). */
    @Override
    public Tensor mean() {
        Tensor a = alpha.clampMin(1);
        return a.mul(scale).div(a.sub(1));
    }

    @Override
    public Tensor mode() { return scale; }

    /** {@code scale^2 alpha / ((alpha - 1)^2 (alpha - 2))}, with alpha clamped to 2 (infinite at and below 2). */
    @Override
    public Tensor variance() {
        Tensor a = alpha.clampMin(2);
        return scale.pow(2).mul(a).div(a.sub(1).pow(2).mul(a.sub(2)));
    }

    /** {@code log(scale / alpha) + 1 + 1/alpha}. */
    @Override
    public Tensor entropy() { return scale.div(alpha).log().add(alpha.reciprocal().add(1)); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Pareto expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Pareto(scale.expand(b), alpha.expand(b)));
    }
}
