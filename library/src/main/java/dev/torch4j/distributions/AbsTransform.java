package dev.torch4j.distributions;

import dev.torch4j.Tensor;

/**
 * {@code torch.distributions.transforms.AbsTransform}: {@code y = |x|}; not bijective (its inverse picks the non-negative root), so it has no log-Jacobian.
 */
public class AbsTransform extends Transform {
    /** {@code AbsTransform()}. */
    public AbsTransform() { super(0); }

    /** {@code AbsTransform(cache_size)}. */
    public AbsTransform(int cacheSize) { super(cacheSize); }

    @Override public Constraint domain() { return Constraint.REAL; }

    @Override public Constraint codomain() { return Constraint.POSITIVE; }

    @Override protected Tensor forward(Tensor x) { return x.abs(); }

    @Override protected Tensor inverse(Tensor y) { return y; }

    @Override Transform copyWithCache(int cacheSize) { return new AbsTransform(cacheSize); }
}
