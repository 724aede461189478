package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Dropout1d(p=0.5, inplace=False)}: in training mode, zeroes whole channels of (N, C, L) or (C, L) inputs (see {@link Functional#dropout1d}). */
public class Dropout1d extends Module {
    /** The {@code p} argument. */
    public final double p;
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.Dropout1d()} with PyTorch's defaults. */
    public Dropout1d() { this(0.5, false); }

    /** {@code nn.Dropout1d(p, inplace)}. */
    public Dropout1d(double p, boolean inplace) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + Py.repr(p));
        this.p = p;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) { return Functional.dropout1d(input, p, isTraining(), inplace); }

    @Override
    public String extraRepr() { return "p=" + Py.repr(p) + ", inplace=" + Py.repr(inplace); }
}
