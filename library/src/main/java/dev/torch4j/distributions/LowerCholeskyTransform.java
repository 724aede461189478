package dev.torch4j.distributions;

import dev.torch4j.Tensor;

/**
 * {@code torch.distributions.transforms.LowerCholeskyTransform}: an unconstrained square matrix to a lower-triangular
 * one with a positive diagonal (the strict lower triangle kept, the diagonal exponentiated). Not bijective.
 */
public class LowerCholeskyTransform extends Transform {
    /** {@code LowerCholeskyTransform()}. */
    public LowerCholeskyTransform() { super(0); }

    /** {@code LowerCholeskyTransform(cache_size)}. */
    public LowerCholeskyTransform(int cacheSize) { super(cacheSize); }

    @Override public Constraint domain() { return Constraint.REAL.independent(2); }

    @Override public Constraint codomain() { return Constraint.LOWER_CHOLESKY; }

    @Override protected Tensor forward(Tensor x) { return x.tril(-1).add(x.diagonal(0, -2, -1).exp().diagEmbed()); }

    @Override protected Tensor inverse(Tensor y) { return y.tril(-1).add(y.diagonal(0, -2, -1).log().diagEmbed()); }

    @Override Transform copyWithCache(int cacheSize) { return new LowerCholeskyTransform(cacheSize); }
}
