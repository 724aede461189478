package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.AdaptiveAvgPool3d(output_size)} (one int or three) over {@code (N, C, D, H, W)} or {@code (C, D, H, W)}. */
public class AdaptiveAvgPool3d extends Module {
    /** The {@code output_size} argument; -1 where PyTorch's had None (that input size is kept). */
    public final long[] outputSize;

    /** {@code nn.AdaptiveAvgPool3d(output_size)}. */
    public AdaptiveAvgPool3d(long... outputSize) { this.outputSize = outputSize.clone(); }

    /** {@code nn.AdaptiveAvgPool3d(output_size)} where a null entry (None) keeps that input size. */
    public AdaptiveAvgPool3d(Long[] outputSize) { this(AdaptiveSizes.of(outputSize)); }

    @Override
    public Tensor forward(Tensor input) { return Functional.adaptiveAvgPool3d(input, AdaptiveSizes.resolve(outputSize, input)); }

    @Override
    public String extraRepr() { return "output_size=" + AdaptiveSizes.repr(outputSize); }
}
