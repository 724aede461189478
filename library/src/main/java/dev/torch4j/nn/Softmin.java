package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Softmin(dim=None)}: {@code softmax(-x, dim)}; without a dim, PyTorch's legacy choice as {@link Softmax}'s. */
public class Softmin extends Module {
    /** The dim, or null for the legacy implicit choice. */
    public final Long dim;

    /** {@code nn.Softmin()} with PyTorch's default dim=None. */
    public Softmin() { this(null); }

    /** {@code nn.Softmin(dim)}; null is PyTorch's None. */
    public Softmin(Long dim) { this.dim = dim; }

    /** {@code nn.Softmin(dim)}. */
    public Softmin(long dim) { this(Long.valueOf(dim)); }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.softmin(input, dim != null ? dim : Functional.implicitSoftmaxDim(input));
    }

    @Override
    public String extraRepr() { return "dim=" + (dim == null ? "None" : dim.toString()); }
}
