package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.LPPool1d(norm_type, kernel_size, stride=None, ceil_mode=False)}: power-average pooling over one dim. */
public class LPPool1d extends Module {
    /** The {@code norm_type} p. */
    public final double normType;
    /** The window. */
    public final long kernelSize;
    /** The stride (null: the window). */
    public final Long stride;
    /** The {@code ceil_mode} argument. */
    public final boolean ceilMode;

    /** {@code nn.LPPool1d(norm_type, kernel_size)}. */
    public LPPool1d(double normType, long kernelSize) { this(normType, kernelSize, null, false); }

    /** {@code nn.LPPool1d(norm_type, kernel_size, stride, ceil_mode)}. */
    public LPPool1d(double normType, long kernelSize, Long stride, boolean ceilMode) {
        this.normType = normType;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) { return Functional.lpPool1d(x, normType, kernelSize, stride, ceilMode); }

    @Override
    public String extraRepr() {
        return "norm_type=" + LPPool2d.number(normType) + ", kernel_size=" + kernelSize + ", stride=" + (stride == null ? "None" : stride)
                + ", ceil_mode=" + Py.repr(ceilMode);
    }
}
