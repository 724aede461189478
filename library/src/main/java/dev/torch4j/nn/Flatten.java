package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Flatten(start_dim=1, end_dim=-1)}: flattens dims {@code start_dim..end_dim} into one. */
public class Flatten extends Module {
    /** The {@code start_dim, end_dim} arguments. */
    public final long startDim, endDim;

    /** {@code nn.Flatten()} with PyTorch's defaults. */
    public Flatten() { this(1, -1); }

    /** {@code nn.Flatten(start_dim, end_dim)}; other arguments take PyTorch's defaults. */
    public Flatten(long startDim, long endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) { return input.flatten(startDim, endDim); }

    @Override
    public String extraRepr() { return "start_dim=" + startDim + ", end_dim=" + endDim; }
}
