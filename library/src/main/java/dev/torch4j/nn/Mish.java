package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Mish(inplace=False)}: {@code x * tanh(softplus(x))}. */
public class Mish extends Module {
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.Mish()} with PyTorch's defaults. */
    public Mish() { this(false); }

    /** {@code nn.Mish(inplace)}. */
    public Mish(boolean inplace) {
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return inplace ? Activations.inplace(input, x -> Functional.mish(x)) : Functional.mish(input);
    }

    @Override
    public String extraRepr() { return (inplace ? "inplace=True" : ""); }
}
