package dev.torch4j.backend;

import dev.torch4j.DType;
import dev.torch4j.core.Shapes;

/**
 * What a kernel sees of a tensor: storage, shape, element strides and storage offset. Backends never see the
 * {@code Tensor} handle, only this descriptor.
 */
public record Strided(Storage storage, long[] shape, long[] strides, long offset) {
    public DType dtype() { return storage.dtype(); }

    public int ndim() { return shape.length; }

    public long numel() { return Shapes.numel(shape); }

    public boolean isContiguous() { return Shapes.isContiguous(shape, strides); }

    /** The same storage read with another shape and strides (used for broadcasting: strides 0 on expanded dims). */
    public Strided as(long[] newShape, long[] newStrides) {
        return new Strided(storage, newShape, newStrides, offset);
    }
}
