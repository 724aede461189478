package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Dropout(p=0.5, inplace=False)}: in training mode, zeroes elements with probability {@code p} and scales the rest by {@code 1/(1-p)}; in eval mode, passes the input through. */
public class Dropout extends Module {
    /** The {@code p} argument. */
    public final double p;
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.Dropout()} with PyTorch's defaults. */
    public Dropout() { this(0.5, false); }

    /** {@code nn.Dropout(p)}; other arguments take PyTorch's defaults. */
    public Dropout(double p) { this(p, false); }

    /** {@code nn.Dropout(p, inplace)}; other arguments take PyTorch's defaults. */
    public Dropout(double p, boolean inplace) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + Py.repr(p));
        this.p = p;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) { return Functional.dropout(input, p, isTraining(), inplace); }

    @Override
    public String extraRepr() { return "p=" + Py.repr(p) + ", inplace=" + Py.repr(inplace); }
}
