package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.ReflectionPad3d(padding)}: reflect padding of the last 3 dims, one int or (left, right, top, bottom, front, back). */
public class ReflectionPad3d extends Module {
    /** The padding as (left, right, top, bottom, front, back). */
    public final long[] padding;

    /** {@code nn.ReflectionPad3d(padding)}. */
    public ReflectionPad3d(long... padding) { this.padding = PadSizes.expand("ReflectionPad3d", padding, 6); }

    @Override
    public Tensor forward(Tensor input) { return Functional.pad(input, padding, "reflect", 0.0); }

    @Override
    public String extraRepr() { return Py.tuple(padding); }
}
