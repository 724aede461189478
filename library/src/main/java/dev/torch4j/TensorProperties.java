package dev.torch4j;

import dev.torch4j.autograd.AutogradMeta;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.cuda.CudaStorage;

import java.util.Arrays;

/**
 * What a {@link Tensor} is, as PyTorch's introspection methods ask it: its layout ({@code torch.strided}: every
 * Tensor here is dense and strided), {@code data_ptr}, {@code is_set_to}, {@code storage_type}, {@code output_nr},
 * and the layout predicates ({@code is_sparse}, {@code is_meta}, ...), all false for a dense tensor. Inherited by
 * Tensor through {@link TensorAliasForms}.
 */
abstract class TensorProperties extends TensorInplaceViews {
    TensorProperties() {}

    private Tensor self() { return (Tensor) this; }

    /** {@code tensor.layout}: always {@link Layout#STRIDED} (sparse tensors are {@link dev.torch4j.sparse.SparseTensor}). */
    public Layout layout() { return Layout.STRIDED; }

    /** {@code tensor.is_sparse}: false (a dense tensor; sparse ones are {@link dev.torch4j.sparse.SparseTensor}). */
    public boolean isSparse() { return false; }

    /** {@code tensor.is_sparse_csr}: false. */
    public boolean isSparseCsr() { return false; }

    /** {@code tensor.is_meta}: false (torch4j has no meta device: every tensor holds data). */
    public boolean isMeta() { return false; }

    /** {@code tensor.is_nested}: false (no nested tensors here). */
    public boolean isNested() { return false; }

    /** {@code tensor.is_mkldnn}: false (no MKL-DNN layout here). */
    public boolean isMkldnn() { return false; }

    /**
     * {@code tensor.data_ptr()}: for a CUDA tensor, the device address of its first element. A CPU tensor's memory
     * is a Java array, which has no stable address, so this is an address-like identity instead: its storage's
     * memory (unique per storage, {@link Storage#serial()}) in the high 32 bits plus the first element's byte
     * offset. It is stable for the storage's life, equal for tensors that start at the same element of the same
     * memory, and differs by the byte distance between two views of one storage, as PyTorch's does; it is not an
     * address to hand to native code.
     */
    public long dataPtr() {
        Tensor t = self();
        Storage m = t.storage().memory();
        long bytes = t.storageOffset() * t.elementSize();
        if (m instanceof CudaStorage c) return c.address() + bytes;
        return (m.serial() << 32) + bytes;
    }

    /**
     * {@code tensor.is_set_to(other)}: whether both tensors view the same memory with the same dtype, storage offset,
     * sizes and strides (so that every element of one is the same memory as the other's).
     */
    public boolean isSetTo(Tensor other) {
        Tensor t = self();
        return t.storage().memory() == other.storage().memory() && t.dtype() == other.dtype()
                && t.storageOffset() == other.storageOffset() && Arrays.equals(t.shapeArray(), other.shapeArray())
                && Arrays.equals(t.stride(), other.stride());
    }

    /** {@code tensor.storage_type()}: the legacy storage class's name, {@code torch.FloatStorage} or {@code torch.cuda.FloatStorage}. */
    public String storageType() {
        return "torch." + (self().isCuda() ? "cuda." : "") + self().dtype().scalarTypeName() + "Storage";
    }

    /**
     * {@code tensor.output_nr}: which output of its {@code grad_fn} this tensor is (0 for a leaf and for the first or
     * only output).
     */
    public int outputNr() {
        AutogradMeta m = self().autogradMetaOrNull();
        return m == null ? 0 : m.outputNr;
    }
}
