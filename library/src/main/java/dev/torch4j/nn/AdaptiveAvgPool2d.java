package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.AdaptiveAvgPool2d(output_size)} (one int or a pair). */
public class AdaptiveAvgPool2d extends Module {
    /** The {@code output_size} argument; -1 where PyTorch's had None (that input size is kept). */
    public final long[] outputSize;

    /** {@code nn.AdaptiveAvgPool2d(output_size)}. */
    public AdaptiveAvgPool2d(long... outputSize) { this.outputSize = outputSize.clone(); }

    /** {@code nn.AdaptiveAvgPool2d(output_size)} where a null entry (None) keeps that input size. */
    public AdaptiveAvgPool2d(Long[] outputSize) { this(AdaptiveSizes.of(outputSize)); }

    @Override
    public Tensor forward(Tensor input) { return Functional.adaptiveAvgPool2d(input, AdaptiveSizes.resolve(outputSize, input)); }

    @Override
    public String extraRepr() { return "output_size=" + AdaptiveSizes.repr(outputSize); }
}
