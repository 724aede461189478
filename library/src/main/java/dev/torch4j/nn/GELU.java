package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.GELU(approximate='none')}: the Gaussian error linear unit, exact ({@code "none"}) or with the tanh approximation. */
public class GELU extends Module {
    /** The {@code approximate} argument. */
    public final String approximate;

    /** {@code nn.GELU()} with PyTorch's defaults. */
    public GELU() { this("none"); }

    /** {@code approximate}: "none" or "tanh". */
    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("approximate argument must be either none or tanh.");
        }
        this.approximate = approximate;
    }

    @Override
    public Tensor forward(Tensor input) { return input.gelu(approximate); }

    @Override
    public String extraRepr() { return "approximate='" + approximate + "'"; }
}
