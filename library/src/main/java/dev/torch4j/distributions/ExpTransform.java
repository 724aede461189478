package dev.torch4j.distributions;

import dev.torch4j.Tensor;

/** {@code torch.distributions.transforms.ExpTransform}: {@code y = exp(x)}, log-Jacobian x. */
public class ExpTransform extends Transform {
    /** {@code ExpTransform()}. */
    public ExpTransform() { super(0); }

    /** {@code ExpTransform(cache_size)}. */
    public ExpTransform(int cacheSize) { super(cacheSize); }

    @Override public Constraint domain() { return Constraint.REAL; }

    @Override public Constraint codomain() { return Constraint.POSITIVE; }

    @Override public boolean bijective() { return true; }

    @Override int constantSign() { return 1; }

    @Override protected Tensor forward(Tensor x) { return x.exp(); }

    @Override protected Tensor inverse(Tensor y) { return y.log(); }

    @Override public Tensor logAbsDetJacobian(Tensor x, Tensor y) { return x; }

    @Override Transform copyWithCache(int cacheSize) { return new ExpTransform(cacheSize); }
}
