package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.AvgPool3d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)}
 * over {@code (N, C, D, H, W)} or {@code (C, D, H, W)}; each size is one int or three.
 */
public class AvgPool3d extends Module {
    /** The size arguments (one int or three each); stride defaults to the kernel size. */
    public final long[] kernelSize, stride, padding;
    /** The {@code ceil_mode, count_include_pad} arguments. */
    public final boolean ceilMode, countIncludePad;
    /** The {@code divisor_override} argument, or null. */
    public final Long divisorOverride;

    /** {@code nn.AvgPool3d(kernel_size)} with a cubic kernel. */
    public AvgPool3d(long kernelSize) { this(new long[] {kernelSize}, null, new long[] {0}, false, true); }

    /** {@code nn.AvgPool3d(kernel_size, stride)}, PyTorch's positional form. */
    public AvgPool3d(long kernelSize, long stride) { this(new long[] {kernelSize}, new long[] {stride}, new long[] {0}, false, true); }

    /** {@code nn.AvgPool3d(kernel_size, stride, padding, ceil_mode, count_include_pad)}; a null stride means the kernel size. */
    public AvgPool3d(long[] kernelSize, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad) {
        this(kernelSize, stride, padding, ceilMode, countIncludePad, null);
    }

    /** {@code nn.AvgPool3d(kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)}; a null divisor override means none. */
    public AvgPool3d(long[] kernelSize, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad, Long divisorOverride) {
        this.divisorOverride = divisorOverride;
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null || stride.length == 0 ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor input) { return Functional.avgPool3d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride); }

    @Override
    public String extraRepr() {
        return "kernel_size=" + MaxPool2d.intOrTuple(kernelSize) + ", stride=" + MaxPool2d.intOrTuple(stride) + ", padding="
                + MaxPool2d.intOrTuple(padding);
    }
}
