package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;

/** {@code nn.AdaptiveMaxPool1d(output_size, return_indices=False)}: max pooling to a fixed length; {@link #forwardWithIndices} gives the indices too. */
public class AdaptiveMaxPool1d extends Module {
    /** The output length. */
    public final long outputSize;
    /** The {@code return_indices} argument. */
    public final boolean returnIndices;

    /** {@code nn.AdaptiveMaxPool1d(output_size)}. */
    public AdaptiveMaxPool1d(long outputSize) { this(outputSize, false); }

    /** {@code nn.AdaptiveMaxPool1d(output_size, return_indices)}. */
    public AdaptiveMaxPool1d(long outputSize, boolean returnIndices) {
        this.outputSize = outputSize;
        this.returnIndices = returnIndices;
    }

    @Override
    public Tensor forward(Tensor x) { return Functional.adaptiveMaxPool1d(x, outputSize); }

    /** The pooled values and their indices along the length. */
    public ValuesIndices forwardWithIndices(Tensor x) { return Functional.adaptiveMaxPool1dWithIndices(x, outputSize); }

    @Override
    public String extraRepr() { return "output_size=" + outputSize; }
}
