package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Functional;

/**
 * {@code torch.distributions.transforms.SigmoidTransform}: {@code y = sigmoid(x)}, clipped to [tiny, 1 - eps] of the dtype so the inverse stays finite.
 */
public class SigmoidTransform extends Transform {
    /** {@code SigmoidTransform()}. */
    public SigmoidTransform() { super(0); }

    /** {@code SigmoidTransform(cache_size)}. */
    public SigmoidTransform(int cacheSize) { super(cacheSize); }

    @Override public Constraint domain() { return Constraint.REAL; }

    @Override public Constraint codomain() { return Constraint.UNIT_INTERVAL; }

    @Override public boolean bijective() { return true; }

    @Override int constantSign() { return 1; }

    @Override protected Tensor forward(Tensor x) { return clippedSigmoid(x); }

    @Override protected Tensor inverse(Tensor y) {
        Tensor c = y.clamp(Distribution.tiny(y), 1 - Distribution.eps(y));
        return c.log().sub(c.neg().log1p());
    }

    @Override public Tensor logAbsDetJacobian(Tensor x, Tensor y) { return Functional.softplus(x.neg()).neg().sub(Functional.softplus(x)); }

    @Override Transform copyWithCache(int cacheSize) { return new SigmoidTransform(cacheSize); }
}
