package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)}. */
public class AvgPool2d extends Module {
    /** The size arguments (one int or a pair each); stride defaults to the kernel size. */
    public final long[] kernelSize, stride, padding;
    /** The {@code ceil_mode, count_include_pad} arguments. */
    public final boolean ceilMode, countIncludePad;
    /** The {@code divisor_override} argument, or null. */
    public final Long divisorOverride;

    /** {@code nn.AvgPool2d(kernel_size)} with a square kernel. */
    public AvgPool2d(long kernelSize) { this(new long[] {kernelSize}); }

    /** {@code nn.AvgPool2d(kernel_size, stride)}, PyTorch's positional form (see {@link MaxPool2d#MaxPool2d(long, long)}). */
    public AvgPool2d(long kernelSize, long stride) { this(new long[] {kernelSize}, new long[] {stride}, new long[] {0}, false, true, null); }

    /** {@code nn.AvgPool2d((kh, kw))}. */
    public AvgPool2d(long[] kernelSize) { this(kernelSize, null, new long[] {0}, false, true, null); }

    /** {@code nn.AvgPool2d(kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)}; a null stride means the kernel size. */
    public AvgPool2d(long[] kernelSize, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad, Long divisorOverride) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null || stride.length == 0 ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + MaxPool2d.intOrTuple(kernelSize) + ", stride=" + MaxPool2d.intOrTuple(stride) + ", padding="
                + MaxPool2d.intOrTuple(padding);
    }
}
