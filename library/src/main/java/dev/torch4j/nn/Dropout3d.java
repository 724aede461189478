package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Dropout3d(p=0.5, inplace=False)}: in training mode, zeroes whole channels (see {@link Functional#dropout3d}). */
public class Dropout3d extends Module {
    /** The {@code p} argument. */
    public final double p;
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.Dropout3d()} with PyTorch's defaults. */
    public Dropout3d() { this(0.5, false); }

    /** {@code nn.Dropout3d(p, inplace)}. */
    public Dropout3d(double p, boolean inplace) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + Py.repr(p));
        this.p = p;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) { return Functional.dropout3d(input, p, isTraining(), inplace); }

    @Override
    public String extraRepr() { return "p=" + Py.repr(p) + ", inplace=" + Py.repr(inplace); }
}
