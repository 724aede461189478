package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Hardtanh(min_val=-1.0, max_val=1.0, inplace=False)}: x clamped to {@code [min_val, max_val]}. */
public class Hardtanh extends Module {
    /** The {@code min_val} argument. */
    public final double minVal;
    /** The {@code max_val} argument. */
    public final double maxVal;
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.Hardtanh()} with PyTorch's defaults. */
    public Hardtanh() { this(-1.0, 1.0, false); }

    /** {@code nn.Hardtanh(minVal)}; other arguments take PyTorch's defaults. */
    public Hardtanh(double minVal) { this(minVal, 1.0, false); }

    /** {@code nn.Hardtanh(minVal, maxVal)}; other arguments take PyTorch's defaults. */
    public Hardtanh(double minVal, double maxVal) { this(minVal, maxVal, false); }

    /** {@code nn.Hardtanh(min_val, max_val, inplace)}. */
    public Hardtanh(double minVal, double maxVal, boolean inplace) {
        this.minVal = minVal;
        this.maxVal = maxVal;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return inplace ? Activations.inplace(input, x -> Functional.hardtanh(x, minVal, maxVal)) : Functional.hardtanh(input, minVal, maxVal);
    }

    @Override
    public String extraRepr() { return "min_val=" + Py.repr(minVal) + ", max_val=" + Py.repr(maxVal) + (inplace ? ", inplace=True" : ""); }
}
