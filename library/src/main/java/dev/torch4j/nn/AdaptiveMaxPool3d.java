package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;

/**
 * {@code nn.AdaptiveMaxPool3d(output_size, return_indices=False)} (one int or three) over {@code (N, C, D, H, W)} or
 * {@code (C, D, H, W)}; {@link #forwardWithIndices} gives the indices too.
 */
public class AdaptiveMaxPool3d extends Module {
    /** The {@code output_size} argument; -1 where PyTorch's had None (that input size is kept). */
    public final long[] outputSize;
    /** The {@code return_indices} argument. */
    public final boolean returnIndices;

    /** {@code nn.AdaptiveMaxPool3d(output_size)}. */
    public AdaptiveMaxPool3d(long... outputSize) { this(outputSize, false); }

    /** {@code nn.AdaptiveMaxPool3d(output_size, return_indices)} where a null entry (None) keeps that input size. */
    public AdaptiveMaxPool3d(Long[] outputSize, boolean returnIndices) { this(AdaptiveSizes.of(outputSize), returnIndices); }

    /** {@code nn.AdaptiveMaxPool3d(output_size, return_indices)}. */
    public AdaptiveMaxPool3d(long[] outputSize, boolean returnIndices) {
        this.outputSize = outputSize.clone();
        this.returnIndices = returnIndices;
    }

    @Override
    public Tensor forward(Tensor input) { return Functional.adaptiveMaxPool3d(input, AdaptiveSizes.resolve(outputSize, input)); }

    /** The pooled values and their flat {@code d * H * W + h * W + w} indices. */
    public ValuesIndices forwardWithIndices(Tensor input) { return Functional.adaptiveMaxPool3dWithIndices(input, AdaptiveSizes.resolve(outputSize, input)); }

    @Override
    public String extraRepr() { return "output_size=" + AdaptiveSizes.repr(outputSize); }
}
