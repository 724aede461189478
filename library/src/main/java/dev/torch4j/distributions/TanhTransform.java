package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Functional;

/**
 * {@code torch.distributions.transforms.TanhTransform}: {@code y = tanh(x)}, with the numerically stable log-Jacobian
 * {@code 2 (log 2 - x - softplus(-2x))}. The inverse is {@code atanh(y)}, unclamped (use cacheSize 1 near +-1).
 */
public class TanhTransform extends Transform {
    /** {@code TanhTransform()}. */
    public TanhTransform() { super(0); }

    /** {@code TanhTransform(cache_size)}. */
    public TanhTransform(int cacheSize) { super(cacheSize); }

    @Override public Constraint domain() { return Constraint.REAL; }

    @Override public Constraint codomain() { return Constraint.SYMMETRIC_UNIT_INTERVAL; }

    @Override public boolean bijective() { return true; }

    @Override int constantSign() { return 1; }

    @Override protected Tensor forward(Tensor x) { return x.tanh(); }

    @Override protected Tensor inverse(Tensor y) { return y.atanh(); }

    @Override public Tensor logAbsDetJacobian(Tensor x, Tensor y) { return x.neg().add(Math.log(2.0)).sub(Functional.softplus(x.mul(-2.0))).mul(2.0); }

    @Override Transform copyWithCache(int cacheSize) { return new TanhTransform(cacheSize); }
}
