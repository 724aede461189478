package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.CircularPad2d(padding)}: circular (wrap-around, PyTorch 2.1) padding of the last 2 dims, one int or (left, right, top, bottom). */
public class CircularPad2d extends Module {
    /** The padding as (left, right, top, bottom). */
    public final long[] padding;

    /** {@code nn.CircularPad2d(padding)}. */
    public CircularPad2d(long... padding) { this.padding = PadSizes.expand("CircularPad2d", padding, 4); }

    @Override
    public Tensor forward(Tensor input) { return Functional.pad(input, padding, "circular", 0.0); }

    @Override
    public String extraRepr() { return Py.tuple(padding); }
}
