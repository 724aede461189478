package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.AdaptiveAvgPool1d(output_size)}. */
public class AdaptiveAvgPool1d extends Module {
    /** The {@code output_size} argument. */
    public final long outputSize;

    /** {@code nn.AdaptiveAvgPool1d(output_size)}. */
    public AdaptiveAvgPool1d(long outputSize) { this.outputSize = outputSize; }

    @Override
    public Tensor forward(Tensor input) { return Functional.adaptiveAvgPool1d(input, outputSize); }

    @Override
    public String extraRepr() { return "output_size=" + outputSize; }
}
