package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.SiLU(inplace=False)}: {@code x * sigmoid(x)} elementwise. */
public class SiLU extends Module {
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.SiLU()} with PyTorch's defaults. */
    public SiLU() { this(false); }

    /** {@code nn.SiLU(inplace)}; other arguments take PyTorch's defaults. */
    public SiLU(boolean inplace) { this.inplace = inplace; }

    @Override
    public Tensor forward(Tensor input) { return inplace ? input.silu_() : input.silu(); }

    @Override
    public String extraRepr() { return inplace ? "inplace=True" : ""; }
}
