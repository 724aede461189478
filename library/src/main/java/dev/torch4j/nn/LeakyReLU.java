package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.LeakyReLU(negative_slope=0.01, inplace=False)}: x where positive, else {@code negative_slope * x}. */
public class LeakyReLU extends Module {
    /** The {@code negative_slope} argument. */
    public final double negativeSlope;
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.LeakyReLU()} with PyTorch's defaults. */
    public LeakyReLU() { this(0.01, false); }

    /** {@code nn.LeakyReLU(negative_slope)}; other arguments take PyTorch's defaults. */
    public LeakyReLU(double negativeSlope) { this(negativeSlope, false); }

    /** {@code nn.LeakyReLU(negative_slope, inplace)}; other arguments take PyTorch's defaults. */
    public LeakyReLU(double negativeSlope, boolean inplace) {
        this.negativeSlope = negativeSlope;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return inplace ? Functional.inplace(input, x -> Functional.leakyReluInPlaceForm(x, negativeSlope)) : Functional.leakyRelu(input, negativeSlope);
    }

    @Override
    public String extraRepr() { return "negative_slope=" + Py.repr(negativeSlope) + (inplace ? ", inplace=True" : ""); }
}
