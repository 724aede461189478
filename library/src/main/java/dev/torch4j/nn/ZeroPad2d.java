package dev.torch4j.nn;

/** {@code nn.ZeroPad2d(padding)}: zero padding, one int or (left, right, top, bottom). */
public class ZeroPad2d extends ConstantPad2d {
    /** {@code nn.ZeroPad2d(padding)}. */
    public ZeroPad2d(long... padding) { super(padding, 0.0); }

    @Override
    public String extraRepr() { return Py.tuple(padding); }
}
