package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.AlphaDropout(p=0.5)}: dropout for SELU networks (keeps zero mean and unit variance). */
public class AlphaDropout extends Module {
    /** The drop probability. */
    public final double p;

    /** {@code nn.AlphaDropout()}: p = 0.5. */
    public AlphaDropout() { this(0.5); }

    /** {@code nn.AlphaDropout(p)}. */
    public AlphaDropout(double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + Py.repr(p));
        this.p = p;
    }

    @Override
    public Tensor forward(Tensor x) { return Functional.alphaDropout(x, p, isTraining()); }

    @Override
    public String extraRepr() { return "p=" + Py.repr(p) + ", inplace=False"; }
}
