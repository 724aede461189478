package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.LogSoftmax(dim=None)}: log-softmax along {@code dim}; without a dim, PyTorch's legacy choice (0 for 0-, 1- and 3-d inputs, else 1). */
public class LogSoftmax extends Module {
    /** The dim, or null for the legacy implicit choice. */
    public final Long dim;

    /** {@code nn.LogSoftmax()} with PyTorch's defaults. */
    public LogSoftmax() { this(null); }

    /** {@code nn.LogSoftmax(dim)}; other arguments take PyTorch's defaults. */
    public LogSoftmax(Long dim) { this.dim = dim; }

    /** {@code nn.LogSoftmax(dim)}; other arguments take PyTorch's defaults. */
    public LogSoftmax(long dim) { this(Long.valueOf(dim)); }

    @Override
    public Tensor forward(Tensor input) { return input.logSoftmax(dim != null ? dim : Functional.implicitSoftmaxDim(input)); }

    @Override
    public String extraRepr() { return "dim=" + (dim == null ? "None" : dim.toString()); }
}
