package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;

/**
 * {@code nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)}. Each
 * size argument is one int or a pair; {@link #forwardWithIndices} also gives the argmax indices.
 */
public class MaxPool2d extends Module {
    /** The size arguments (one int or a pair each); stride defaults to the kernel size. */
    public final long[] kernelSize, stride, padding, dilation;
    /** The {@code return_indices, ceil_mode} arguments. */
    public final boolean returnIndices, ceilMode;

    /** {@code nn.MaxPool2d(kernel_size)} with a square kernel. */
    public MaxPool2d(long kernelSize) { this(new long[] {kernelSize}); }

    /**
     * {@code nn.MaxPool2d(kernel_size, stride)}, PyTorch's positional form: a square kernel and stride (a kernel of two
     * sizes is {@code new MaxPool2d(new long[] {kh, kw})}, PyTorch's tuple).
     */
    public MaxPool2d(long kernelSize, long stride) {
        this(new long[] {kernelSize}, new long[] {stride}, new long[] {0}, new long[] {1}, false, false);
    }

    /** {@code nn.MaxPool2d((kh, kw))}. */
    public MaxPool2d(long[] kernelSize) { this(kernelSize, null, new long[] {0}, new long[] {1}, false, false); }

    /** {@code nn.MaxPool2d(kernel_size, stride, padding, dilation, return_indices, ceil_mode)}; a null stride means the kernel size. */
    public MaxPool2d(long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean returnIndices, boolean ceilMode) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null || stride.length == 0 ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.returnIndices = returnIndices;
        this.ceilMode = ceilMode;
    }

    /** The pooled values (use {@link #forwardWithIndices} for the indices too). */
    @Override
    public Tensor forward(Tensor input) { return forwardWithIndices(input).values(); }

    /** The pooled values and their flat {@code h * W + w} indices. */
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Functional.maxPool2dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** A size argument as PyTorch prints it: an int, or a tuple. */
    static String intOrTuple(long[] v) { return v.length == 1 ? Long.toString(v[0]) : Py.tuple(v); }

    @Override
    public String extraRepr() {
        return "kernel_size=" + intOrTuple(kernelSize) + ", stride=" + intOrTuple(stride) + ", padding=" + intOrTuple(padding)
                + ", dilation=" + intOrTuple(dilation) + ", ceil_mode=" + Py.repr(ceilMode);
    }
}
