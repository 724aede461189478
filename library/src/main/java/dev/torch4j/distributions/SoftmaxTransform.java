package dev.torch4j.distributions;

import dev.torch4j.Tensor;

/**
 * {@code torch.distributions.transforms.SoftmaxTransform}: unconstrained vectors to the simplex by
 * {@code exp(x - max x)} normalised. Not bijective (adding a constant to x gives the same y); the inverse is
 * {@code log(y)}, and there is no log-Jacobian.
 */
public class SoftmaxTransform extends Transform {
    /** {@code SoftmaxTransform()}. */
    public SoftmaxTransform() { super(0); }

    /** {@code SoftmaxTransform(cache_size)}. */
    public SoftmaxTransform(int cacheSize) { super(cacheSize); }

    @Override public Constraint domain() { return Constraint.REAL_VECTOR; }

    @Override public Constraint codomain() { return Constraint.SIMPLEX; }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor probs = x.sub(x.amax(new long[] {-1}, true)).exp();
        return probs.div(probs.sum(-1, true));
    }

    @Override protected Tensor inverse(Tensor y) { return y.log(); }

    @Override public long[] forwardShape(long... shape) { return lastDimPlus(shape, 0); }

    @Override public long[] inverseShape(long... shape) { return lastDimPlus(shape, 0); }

    @Override Transform copyWithCache(int cacheSize) { return new SoftmaxTransform(cacheSize); }
}
