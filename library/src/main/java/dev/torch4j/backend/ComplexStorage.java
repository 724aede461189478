package dev.torch4j.backend;

import dev.torch4j.DType;

/**
 * The storage of a complex tensor: a real storage of twice as many elements, each complex element its real part
 * followed by its imaginary part (PyTorch's layout). Kernels never see it: the op layer computes on the real view
 * ({@code viewAsReal}), so every complex op runs on any device and records real autograd nodes. The version counter
 * is the real storage's, so that writes through either view are seen by autograd's checks on both.
 */
public final class ComplexStorage extends ViewStorage {
    /** Wraps {@code real} (float32 for complex64, float64 for complex128) as {@code real.numel() / 2} complex elements. */
    public ComplexStorage(Storage real) { super(real.dtype().toComplex(), real.numel() / 2, real); }

    /** The interleaved real storage. */
    public Storage real() { return base(); }

    /** The complex dtype's part type, for allocation: complex64 is stored as float32. */
    public static DType carrier(DType complex) { return complex.toReal(); }
}
