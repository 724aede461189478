package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.ReplicationPad3d(padding)}: replicate padding of the last 3 dims, one int or (left, right, top, bottom, front, back). */
public class ReplicationPad3d extends Module {
    /** The padding as (left, right, top, bottom, front, back). */
    public final long[] padding;

    /** {@code nn.ReplicationPad3d(padding)}. */
    public ReplicationPad3d(long... padding) { this.padding = PadSizes.expand("ReplicationPad3d", padding, 6); }

    @Override
    public Tensor forward(Tensor input) { return Functional.pad(input, padding, "replicate", 0.0); }

    @Override
    public String extraRepr() { return Py.tuple(padding); }
}
