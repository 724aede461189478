package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.ReLU(inplace=False)}: {@code max(x, 0)} elementwise. */
public class ReLU extends Module {
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.ReLU()} with PyTorch's defaults. */
    public ReLU() { this(false); }

    /** With {@code inplace}, the input is overwritten. */
    public ReLU(boolean inplace) { this.inplace = inplace; }

    @Override
    public Tensor forward(Tensor input) { return inplace ? input.relu_() : input.relu(); }

    @Override
    public String extraRepr() { return inplace ? "inplace=True" : ""; }
}
