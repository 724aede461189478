package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)}. */
public class AvgPool1d extends Module {
    /** The size arguments; stride defaults to the kernel size. */
    public final long kernelSize, stride, padding;
    /** The {@code ceil_mode, count_include_pad} arguments. */
    public final boolean ceilMode, countIncludePad;

    /** {@code nn.AvgPool1d(kernel_size)}. */
    public AvgPool1d(long kernelSize) { this(kernelSize, 0, 0, false, true); }

    /** {@code nn.AvgPool1d(kernel_size, stride)}. */
    public AvgPool1d(long kernelSize, long stride) { this(kernelSize, stride, 0, false, true); }

    /** {@code nn.AvgPool1d(kernel_size, stride, padding, ceil_mode, count_include_pad)}; stride 0 means the kernel size. */
    public AvgPool1d(long kernelSize, long stride, long padding, boolean ceilMode, boolean countIncludePad) {
        this.kernelSize = kernelSize;
        this.stride = stride <= 0 ? kernelSize : stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor input) { return Functional.avgPool1d(input, kernelSize, stride, padding, ceilMode, countIncludePad); }

    /** PyTorch stores AvgPool1d's sizes as 1-tuples, so they print as {@code (3,)}. */
    @Override
    public String extraRepr() { return "kernel_size=" + Py.tuple(kernelSize) + ", stride=" + Py.tuple(stride) + ", padding=" + Py.tuple(padding); }
}
