package dev.torch4j.nn;

/** {@code nn.ZeroPad3d(padding)}: zero padding of the last 3 dims, one int or (left, right, top, bottom, front, back) (PyTorch 2.1). */
public class ZeroPad3d extends ConstantPad3d {
    /** {@code nn.ZeroPad3d(padding)}. */
    public ZeroPad3d(long... padding) { super(padding, 0.0); }

    @Override
    public String extraRepr() { return Py.tuple(padding); }
}
