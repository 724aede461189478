package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;

/**
 * {@code nn.MaxPool3d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)} over
 * {@code (N, C, D, H, W)} or {@code (C, D, H, W)}; each size is one int or three. {@link #forwardWithIndices} also
 * gives the indices, which {@link MaxUnpool3d} takes.
 */
public class MaxPool3d extends Module {
    /** The size arguments (one int or three each); stride defaults to the kernel size. */
    public final long[] kernelSize, stride, padding, dilation;
    /** The {@code return_indices, ceil_mode} arguments. */
    public final boolean returnIndices, ceilMode;

    /** {@code nn.MaxPool3d(kernel_size)} with a cubic kernel. */
    public MaxPool3d(long kernelSize) { this(new long[] {kernelSize}, null, new long[] {0}, new long[] {1}, false); }

    /** {@code nn.MaxPool3d(kernel_size, stride)}, PyTorch's positional form. */
    public MaxPool3d(long kernelSize, long stride) { this(new long[] {kernelSize}, new long[] {stride}, new long[] {0}, new long[] {1}, false); }

    /** {@code nn.MaxPool3d(kernel_size, stride, padding, dilation, ceil_mode)}; a null stride means the kernel size. */
    public MaxPool3d(long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        this(kernelSize, stride, padding, dilation, false, ceilMode);
    }

    /** {@code nn.MaxPool3d(kernel_size, stride, padding, dilation, return_indices, ceil_mode)}; a null stride means the kernel size. */
    public MaxPool3d(long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean returnIndices, boolean ceilMode) {
        this.returnIndices = returnIndices;
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null || stride.length == 0 ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor input) { return Functional.maxPool3d(input, kernelSize, stride, padding, dilation, ceilMode); }

    /** The pooled values and their flat {@code d * H * W + h * W + w} indices. */
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Functional.maxPool3dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + MaxPool2d.intOrTuple(kernelSize) + ", stride=" + MaxPool2d.intOrTuple(stride) + ", padding="
                + MaxPool2d.intOrTuple(padding) + ", dilation=" + MaxPool2d.intOrTuple(dilation) + ", ceil_mode=" + Py.repr(ceilMode);
    }
}
