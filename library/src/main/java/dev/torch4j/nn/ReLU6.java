package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.ReLU6(inplace=False)}: {@code min(max(x, 0), 6)}. */
public class ReLU6 extends Module {
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.ReLU6()} with PyTorch's defaults. */
    public ReLU6() { this(false); }

    /** {@code nn.ReLU6(inplace)}. */
    public ReLU6(boolean inplace) {
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return inplace ? Activations.inplace(input, x -> Functional.relu6(x)) : Functional.relu6(input);
    }

    @Override
    public String extraRepr() { return (inplace ? "inplace=True" : ""); }
}
