package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.ReplicationPad1d(padding)}: replicate padding of the last 1 dim, one int or (left, right). */
public class ReplicationPad1d extends Module {
    /** The padding as (left, right). */
    public final long[] padding;

    /** {@code nn.ReplicationPad1d(padding)}. */
    public ReplicationPad1d(long... padding) { this.padding = PadSizes.expand("ReplicationPad1d", padding, 2); }

    @Override
    public Tensor forward(Tensor input) { return Functional.pad(input, padding, "replicate", 0.0); }

    @Override
    public String extraRepr() { return Py.tuple(padding); }
}
