package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Unflatten(dim, unflattened_size)}: splits {@code dim} into {@code unflattened_size}. */
public class Unflatten extends Module {
    /** The {@code dim} argument. */
    public final long dim;
    private final long[] unflattenedSize;

    /** {@code nn.Unflatten(dim, unflattened_size)}; other arguments take PyTorch's defaults. */
    public Unflatten(long dim, long... unflattenedSize) {
        this.dim = dim;
        this.unflattenedSize = unflattenedSize.clone();
    }

    /** The sizes {@code dim} is split into. */
    public long[] unflattenedSize() { return unflattenedSize.clone(); }

    @Override
    public Tensor forward(Tensor input) { return Functional.unflatten(input, dim, unflattenedSize); }

    @Override
    public String extraRepr() { return "dim=" + dim + ", unflattened_size=" + Py.tuple(unflattenedSize); }
}
