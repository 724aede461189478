package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.SELU(inplace=False)}: {@code scale * elu(x, alpha)} with SELU's constants. */
public class SELU extends Module {
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.SELU()} with PyTorch's defaults. */
    public SELU() { this(false); }

    /** {@code nn.SELU(inplace)}. */
    public SELU(boolean inplace) {
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return inplace ? Activations.inplace(input, x -> Functional.selu(x)) : Functional.selu(input);
    }

    @Override
    public String extraRepr() { return (inplace ? "inplace=True" : ""); }
}
