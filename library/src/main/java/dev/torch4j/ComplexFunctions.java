package dev.torch4j;

import dev.torch4j.ops.ComplexOps;

/**
 * The complex-number functions of {@code torch}, inherited by {@link Torch} (through {@link ComposedFunctions}).
 */
abstract class ComplexFunctions extends UtilityFunctions {
    ComplexFunctions() {}

    /** {@code torch.is_complex(t)}. */
    public static boolean isComplex(Tensor t) { return t.isComplex(); }

    /** {@code torch.complex(real, imag)}: a complex tensor from float32 (complex64) or float64 (complex128) parts. */
    public static Tensor complex(Tensor real, Tensor imag) { return ComplexOps.complex(real, imag); }

    /** {@code torch.polar(abs, angle)}: {@code abs * (cos(angle) + i sin(angle))}. */
    public static Tensor polar(Tensor abs, Tensor angle) { return ComplexOps.polar(abs, angle); }

    /** {@code torch.view_as_real(z)}: a complex tensor's memory as real (re, im) pairs in a new last dim. */
    public static Tensor viewAsReal(Tensor z) { return ComplexOps.viewAsReal(z); }

    /** {@code torch.view_as_complex(r)}: a float tensor whose last dim (size 2, stride 1) holds (re, im), as complex. */
    public static Tensor viewAsComplex(Tensor r) { return ComplexOps.viewAsComplex(r); }

    /** {@code torch.real(z)}: a view of the real parts. */
    public static Tensor real(Tensor z) { return z.real(); }

    /** {@code torch.imag(z)}: a view of the imaginary parts. */
    public static Tensor imag(Tensor z) { return z.imag(); }

    /** {@code torch.conj(z)}: the complex conjugate (a new tensor; PyTorch's is a lazy view). */
    public static Tensor conj(Tensor z) { return z.conj(); }

    /** {@code torch.conj_physical(z)}. */
    public static Tensor conjPhysical(Tensor z) { return z.conjPhysical(); }

    /** {@code torch.angle(z)}: the argument of each element, in radians. */
    public static Tensor angle(Tensor z) { return z.angle(); }

    /**
     * {@code torch.vdot(a, b)}: the dot product of two 1-D tensors of one dtype with the first conjugated,
     * {@code sum(conj(a) * b)}; for real tensors the same as {@link Tensor#dot}.
     * <a href="https://pytorch.org/docs/stable/generated/torch.vdot.html">PyTorch</a>
     *
     * <pre>{@code
     * Tensor a = complex(tensor(new double[] {1, 2}), tensor(new double[] {1, 0}));  // [1+1j, 2]
     * vdot(a, a);  // 6+0j: |1+1j|^2 + |2|^2
     * }</pre>
     */
    public static Tensor vdot(Tensor a, Tensor b) { return dev.torch4j.ops.ComplexReductions.vdot(a, b); }
}
