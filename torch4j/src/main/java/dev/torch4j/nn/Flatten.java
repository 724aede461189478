package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Flatten(start_dim=1, end_dim=-1)}: flattens dims {@code start_dim..end_dim} into one. */
public class Flatten extends Module {
    public final long startDim, endDim;

    public Flatten() { this(1, -1); }

    public Flatten(long startDim, long endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) { return input.flatten(startDim, endDim); }

    @Override
    public String extraRepr() { return "start_dim=" + startDim + ", end_dim=" + endDim; }
}
