package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.AdaptiveMaxPool3d(output_size)} (one int or three) over {@code (N, C, D, H, W)} or {@code (C, D, H, W)}. */
public class AdaptiveMaxPool3d extends Module {
    /** The {@code output_size} argument. */
    public final long[] outputSize;

    /** {@code nn.AdaptiveMaxPool3d(output_size)}. */
    public AdaptiveMaxPool3d(long... outputSize) { this.outputSize = outputSize.clone(); }

    @Override
    public Tensor forward(Tensor input) { return Functional.adaptiveMaxPool3d(input, outputSize); }

    @Override
    public String extraRepr() { return "output_size=" + MaxPool2d.intOrTuple(outputSize); }
}
