package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Functional;

/**
 * {@code torch.distributions.transforms.SoftplusTransform}: {@code y = log(1 + exp(x))} (linear above 20, as {@code F.softplus}).
 */
public class SoftplusTransform extends Transform {
    /** {@code SoftplusTransform()}. */
    public SoftplusTransform() { super(0); }

    /** {@code SoftplusTransform(cache_size)}. */
    public SoftplusTransform(int cacheSize) { super(cacheSize); }

    @Override public Constraint domain() { return Constraint.REAL; }

    @Override public Constraint codomain() { return Constraint.POSITIVE; }

    @Override public boolean bijective() { return true; }

    @Override int constantSign() { return 1; }

    @Override protected Tensor forward(Tensor x) { return Functional.softplus(x); }

    @Override protected Tensor inverse(Tensor y) { return y.neg().expm1().neg().log().add(y); }

    @Override public Tensor logAbsDetJacobian(Tensor x, Tensor y) { return Functional.softplus(x.neg()).neg(); }

    @Override Transform copyWithCache(int cacheSize) { return new SoftplusTransform(cacheSize); }
}
