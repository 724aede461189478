package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.CircularPad3d(padding)}: circular (wrap-around, PyTorch 2.1) padding of the last 3 dims, one int or (left, right, top, bottom, front, back). */
public class CircularPad3d extends Module {
    /** The padding as (left, right, top, bottom, front, back). */
    public final long[] padding;

    /** {@code nn.CircularPad3d(padding)}. */
    public CircularPad3d(long... padding) { this.padding = PadSizes.expand("CircularPad3d", padding, 6); }

    @Override
    public Tensor forward(Tensor input) { return Functional.pad(input, padding, "circular", 0.0); }

    @Override
    public String extraRepr() { return Py.tuple(padding); }
}
