package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.MaxUnpool3d(kernel_size, stride=None, padding=0)}: {@code forward(input, indices)} places the values back
 * at {@link MaxPool3d}'s indices (return_indices) in a zero output; {@link #forward(Tensor, Tensor, long[])} takes the
 * output size.
 */
public class MaxUnpool3d extends Module {
    /** The window, stride and padding as (d, h, w). */
    public final long[] kernelSize, stride, padding;

    /** {@code nn.MaxUnpool3d(kernel_size)}: stride the window, no padding. */
    public MaxUnpool3d(long... kernelSize) { this(kernelSize, null, new long[] {0}); }

    /** {@code nn.MaxUnpool3d(kernel_size, stride, padding)}; stride null: the window. */
    public MaxUnpool3d(long[] kernelSize, long[] stride, long[] padding) {
        this.kernelSize = pair(kernelSize);
        this.stride = stride == null ? this.kernelSize.clone() : pair(stride);
        this.padding = pair(padding);
    }

    private static long[] pair(long[] v) { return v.length == 1 ? new long[] {v[0], v[0], v[0]} : v.clone(); }

    @Override
    public Tensor forward(Tensor input, Tensor indices) {
        return Functional.maxUnpool3d(input, indices, kernelSize, stride, padding, null);
    }

    /** {@code forward(input, indices, output_size)}. */
    public Tensor forward(Tensor input, Tensor indices, long[] outputSize) {
        return Functional.maxUnpool3d(input, indices, kernelSize, stride, padding, outputSize);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + Py.tuple(kernelSize) + ", stride=" + Py.tuple(stride) + ", padding=" + Py.tuple(padding);
    }
}
