package dev.torch4j;

import dev.torch4j.ops.ComplexOps;

/**
 * The complex-number methods of {@link Tensor} ({@code real}, {@code imag}, {@code viewAsReal}, {@code conj},
 * {@code angle}), inherited by it through {@link TensorMethods}. Complex tensors are computed on their real view;
 * see {@link ComplexOps}.
 */
abstract class ComplexMethods extends QuantizedMethods {
    ComplexMethods() {}

    private Tensor self() { return (Tensor) this; }

    /** {@code tensor.is_complex()}: true for complex64 and complex128. */
    public boolean isComplex() { return self().dtype().isComplex(); }

    /** {@code tensor.real}: a view of the real parts (a real tensor itself). */
    public Tensor real() { return ComplexOps.real(self()); }

    /** {@code tensor.imag}: a view of the imaginary parts; complex tensors only. */
    public Tensor imag() { return ComplexOps.imag(self()); }

    /** {@code torch.view_as_real(tensor)}: the complex tensor as real pairs in a new last dim of size 2, a view. */
    public Tensor viewAsReal() { return ComplexOps.viewAsReal(self()); }

    /**
     * {@code tensor.conj()}: the complex conjugate; a real tensor itself. A new tensor here, where PyTorch returns a
     * lazy view (writes into it do not reach {@code tensor}).
     */
    public Tensor conj() { return ComplexOps.conj(self()); }

    /** {@code tensor.conj_physical()}: the complex conjugate, a new tensor. */
    public Tensor conjPhysical() { return ComplexOps.conj(self()); }

    /** {@code tensor.is_conj()}: always false, as conjugates are computed at once here. */
    public boolean isConj() { return false; }

    /** {@code tensor.resolve_conj()}: the tensor itself (no lazy conjugates here). */
    public Tensor resolveConj() { return self(); }

    /** {@code tensor.is_neg()}: always false (no lazy negation bit here; {@code neg()} computes its result). */
    public boolean isNeg() { return false; }

    /** {@code tensor.resolve_neg()}: the tensor itself (no lazy negation bit here). */
    public Tensor resolveNeg() { return self(); }

    /** {@code tensor.vdot(other)}: {@code sum(conj(tensor) * other)} of two 1-D tensors; see {@link Torch#vdot}. */
    public Tensor vdot(Tensor other) { return dev.torch4j.ops.ComplexReductions.vdot(self(), other); }

    /** {@code tensor.angle()}: the argument of each element in radians ({@code atan2(imag, real)}); real result. */
    public Tensor angle() { return ComplexOps.angle(self()); }
}
