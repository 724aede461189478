package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.FeatureAlphaDropout(p=0.5)}: alpha dropout of whole channels. */
public class FeatureAlphaDropout extends Module {
    /** The drop probability. */
    public final double p;

    /** {@code nn.FeatureAlphaDropout()}: p = 0.5. */
    public FeatureAlphaDropout() { this(0.5); }

    /** {@code nn.FeatureAlphaDropout(p)}. */
    public FeatureAlphaDropout(double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + Py.repr(p));
        this.p = p;
    }

    @Override
    public Tensor forward(Tensor x) { return Functional.featureAlphaDropout(x, p, isTraining()); }

    @Override
    public String extraRepr() { return "p=" + Py.repr(p) + ", inplace=False"; }
}
