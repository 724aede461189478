package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Fold(output_size, kernel_size, dilation=1, padding=0, stride=1)}: columns summed back into an image (col2im). */
public class Fold extends Module {
    /** The arguments, each one size or a pair. */
    public final long[] outputSize, kernelSize, dilation, padding, stride;

    /** {@code nn.Fold(output_size, kernel_size)}. */
    public Fold(long[] outputSize, long... kernelSize) { this(outputSize, kernelSize, new long[] {1}, new long[] {0}, new long[] {1}); }

    /** {@code nn.Fold(output_size, kernel_size, dilation, padding, stride)}. */
    public Fold(long[] outputSize, long[] kernelSize, long[] dilation, long[] padding, long[] stride) {
        this.outputSize = outputSize.clone();
        this.kernelSize = kernelSize.clone();
        this.dilation = dilation.clone();
        this.padding = padding.clone();
        this.stride = stride.clone();
    }

    @Override
    public Tensor forward(Tensor x) { return Functional.fold(x, outputSize, kernelSize, dilation, padding, stride); }

    @Override
    public String extraRepr() {
        return "output_size=" + MaxPool2d.intOrTuple(outputSize) + ", kernel_size=" + MaxPool2d.intOrTuple(kernelSize) + ", dilation="
                + MaxPool2d.intOrTuple(dilation) + ", padding=" + MaxPool2d.intOrTuple(padding) + ", stride=" + MaxPool2d.intOrTuple(stride);
    }
}
