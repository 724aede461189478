package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.ConstantPad1d(padding, value)}: constant padding of the last 1 dim, one int or (left, right). */
public class ConstantPad1d extends Module {
    /** The padding as (left, right). */
    public final long[] padding;
    /** The {@code value} argument. */
    public final double value;

    /** {@code nn.ConstantPad1d(padding, value)}. */
    public ConstantPad1d(long[] padding, double value) {
        this.padding = PadSizes.expand("ConstantPad1d", padding, 2);
        this.value = value;
    }

    /** {@code nn.ConstantPad1d(padding, value)} with one padding for every side. */
    public ConstantPad1d(long padding, double value) { this(new long[] {padding}, value); }

    @Override
    public Tensor forward(Tensor input) { return Functional.pad(input, padding, "constant", value); }

    @Override
    public String extraRepr() { return "padding=" + Py.tuple(padding) + ", value=" + Py.repr(value); }
}
