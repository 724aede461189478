package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.CircularPad1d(padding)}: circular (wrap-around, PyTorch 2.1) padding of the last 1 dim, one int or (left, right). */
public class CircularPad1d extends Module {
    /** The padding as (left, right). */
    public final long[] padding;

    /** {@code nn.CircularPad1d(padding)}. */
    public CircularPad1d(long... padding) { this.padding = PadSizes.expand("CircularPad1d", padding, 2); }

    @Override
    public Tensor forward(Tensor input) { return Functional.pad(input, padding, "circular", 0.0); }

    @Override
    public String extraRepr() { return Py.tuple(padding); }
}
