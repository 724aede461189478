package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.AdaptiveAvgPool2d(output_size)} (one int or a pair). */
public class AdaptiveAvgPool2d extends Module {
    /** The {@code output_size} argument. */
    public final long[] outputSize;

    /** {@code nn.AdaptiveAvgPool2d(output_size)}. */
    public AdaptiveAvgPool2d(long... outputSize) { this.outputSize = outputSize.clone(); }

    @Override
    public Tensor forward(Tensor input) { return Functional.adaptiveAvgPool2d(input, outputSize); }

    @Override
    public String extraRepr() { return "output_size=" + MaxPool2d.intOrTuple(outputSize); }
}
