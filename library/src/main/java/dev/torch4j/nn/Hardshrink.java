package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Hardshrink(lambd=0.5)}: x, or 0 within {@code [-lambd, lambd]}. */
public class Hardshrink extends Module {
    /** The {@code lambd} argument. */
    public final double lambd;

    /** {@code nn.Hardshrink()} with PyTorch's defaults. */
    public Hardshrink() { this(0.5); }

    /** {@code nn.Hardshrink(lambd)}. */
    public Hardshrink(double lambd) {
        this.lambd = lambd;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.hardshrink(input, lambd);
    }

    @Override
    public String extraRepr() { return Py.repr(lambd); }
}
