package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Threshold(threshold, value, inplace=False)}: x where {@code x > threshold}, else {@code value}. */
public class Threshold extends Module {
    /** The {@code threshold} argument. */
    public final double threshold;
    /** The {@code value} argument. */
    public final double value;
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.Threshold(threshold, value)}; other arguments take PyTorch's defaults. */
    public Threshold(double threshold, double value) { this(threshold, value, false); }

    /** {@code nn.Threshold(threshold, value, inplace)}. */
    public Threshold(double threshold, double value, boolean inplace) {
        this.threshold = threshold;
        this.value = value;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return inplace ? Functional.inplace(input, x -> Functional.threshold(x, threshold, value)) : Functional.threshold(input, threshold, value);
    }

    @Override
    public String extraRepr() { return "threshold=" + Py.repr(threshold) + ", value=" + Py.repr(value) + (inplace ? ", inplace=True" : ""); }
}
