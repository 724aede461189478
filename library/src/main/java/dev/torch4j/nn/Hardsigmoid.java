package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Hardsigmoid(inplace=False)}: {@code relu6(x + 3) / 6}. */
public class Hardsigmoid extends Module {
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.Hardsigmoid()} with PyTorch's defaults. */
    public Hardsigmoid() { this(false); }

    /** {@code nn.Hardsigmoid(inplace)}. */
    public Hardsigmoid(boolean inplace) {
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return inplace ? Activations.inplace(input, x -> Functional.hardsigmoid(x)) : Functional.hardsigmoid(input);
    }

    @Override
    public String extraRepr() { return ""; }
}
