package dev.torch4j.format;

import dev.torch4j.DType;

/**
 * The read-only view of a tensor that {@link TensorFormatter} prints. The formatter reads only the elements it
 * prints: past {@link PrintOptions#threshold()} elements that is just the edge items of each dimension, so
 * printing a huge (or lazily computed, or device-resident) tensor stays cheap.
 */
public interface ElementSource {
    /** The tensor's shape; an empty array for a 0-d tensor. The formatter does not modify it. */
    long[] shape();

    /** The element type. */
    DType dtype();

    /**
     * The element at {@code index} (one entry per dimension) as a double. For every floating dtype this is the
     * exact value (float32, float16 and bfloat16 widen exactly to double, as {@code tensor.tolist()} does);
     * for integer dtypes the value converted to double; for complex dtypes the real part. Called only for floating
     * and complex dtypes.
     */
    double getDouble(long[] index);

    /**
     * The imaginary part of the element at {@code index}, exactly, for complex dtypes ({@link #getDouble} gives the
     * real part). Called only for complex dtypes; sources of real tensors need not implement it.
     */
    default double getImag(long[] index) {
        throw new UnsupportedOperationException("getImag: " + dtype() + " is not a complex dtype");
    }

    /**
     * The element at {@code index} as a long, for integer and bool dtypes: uint8 gives 0..255, bool gives 0 or 1.
     * Called only for integer and bool dtypes.
     */
    long getLong(long[] index);
}
