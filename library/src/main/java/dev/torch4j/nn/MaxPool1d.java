package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;

/** {@code nn.MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)} over {@code (N, C, L)} or {@code (C, L)}. */
public class MaxPool1d extends Module {
    /** The size arguments; stride defaults to the kernel size. */
    public final long kernelSize, stride, padding, dilation;
    /** The {@code return_indices, ceil_mode} arguments. */
    public final boolean returnIndices, ceilMode;

    /** {@code nn.MaxPool1d(kernel_size)}. */
    public MaxPool1d(long kernelSize) { this(kernelSize, 0, 0, 1, false, false); }

    /** {@code nn.MaxPool1d(kernel_size, stride)}. */
    public MaxPool1d(long kernelSize, long stride) { this(kernelSize, stride, 0, 1, false, false); }

    /** {@code nn.MaxPool1d(kernel_size, stride, padding, dilation, return_indices, ceil_mode)}; stride 0 means the kernel size. */
    public MaxPool1d(long kernelSize, long stride, long padding, long dilation, boolean returnIndices, boolean ceilMode) {
        this.kernelSize = kernelSize;
        this.stride = stride <= 0 ? kernelSize : stride;
        this.padding = padding;
        this.dilation = dilation;
        this.returnIndices = returnIndices;
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor input) { return forwardWithIndices(input).values(); }

    /** The pooled values and their indices along L. */
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Functional.maxPool1dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
                + ", ceil_mode=" + Py.repr(ceilMode);
    }
}
