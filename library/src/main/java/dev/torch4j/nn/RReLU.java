package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.RReLU(lower=1/8, upper=1/3, inplace=False)}: in training, negative inputs are scaled by a slope drawn uniformly from
 * [lower, upper] per element; in evaluation by the mean slope.
 */
public class RReLU extends Module {
    /** The slope range. */
    public final double lower, upper;
    /** The {@code inplace} argument: overwrite the input (PyTorch's {@code F.rrelu_}). */
    public final boolean inplace;

    /** {@code nn.RReLU()}. */
    public RReLU() { this(1.0 / 8, 1.0 / 3); }

    /** {@code nn.RReLU(lower, upper)}. */
    public RReLU(double lower, double upper) { this(lower, upper, false); }

    /** {@code nn.RReLU(lower, upper, inplace)}. */
    public RReLU(double lower, double upper, boolean inplace) {
        this.lower = lower;
        this.upper = upper;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return inplace ? Functional.rrelu_(input, lower, upper, isTraining()) : Functional.rrelu(input, lower, upper, isTraining());
    }

    @Override
    public String extraRepr() { return "lower=" + Py.repr(lower) + ", upper=" + Py.repr(upper) + (inplace ? ", inplace=True" : ""); }
}
