package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.SiLU(inplace=False)}: {@code x * sigmoid(x)} elementwise. */
public class SiLU extends Module {
    public final boolean inplace;

    public SiLU() { this(false); }

    public SiLU(boolean inplace) { this.inplace = inplace; }

    @Override
    public Tensor forward(Tensor input) { return inplace ? input.silu_() : input.silu(); }

    @Override
    public String extraRepr() { return inplace ? "inplace=True" : ""; }
}
