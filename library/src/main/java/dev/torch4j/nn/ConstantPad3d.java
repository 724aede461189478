package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.ConstantPad3d(padding, value)}: constant padding of the last 3 dims, one int or (left, right, top, bottom, front, back). */
public class ConstantPad3d extends Module {
    /** The padding as (left, right, top, bottom, front, back). */
    public final long[] padding;
    /** The {@code value} argument. */
    public final double value;

    /** {@code nn.ConstantPad3d(padding, value)}. */
    public ConstantPad3d(long[] padding, double value) {
        this.padding = PadSizes.expand("ConstantPad3d", padding, 6);
        this.value = value;
    }

    /** {@code nn.ConstantPad3d(padding, value)} with one padding for every side. */
    public ConstantPad3d(long padding, double value) { this(new long[] {padding}, value); }

    @Override
    public Tensor forward(Tensor input) { return Functional.pad(input, padding, "constant", value); }

    @Override
    public String extraRepr() { return "padding=" + Py.tuple(padding) + ", value=" + Py.repr(value); }
}
