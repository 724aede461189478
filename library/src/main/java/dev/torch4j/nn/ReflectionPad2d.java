package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.ReflectionPad2d(padding)}: reflect padding of the last two dims, one int or (left, right, top, bottom). */
public class ReflectionPad2d extends Module {
    /** The padding as (left, right, top, bottom). */
    public final long[] padding;

    /** {@code nn.ReflectionPad2d(padding)}. */
    public ReflectionPad2d(long... padding) { this.padding = ConstantPad2d.quad(padding); }

    @Override
    public Tensor forward(Tensor input) { return Functional.pad(input, padding, "reflect", 0.0); }

    @Override
    public String extraRepr() { return Py.tuple(padding); }
}
