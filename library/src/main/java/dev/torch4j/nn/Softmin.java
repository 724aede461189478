package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Softmin(dim)}: {@code softmax(-x, dim)}. */
public class Softmin extends Module {
    /** The {@code dim} argument. */
    public final long dim;

    /** {@code nn.Softmin(dim)}. */
    public Softmin(long dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.softmin(input, dim);
    }

    @Override
    public String extraRepr() { return "dim=" + dim; }
}
