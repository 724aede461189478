package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.ReflectionPad1d(padding)}: reflect padding of the last 1 dim, one int or (left, right). */
public class ReflectionPad1d extends Module {
    /** The padding as (left, right). */
    public final long[] padding;

    /** {@code nn.ReflectionPad1d(padding)}. */
    public ReflectionPad1d(long... padding) { this.padding = PadSizes.expand("ReflectionPad1d", padding, 2); }

    @Override
    public Tensor forward(Tensor input) { return Functional.pad(input, padding, "reflect", 0.0); }

    @Override
    public String extraRepr() { return Py.tuple(padding); }
}
