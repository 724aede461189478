package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Softmax(dim=None)}: softmax along {@code dim}; without a dim, PyTorch's legacy choice (0 for 0-, 1- and 3-d inputs, else 1). */
public class Softmax extends Module {
    /** The dim, or null for the legacy implicit choice. */
    public final Long dim;

    /** {@code nn.Softmax()} with PyTorch's defaults. */
    public Softmax() { this(null); }

    /** {@code nn.Softmax(dim)}; other arguments take PyTorch's defaults. */
    public Softmax(Long dim) { this.dim = dim; }

    /** {@code nn.Softmax(dim)}; other arguments take PyTorch's defaults. */
    public Softmax(long dim) { this(Long.valueOf(dim)); }

    @Override
    public Tensor forward(Tensor input) { return input.softmax(dim != null ? dim : Functional.implicitSoftmaxDim(input)); }

    @Override
    public String extraRepr() { return "dim=" + (dim == null ? "None" : dim.toString()); }
}
