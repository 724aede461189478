package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.ConstantPad2d(padding, value)}: padding is one int (all four sides) or (left, right, top, bottom). */
public class ConstantPad2d extends Module {
    /** The padding as (left, right, top, bottom). */
    public final long[] padding;
    /** The {@code value} argument. */
    public final double value;

    /** {@code nn.ConstantPad2d(padding, value)}. */
    public ConstantPad2d(long[] padding, double value) {
        this.padding = quad(padding);
        this.value = value;
    }

    /** {@code nn.ConstantPad2d(padding, value)} with one padding for all four sides. */
    public ConstantPad2d(long padding, double value) { this(new long[] {padding}, value); }

    /** PyTorch's _quadruple: one int means all four sides. */
    static long[] quad(long[] p) { return PadSizes.expand("padding", p, 4); }

    @Override
    public Tensor forward(Tensor input) { return Functional.pad(input, padding, "constant", value); }

    @Override
    public String extraRepr() { return "padding=" + Py.tuple(padding) + ", value=" + Py.repr(value); }
}
