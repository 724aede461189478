package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Unfold(kernel_size, dilation=1, padding=0, stride=1)}: sliding blocks as columns (im2col). */
public class Unfold extends Module {
    /** The arguments, each one size or a pair. */
    public final long[] kernelSize, dilation, padding, stride;

    /** {@code nn.Unfold(kernel_size)}. */
    public Unfold(long... kernelSize) { this(kernelSize, new long[] {1}, new long[] {0}, new long[] {1}); }

    /** {@code nn.Unfold(kernel_size, dilation, padding, stride)}. */
    public Unfold(long[] kernelSize, long[] dilation, long[] padding, long[] stride) {
        this.kernelSize = kernelSize.clone();
        this.dilation = dilation.clone();
        this.padding = padding.clone();
        this.stride = stride.clone();
    }

    @Override
    public Tensor forward(Tensor x) { return Functional.unfold(x, kernelSize, dilation, padding, stride); }

    @Override
    public String extraRepr() {
        return "kernel_size=" + MaxPool2d.intOrTuple(kernelSize) + ", dilation=" + MaxPool2d.intOrTuple(dilation) + ", padding="
                + MaxPool2d.intOrTuple(padding) + ", stride=" + MaxPool2d.intOrTuple(stride);
    }
}
