package dev.torch4j.nn;

/** {@code nn.ZeroPad1d(padding)}: zero padding of the last 1 dim, one int or (left, right) (PyTorch 2.1). */
public class ZeroPad1d extends ConstantPad1d {
    /** {@code nn.ZeroPad1d(padding)}. */
    public ZeroPad1d(long... padding) { super(padding, 0.0); }

    @Override
    public String extraRepr() { return Py.tuple(padding); }
}
