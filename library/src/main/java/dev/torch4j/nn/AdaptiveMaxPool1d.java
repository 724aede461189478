package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.AdaptiveMaxPool1d(output_size)}: max pooling to a fixed length. */
public class AdaptiveMaxPool1d extends Module {
    /** The output length. */
    public final long outputSize;

    /** {@code nn.AdaptiveMaxPool1d(output_size)}. */
    public AdaptiveMaxPool1d(long outputSize) { this.outputSize = outputSize; }

    @Override
    public Tensor forward(Tensor x) { return Functional.adaptiveMaxPool1d(x, outputSize); }

    @Override
    public String extraRepr() { return "output_size=" + outputSize; }
}
