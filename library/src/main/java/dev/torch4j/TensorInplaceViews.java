package dev.torch4j;

import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.backend.Storage;
import dev.torch4j.core.Shapes;
import dev.torch4j.ops.Views;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The in-place layout ops of {@link Tensor}: {@code t_}, {@code transpose_}, {@code squeeze_}, {@code unsqueeze_},
 * {@code as_strided_} re-lay the tensor over its memory; {@code resize_}, {@code set_} and {@code .data =}
 * ({@link #setData}) re-point it. Inherited by Tensor through {@link TensorAliasForms}.
 *
 * <p>As in PyTorch, the view-like ones bump the version counter, are refused on a leaf that requires grad while
 * grad is on, and on a recorded tensor make their own node ({@code TBackward1}, {@code UnsqueezeBackward1}, ...)
 * the tensor's {@code grad_fn}; a view stays a view of its base.
 */
abstract class TensorInplaceViews extends ComplexMethods {
    TensorInplaceViews() {}

    private Tensor self() { return (Tensor) this; }

    /**
     * Lays this tensor out as {@code view.apply(this)}, recording the change under {@code gradName}. The view is
     * computed (and checked) before anything changes, so an error leaves the tensor as it was.
     */
    private Tensor relayout(String op, String gradName, UnaryOperator<Tensor> view) {
        Tensor self = self();
        Graph.checkInferenceInplace(op, self);
        boolean recording = Graph.isRecording(self);
        if (recording) Graph.checkInplace(op, self); // before the op's own checks, as PyTorch's check_inplace
        Tensor v;
        try (var g = GradMode.noGrad()) {
            v = view.apply(self);
        }
        if (recording) Graph.view(gradName, self, v); // its node takes self as it was
        self.adoptLayout(v.storage(), v.shapeArray(), v.stride(), v.storageOffset());
        self.storage().bumpVersion();
        if (recording) Graph.adoptViewHistory(self, v); // after the bump: this history is current
        return self;
    }

    /** {@code tensor.t_()}: transposes a tensor of at most 2 dims in place. */
    public Tensor t_() {
        return relayout("t_", "TBackward1", t -> {
            if (t.dim() > 2) throw new IllegalArgumentException("t_() expects a tensor with <= 2 dimensions, but self is " + t.dim() + "D");
            return t.t();
        });
    }

    /** {@code tensor.transpose_(dim0, dim1)}: swaps two dims in place. */
    public Tensor transpose_(long dim0, long dim1) {
        int n = self().dim();
        Shapes.wrapDim("transpose_", dim0, n);
        Shapes.wrapDim("transpose_", dim1, n);
        return relayout("transpose_", "TransposeBackward1", t -> t.transpose(dim0, dim1));
    }

    /** {@code tensor.swapdims_(dim0, dim1)}: {@link #transpose_}. */
    public Tensor swapdims_(long dim0, long dim1) { return transpose_(dim0, dim1); }

    /** {@code tensor.swapaxes_(axis0, axis1)}: {@link #transpose_}. */
    public Tensor swapaxes_(long axis0, long axis1) { return transpose_(axis0, axis1); }

    /** {@code tensor.squeeze_()}: removes every dim of size 1, in place. */
    public Tensor squeeze_() { return relayout("squeeze_", "SqueezeBackward3", Tensor::squeeze); }

    /** {@code tensor.squeeze_(dim)}: removes {@code dim} if its size is 1, in place. */
    public Tensor squeeze_(long dim) {
        Shapes.wrapDim("squeeze_", dim, self().dim());
        return relayout("squeeze_", "SqueezeBackward4", t -> t.squeeze(dim));
    }

    /** PyTorch 2's {@code tensor.squeeze_(dims)}: removes those of {@code dims} whose size is 1, in place. */
    public Tensor squeeze_(long... dims) { return relayout("squeeze_", "SqueezeBackward5", t -> t.squeeze(dims)); }

    /** {@code tensor.unsqueeze_(dim)}: inserts a dim of size 1 at {@code dim}, in place. */
    public Tensor unsqueeze_(long dim) {
        Shapes.wrapDim("unsqueeze_", dim, self().dim() + 1);
        return relayout("unsqueeze_", "UnsqueezeBackward1", t -> t.unsqueeze(dim));
    }

    /** {@code tensor.as_strided_(size, stride)}: another layout over the same memory, keeping the storage offset. */
    public Tensor asStrided_(long[] size, long[] stride) { return asStrided_(size, stride, self().storageOffset()); }

    /** {@code tensor.as_strided_(size, stride, storage_offset)}: another layout over the same memory, in place. */
    public Tensor asStrided_(long[] size, long[] stride, long storageOffset) {
        return relayout("as_strided_", "AsStridedBackward1", t -> t.restride(size, stride, storageOffset));
    }

    // ---------------------------------------------------------------- re-pointing

    /**
     * {@code tensor.resize_(*sizes)}: gives the tensor this shape, contiguous from its storage offset; the elements
     * already there keep their values (the same shape keeps the strides too), elements beyond the old memory are
     * zero here (uninitialized in PyTorch). When the memory is too small the tensor moves to a larger one holding a
     * copy of the old; unlike PyTorch, other views of the old memory then no longer alias this tensor. Refused on
     * a tensor that requires grad, as in PyTorch.
     */
    public Tensor resize_(long... sizes) {
        Tensor self = self();
        if (self.requiresGrad()) throw new IllegalStateException("cannot resize variables that require grad");
        for (long s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("resize_: Trying to create tensor with negative dimension " + s + ": "
                        + Arrays.toString(sizes));
            }
        }
        Graph.checkInferenceInplace("resize_", self);
        if (Arrays.equals(sizes, self.shapeArray())) return self;
        Storage storage = self.storage();
        long need = self.storageOffset() + Shapes.numel(sizes);
        if (Shapes.numel(sizes) > 0 && need > storage.numel()) {
            storage = grown(self, need);
            Graph.unlinkBase(self);
        }
        self.adoptLayout(storage, sizes, Shapes.contiguousStrides(sizes), self.storageOffset());
        return self;
    }

    /** {@code tensor.resize_(size)}. */
    public Tensor resize_(Size size) { return resize_(size.toArray()); }

    /** {@code tensor.resize_as_(other)}: {@code resize_(other.size())}. */
    public Tensor resizeAs_(Tensor other) { return resize_(other.shapeArray()); }

    /** Memory of {@code need} elements with this tensor's whole old storage copied to its start. */
    private static Storage grown(Tensor self, long need) {
        Storage old = self.storage();
        try (var g = GradMode.noGrad()) {
            Tensor fresh = Torch.zeros(Torch.shape(need), Torch.dtype(self.dtype()).device(self.device()));
            if (old.numel() > 0) {
                fresh.narrow(0, 0, old.numel()).copy_(Tensor.wrap(old, new long[] {old.numel()}, new long[] {1}, 0));
            }
            return fresh.storage();
        }
    }

    /** {@code tensor.set_()}: makes the tensor empty (shape {@code [0]}) over new memory of no elements. */
    public Tensor set_() {
        Tensor empty = Torch.zeros(Torch.shape(0), Torch.dtype(self().dtype()).device(self().device()));
        return repoint("set_", empty.storage(), new long[] {0}, new long[] {1}, 0);
    }

    /** {@code tensor.set_(source)}: the tensor views {@code source}'s memory with source's layout. */
    public Tensor set_(Tensor source) {
        checkSameKind(source.storage());
        return repoint("set_", source.storage(), source.shapeArray(), source.stride(), source.storageOffset());
    }

    /** {@code tensor.set_(source, storage_offset, size, stride)}: views {@code source}'s memory with this layout. */
    public Tensor set_(Tensor source, long storageOffset, long[] size, long[] stride) {
        return set_(source.storage(), storageOffset, size, stride);
    }

    /** {@code tensor.set_(storage)}: views all of {@code storage} as a 1-D tensor. */
    public Tensor set_(Storage storage) { return set_(storage, 0, new long[] {storage.numel()}, new long[] {1}); }

    /** {@code tensor.set_(storage, storage_offset, size, stride)}: views {@code storage} with this layout. */
    public Tensor set_(Storage storage, long storageOffset, long[] size, long[] stride) {
        checkSameKind(storage);
        Tensor.wrap(storage, new long[0], new long[0], 0).restride(size, stride, storageOffset); // bounds
        return repoint("set_", storage, size, stride, storageOffset);
    }

    private void checkSameKind(Storage source) {
        Tensor self = self();
        if (source.dtype() != self.dtype()) {
            throw new IllegalArgumentException("set_: Could not set tensor of type " + self.dtype().pyName() + " to memory of type "
                    + source.dtype().pyName());
        }
        if (!source.device().equals(self.device())) {
            throw new IllegalArgumentException("set_: expected the memory on " + self.device() + " (self's device), got "
                    + source.device());
        }
    }

    private Tensor repoint(String op, Storage storage, long[] size, long[] stride, long offset) {
        Tensor self = self();
        Graph.checkInferenceInplace(op, self);
        Graph.checkInplace(op, self);
        Graph.recordNotImplemented(op, self);
        self.adoptLayout(storage, size, stride, offset);
        Graph.unlinkBase(self);
        storage.bumpVersion();
        return self;
    }

    /**
     * {@code tensor.data = data}: this tensor (the same object, with its autograd state: a parameter stays the
     * parameter, its {@code requires_grad} kept) now holds {@code data}'s memory, shape, dtype and device. A tensor
     * that requires grad needs floating or complex data, as in PyTorch.
     */
    public void setData(Tensor data) {
        Tensor self = self();
        if (data == null) throw new IllegalArgumentException("setData: data must be a tensor, got null");
        if (self.requiresGrad() && !data.isFloatingPoint() && !data.isComplex()) {
            throw new IllegalArgumentException("data set to a tensor that requires gradients must be floating point or complex dtype"
                    + " (got " + data.dtype().pyName() + ")");
        }
        self.adoptLayout(data.storage(), data.shapeArray(), data.stride(), data.storageOffset());
        Graph.unlinkBase(self);
        if (self.isParameter()) TensorScope.escape(self); // the module owns it, whatever scope data was made in
    }
}
