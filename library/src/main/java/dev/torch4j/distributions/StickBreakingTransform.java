package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;

/**
 * {@code torch.distributions.transforms.StickBreakingTransform}: K unconstrained reals to the simplex of K + 1
 * entries by breaking a stick: entry i takes the fraction {@code sigmoid(x_i - log(K - i))} of what is left (the
 * offset makes x = 0 the uniform point). Bijective.
 */
public class StickBreakingTransform extends Transform {
    /** {@code StickBreakingTransform()}. */
    public StickBreakingTransform() { super(0); }

    /** {@code StickBreakingTransform(cache_size)}. */
    public StickBreakingTransform(int cacheSize) { super(cacheSize); }

    @Override public Constraint domain() { return Constraint.REAL_VECTOR; }

    @Override public Constraint codomain() { return Constraint.SIMPLEX; }

    @Override public boolean bijective() { return true; }

    /** {@code n + 1 - cumsum(ones(k))}: K, K - 1, ..., 1 for n = k = K (x's offsets), in x's dtype. */
    private static Tensor offset(Tensor like, long n, long k) {
        return Torch.ones(dev.torch4j.Size.of(k), Torch.dtype(like.dtype()).device(like.device())).cumsum(-1).neg().add((double) n);
    }

    @Override
    protected Tensor forward(Tensor x) {
        long k = x.size(-1);
        Tensor z = clippedSigmoid(x.sub(offset(x, k + 1, k).log()));
        Tensor zCumprod = z.neg().add(1).cumprod(-1);
        return Functional.pad(z, new long[] {0, 1}, "constant", 1).mul(Functional.pad(zCumprod, new long[] {1, 0}, "constant", 1));
    }

    @Override
    protected Tensor inverse(Tensor y) {
        long k = y.size(-1) - 1;
        Tensor crop = y.narrow(-1, 0, k);
        Tensor sf = crop.cumsum(-1).neg().add(1).clampMin(Distribution.tiny(y)); // may dip to 0 when y's last entry ~ 0
        return crop.log().sub(sf.log()).add(offset(y, k + 1, k).log());
    }

    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        long k = x.size(-1);
        Tensor shifted = x.sub(offset(x, k + 1, k).log());
        // 1 - sigmoid(x) = exp(-x) sigmoid(x)
        return shifted.neg().add(Functional.logsigmoid(shifted)).add(y.narrow(-1, 0, k).log()).sum(-1, false);
    }

    @Override public long[] forwardShape(long... shape) { return lastDimPlus(shape, 1); }

    @Override public long[] inverseShape(long... shape) { return lastDimPlus(shape, -1); }

    @Override Transform copyWithCache(int cacheSize) { return new StickBreakingTransform(cacheSize); }
}
