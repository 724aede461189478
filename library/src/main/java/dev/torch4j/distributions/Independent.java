package dev.torch4j.distributions;

import dev.torch4j.Tensor;

import java.util.Arrays;

/**
 * {@code torch.distributions.Independent(base, reinterpreted_batch_ndims)}: the base distribution's rightmost batch
 * dims read as event dims, so {@code logProb} and {@code entropy} sum over them (a diagonal Gaussian is
 * {@code Independent(Normal(mu, sigma), 1)}).
 */
public class Independent extends Distribution {
    private final Distribution base;
    private final int reinterpreted;

    /** {@code Independent(base_distribution, reinterpreted_batch_ndims)}. */
    public Independent(Distribution base, int reinterpretedBatchNdims) {
        super(batch(base, reinterpretedBatchNdims), event(base, reinterpretedBatchNdims));
        this.base = base;
        this.reinterpreted = reinterpretedBatchNdims;
    }

    private static long[] batch(Distribution base, int n) {
        long[] b = base.batchShape().toArray();
        if (n > b.length) {
            throw new IllegalArgumentException("Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), actual " + n
                    + " vs " + b.length);
        }
        return Arrays.copyOf(b, b.length - n);
    }

    private static long[] event(Distribution base, int n) {
        long[] b = base.batchShape().toArray(), e = base.eventShape().toArray();
        long[] r = Arrays.copyOfRange(b, b.length - n, b.length + e.length);
        System.arraycopy(e, 0, r, n, e.length);
        return r;
    }

    /** The wrapped distribution. */
    public Distribution baseDist() { return base; }

    @Override
    public String toString() { return "Independent(" + base + ", " + reinterpreted + ")"; }

    @Override
    protected Object[] reprParams() { return new Object[0]; }

    @Override
    public boolean hasRsample() { return base.hasRsample(); }

    @Override
    public Tensor sample(long... sampleShape) { return base.sample(sampleShape); }

    @Override
    public Tensor rsample(long... sampleShape) { return base.rsample(sampleShape); }

    private Tensor sumRightmost(Tensor t) {
        if (reinterpreted == 0) return t;
        long[] dims = new long[reinterpreted];
        for (int i = 0; i < reinterpreted; i++) dims[i] = -1 - i;
        return t.sum(dims, false);
    }

    @Override
    public Tensor logProb(Tensor value) { return sumRightmost(base.logProb(value)); }

    @Override
    public Tensor entropy() { return sumRightmost(base.entropy()); }

    @Override
    public Tensor mean() { return base.mean(); }

    @Override
    public Tensor mode() { return base.mode(); }

    @Override
    public Tensor variance() { return base.variance(); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Independent expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Independent(base.expand(with(b, java.util.Arrays.copyOfRange(base.batchShape().toArray(), base.batchShape().toArray().length - reinterpreted, base.batchShape().toArray().length))), reinterpreted));
    }

    /** Only where no batch dims are reinterpreted: the base's. */
    @Override
    public boolean hasEnumerateSupport() { return reinterpreted == 0 && base.hasEnumerateSupport(); }

    @Override
    public Tensor enumerateSupport(boolean expand) {
        if (reinterpreted > 0) throw new UnsupportedOperationException("Enumeration over cartesian product is not implemented");
        return base.enumerateSupport(expand);
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return reinterpreted == 0 ? base.support() : base.support().independent(reinterpreted); }
}
