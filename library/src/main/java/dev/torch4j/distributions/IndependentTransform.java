package dev.torch4j.distributions;

import dev.torch4j.Tensor;

/**
 * {@code torch.distributions.transforms.IndependentTransform(base_transform, reinterpreted_batch_ndims)}: the base
 * transform with that many more rightmost dims read as one event, so its log-Jacobian sums over them.
 */
public class IndependentTransform extends Transform {
    private final Transform base;
    private final int reinterpreted;

    /** {@code IndependentTransform(base_transform, reinterpreted_batch_ndims, cache_size)}. */
    public IndependentTransform(Transform base, int reinterpretedBatchNdims, int cacheSize) {
        super(cacheSize);
        this.base = base;
        this.reinterpreted = reinterpretedBatchNdims;
    }

    /** {@code IndependentTransform(base_transform, reinterpreted_batch_ndims)}. */
    public IndependentTransform(Transform base, int reinterpretedBatchNdims) { this(base, reinterpretedBatchNdims, 0); }

    /** The wrapped transform. */
    public Transform baseTransform() { return base; }

    @Override public Constraint domain() { return base.domain().independent(reinterpreted); }

    @Override public Constraint codomain() { return base.codomain().independent(reinterpreted); }

    @Override public boolean bijective() { return base.bijective(); }

    @Override public Tensor sign() { return base.sign(); }

    @Override int constantSign() { return base.constantSign(); }

    @Override
    protected Tensor forward(Tensor x) {
        if (x.dim() < domainEventDim()) throw new IllegalArgumentException("Too few dimensions on input");
        return base.call(x);
    }

    @Override
    protected Tensor inverse(Tensor y) {
        if (y.dim() < codomainEventDim()) throw new IllegalArgumentException("Too few dimensions on input");
        return base.inv().call(y);
    }

    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) { return sumRightmost(base.logAbsDetJacobian(x, y), reinterpreted); }

    @Override public long[] forwardShape(long... shape) { return base.forwardShape(shape); }

    @Override public long[] inverseShape(long... shape) { return base.inverseShape(shape); }

    @Override Transform copyWithCache(int cacheSize) { return new IndependentTransform(base, reinterpreted, cacheSize); }

    @Override
    public String toString() { return "IndependentTransform(" + base + ", " + reinterpreted + ")"; }
}
