package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Hardswish(inplace=False)}: {@code x * relu6(x + 3) / 6}. */
public class Hardswish extends Module {
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.Hardswish()} with PyTorch's defaults. */
    public Hardswish() { this(false); }

    /** {@code nn.Hardswish(inplace)}. */
    public Hardswish(boolean inplace) {
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return inplace ? Activations.inplace(input, x -> Functional.hardswish(x)) : Functional.hardswish(input);
    }

    @Override
    public String extraRepr() { return ""; }
}
