package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.LPPool2d(norm_type, kernel_size, stride=None, ceil_mode=False)}: power-average pooling. */
public class LPPool2d extends Module {
    /** The {@code norm_type} p. */
    public final double normType;
    /** The window (one size or two) and the stride (null: the window). */
    public final long[] kernelSize, stride;
    /** The {@code ceil_mode} argument. */
    public final boolean ceilMode;

    /** {@code nn.LPPool2d(norm_type, kernel_size)}. */
    public LPPool2d(double normType, long... kernelSize) { this(normType, kernelSize, null, false); }

    /** {@code nn.LPPool2d(norm_type, kernel_size, stride, ceil_mode)}. */
    public LPPool2d(double normType, long[] kernelSize, long[] stride, boolean ceilMode) {
        this.normType = normType;
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null ? null : stride.clone();
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) { return Functional.lpPool2d(x, normType, kernelSize, stride, ceilMode); }

    /** A number as Python shows what was most likely passed: 2 for 2.0, 1.5 for 1.5. */
    static String number(double v) { return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Py.repr(v); }

    @Override
    public String extraRepr() {
        return "norm_type=" + number(normType) + ", kernel_size=" + MaxPool2d.intOrTuple(kernelSize) + ", stride="
                + (stride == null ? "None" : MaxPool2d.intOrTuple(stride)) + ", ceil_mode=" + Py.repr(ceilMode);
    }
}
