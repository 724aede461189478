package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Softshrink(lambd=0.5)}: x moved toward 0 by {@code lambd}, 0 within {@code [-lambd, lambd]}. */
public class Softshrink extends Module {
    /** The {@code lambd} argument. */
    public final double lambd;

    /** {@code nn.Softshrink()} with PyTorch's defaults. */
    public Softshrink() { this(0.5); }

    /** {@code nn.Softshrink(lambd)}. */
    public Softshrink(double lambd) {
        this.lambd = lambd;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.softshrink(input, lambd);
    }

    @Override
    public String extraRepr() { return Py.repr(lambd); }
}
