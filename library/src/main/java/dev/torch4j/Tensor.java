package dev.torch4j;

import java.util.function.UnaryOperator;

import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import dev.torch4j.backend.UnaryOp;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.core.ScalarConversion;
import dev.torch4j.core.Shapes;
import dev.torch4j.ops.Conversions;
import dev.torch4j.autograd.AutogradMeta;
import dev.torch4j.autograd.Node;
import dev.torch4j.autograd.TensorAutograd;
import dev.torch4j.ops.Elementwise;
import dev.torch4j.ops.Gathering;
import dev.torch4j.ops.Indexing;
import dev.torch4j.ops.Joining;
import dev.torch4j.ops.Reductions;
import dev.torch4j.ops.Sorting;
import dev.torch4j.ops.RandomOps;
import dev.torch4j.ops.Linalg;
import dev.torch4j.ops.Clamp;
import dev.torch4j.ops.MaskedFill;
import dev.torch4j.ops.Multinomial;
import dev.torch4j.ops.Views;
import dev.torch4j.ops.Rearrange;

/**
 * A multi-dimensional array on a device, with PyTorch's semantics: a storage shared by views, a layout of shape,
 * element strides and offset, a dtype, and autograd state. Method names are PyTorch's; a trailing underscore marks
 * an in-place op.
 *
 * <pre>{@code
 * Tensor t = tensor(new double[][] {{1, 2}, {3, 4}});
 * t.mul(2).sum().item();   // 20.0
 * }</pre>
 */
public final class Tensor extends TensorMethods {
    /** The element function of {@link #map2_}: three doubles to one. */
    @FunctionalInterface
    public interface DoubleTernaryOperator {
        double applyAsDouble(double a, double b, double c);
    }

    // not final: the in-place layout ops (t_, unsqueeze_, resize_, set_, setData) re-point a tensor; they always
    // assign fresh arrays, never write into these, so a Size or array handed out earlier keeps its value
    private Storage storage;
    private long[] shape;
    private long[] strides;
    private long offset;
    private boolean wrappedNumber;
    private AutogradMeta autograd;
    private boolean parameter; // nn.Parameter: printed as "Parameter containing:", registered by Module fields

    private Tensor(Storage storage, long[] shape, long[] strides, long offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /**
     * Low-level: a tensor over a backend storage with the given layout (no copy, no checks beyond bounds). Used by
     * the op layer and backends; prefer the factories in {@link Torch}.
     */
    public static Tensor wrap(Storage storage, long[] shape, long[] strides, long offset) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("mismatch in length of strides and shape: " + shape.length + " vs " + strides.length);
        }
        return new Tensor(storage, shape, strides, offset);
    }

    /** Internal, for the in-place layout ops ({@link TensorInplaceViews}): this tensor now views {@code storage} so. */
    void adoptLayout(Storage storage, long[] shape, long[] strides, long offset) {
        this.storage = storage;
        this.shape = shape.clone();
        this.strides = strides.clone();
        this.offset = offset;
        this.wrappedNumber = false;
    }

    /** Marks a 0-d tensor made from a Java scalar (lowest priority in type promotion, like a Python number). */
    static Tensor scalar(double v) {
        Tensor t = Torch.full(new long[0], v, TensorOptions.DEFAULT.dtype(DType.FLOAT64));
        t.wrappedNumber = true;
        return t;
    }

    static Tensor scalar(long v) {
        Tensor t = Torch.full(new long[0], v, TensorOptions.DEFAULT.dtype(DType.INT64));
        t.wrappedNumber = true;
        return t;
    }

    static Tensor scalar(boolean v) {
        Tensor t = Torch.full(new long[0], v ? 1 : 0, TensorOptions.DEFAULT.dtype(DType.BOOL));
        t.wrappedNumber = true;
        return t;
    }

    // ---------------------------------------------------------------- layout and metadata

    /** The shape, {@code tensor.shape}. */
    public Size shape() { return Size.of(shape); }

    /** The shape, {@code tensor.size()}. */
    public Size size() { return Size.of(shape); }

    /** The size of one dim; negative dims count from the end. */
    public long size(long dim) {
        if (shape.length == 0) throw new IndexOutOfBoundsException("Dimension specified as " + dim + " but tensor has no dimensions");
        return shape[Shapes.wrapDim(dim, shape.length)];
    }

    /** The shape as a fresh array. */
    public long[] shapeArray() { return shape.clone(); }

    /** Element strides, {@code tensor.stride()}. */
    public long[] stride() { return strides.clone(); }

    /** The stride of one dim. */
    public long stride(long dim) { return strides[Shapes.wrapDim(dim, strides.length)]; }

    /** Offset of the first element in the storage, in elements. */
    public long storageOffset() { return offset; }

    /** Number of dims. */
    public int dim() { return shape.length; }

    /** Number of dims, {@code tensor.ndim}. */
    public int ndim() { return shape.length; }

    /** Number of elements. */
    public long numel() { return Shapes.numel(shape); }

    public DType dtype() { return storage.dtype(); }

    public Device device() { return storage.device(); }

    /** Bytes per element. */
    public int elementSize() { return storage.dtype().itemSize(); }

    public boolean isCuda() { return storage.device().isCuda(); }

    public boolean isFloatingPoint() { return storage.dtype().isFloatingPoint(); }

    /** True when elements are laid out row-major without gaps. */
    public boolean isContiguous() { return Shapes.isContiguous(shape, strides); }

    /** The storage this tensor views. */
    public Storage storage() { return storage; }

    /** The kernel-level descriptor of this tensor. */
    public Strided strided() {
        // kernels take real elements; complex tensors reach them only through viewAsReal (ops.ComplexOps)
        if (storage instanceof dev.torch4j.backend.ComplexStorage) throw dev.torch4j.ops.ComplexOps.unsupported(dtype());
        // quantized tensors reach kernels only through their integer view (ops.Quantized): never computed on by mistake
        if (storage instanceof dev.torch4j.backend.QuantizedStorage) throw dev.torch4j.ops.Quantized.unsupported(dtype());
        return new Strided(storage, shape, strides, offset);
    }

    /** True for a 0-d tensor made from a Java scalar. */
    public boolean isWrappedNumber() { return wrappedNumber; }

    /** The storage's version counter (bumped by every in-place write through any view). */
    public int version() { return storage.version(); }

    // ---------------------------------------------------------------- autograd

    /** Internal: this tensor's autograd state, created on first use. */
    public AutogradMeta autogradMeta() {
        if (autograd == null) autograd = new AutogradMeta();
        return autograd;
    }

    /** Internal: this tensor's autograd state, or null when it never had any. */
    public AutogradMeta autogradMetaOrNull() { return autograd; }

    /** True when autograd records operations on this tensor: a leaf that requires grad, or any result of one. */
    public boolean requiresGrad() {
        // a view of a tensor that requires grad does too, even one made in no_grad mode (as in PyTorch)
        return autograd != null && (autograd.requiresGrad || autograd.gradFn != null || autograd.base != null && autograd.base.requiresGrad());
    }

    /** Sets whether autograd records operations on this leaf; only floating tensors can require grad. */
    public Tensor requiresGrad_(boolean r) {
        TensorAutograd.requiresGrad_(this, r);
        return this;
    }

    /** True for tensors created inside {@code inferenceMode()} ({@code tensor.is_inference()}). */
    public boolean isInference() { return autograd != null && autograd.inference; }

    /** True for tensors not produced by a recorded op (user-created, or results computed without grad). */
    public boolean isLeaf() { return autograd == null || autograd.gradFn == null; }

    /** The accumulated gradient ({@code .grad}), or null. */
    public Tensor grad() { return autograd == null ? null : autograd.grad; }

    /** Sets or clears ({@code null}) the gradient, as assigning {@code .grad} in PyTorch. */
    public void setGrad(Tensor g) { TensorAutograd.setGrad(this, g); }

    /** The node that produced this tensor ({@code .grad_fn}), or null for leaves. */
    public Node gradFn() { return dev.torch4j.autograd.Graph.gradFn(this); }

    /** Makes this non-leaf tensor keep its gradient in {@code .grad} during backward. */
    public Tensor retainGrad() {
        TensorAutograd.retainGrad(this);
        return this;
    }

    /** True when {@code .grad} is kept for this tensor (leaves requiring grad, and tensors after retainGrad()). */
    public boolean retainsGrad() { return autograd != null && (autograd.retainsGrad); }

    /** Computes the gradient of this scalar with respect to the graph's leaves, accumulating into their {@code .grad}. */
    public void backward() { TensorAutograd.backward(this, null, false, false); }

    /** Back-propagates {@code gradient} (the gradient of some scalar with respect to this tensor). */
    public void backward(Tensor gradient) { TensorAutograd.backward(this, gradient, false, false); }

    /** {@code backward(gradient, retain_graph=, create_graph=)}; gradient may be null for a scalar. */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        TensorAutograd.backward(this, gradient, retainGraph, createGraph);
    }

    /**
     * {@code backward(gradient, retain_graph, create_graph, inputs)}: only the {@code .grad} of {@code inputs} (leaves
     * or not) receive the gradient, and only the graph leading to them runs.
     */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph, Tensor... inputs) {
        dev.torch4j.autograd.Autograd.get().backward(new Tensor[] {this}, new Tensor[] {gradient}, retainGraph, createGraph, inputs);
    }

    /** A tensor sharing this one's data, outside the graph. */
    public Tensor detach() { return new Tensor(storage, shape, strides, offset); }

    /** Detaches this tensor from the graph in place, making it a leaf. */
    public Tensor detach_() {
        TensorAutograd.detach_(this);
        return this;
    }

    /**
     * Registers a hook called with this tensor's gradient during backward; a non-null return value replaces the
     * gradient. Close the returned handle to remove it.
     */
    public TensorAutograd.HookHandle registerHook(UnaryOperator<Tensor> hook) { return TensorAutograd.registerHook(this, hook); }

    /**
     * {@code register_post_accumulate_grad_hook(hook)}: on a leaf that requires grad, {@code hook(tensor)} runs each
     * time backward has accumulated into its {@code .grad} (an optimizer step per parameter inside backward, say).
     */
    public TensorAutograd.HookHandle registerPostAccumulateGradHook(java.util.function.Consumer<Tensor> hook) {
        return TensorAutograd.registerPostAccumulateGradHook(this, hook);
    }

    // ---------------------------------------------------------------- nn.Parameter (dev.torch4j.nn)

    /** True for a module parameter ({@code isinstance(t, nn.Parameter)}); made by {@code dev.torch4j.nn.Parameter.of}. */
    public boolean isParameter() { return parameter; }

    /** Internal, for {@code dev.torch4j.nn.Parameter.of}: a new leaf over this tensor's data, flagged as a parameter. */
    public Tensor asParameter(boolean requiresGrad) {
        Tensor p = new Tensor(storage, shape, strides, offset);
        p.parameter = true;
        TensorScope.escape(p); // the module owns it now, whatever scope it was made in
        return p.requiresGrad_(requiresGrad);
    }

    // ---------------------------------------------------------------- copies and conversions

    /** A view with another layout over the same storage ({@code torch.as_strided}). */
    public Tensor asStrided(long[] size, long[] stride, long storageOffset) {
        return dev.torch4j.autograd.Graph.view("AsStridedBackward0", this, restride(size, stride, storageOffset));
    }

    /**
     * Internal: a view with another layout over the same storage, not recorded by autograd (op-layer code records
     * the view op itself, under its own name). Users call {@link #asStrided}.
     */
    public Tensor restride(long[] size, long[] stride, long storageOffset) {
        checkInBounds(size, stride, storageOffset);
        if (storage instanceof dev.torch4j.backend.QuantizedStorage q && q.qscheme().isPerChannel()) {
            throw dev.torch4j.ops.Quantized.perChannelView();
        }
        return new Tensor(storage, size.clone(), stride.clone(), storageOffset);
    }

    private void checkInBounds(long[] size, long[] stride, long off) {
        if (size.length != stride.length) {
            throw new IllegalArgumentException("as_strided: mismatch in length of strides and shape");
        }
        long max = off, min = off;
        for (int i = 0; i < size.length; i++) {
            if (size[i] < 0) throw new IllegalArgumentException("as_strided: negative size " + size[i]);
            if (size[i] == 0) return;
            if (stride[i] < 0) throw new IllegalArgumentException("as_strided: negative strides are not supported");
            max += (size[i] - 1) * stride[i];
        }
        if (min < 0 || max >= storage.numel() && Shapes.numel(size) > 0) {
            throw new IndexOutOfBoundsException("setStorage: sizes " + Shapes.str(size) + ", strides " + Shapes.str(stride)
                    + " and storage offset " + off + " require a storage of " + (max + 1) + " elements but it holds "
                    + storage.numel());
        }
    }

    /** This tensor if contiguous, else a contiguous copy. */
    public Tensor contiguous() { return isContiguous() ? this : clone(); }

    /**
     * {@code contiguous(memory_format=format)}: this tensor if laid out in {@code format}, else a copy that is;
     * {@code CHANNELS_LAST} needs 4 dims, {@code CHANNELS_LAST_3D} 5, and {@code PRESERVE} is refused unless this
     * tensor is contiguous already, as in PyTorch.
     */
    public Tensor contiguous(MemoryFormat format) { return Conversions.contiguous(this, format); }

    /**
     * {@code is_contiguous(memory_format=format)}: whether the strides are {@code format}'s dense strides (size-1 dims
     * may have any stride). A tensor of any other rank is never channels-last contiguous.
     */
    public boolean isContiguous(MemoryFormat format) { return Conversions.isContiguous(this, format); }

    /**
     * A copy that owns new memory, laid out row-major. PyTorch's {@code clone()} defaults to
     * {@code preserve_format}: use {@link #clone(MemoryFormat)} with {@link MemoryFormat#PRESERVE} for its strides.
     */
    @Override
    public Tensor clone() { return Conversions.clone(this); }

    /**
     * {@code clone(memory_format=format)}: a copy in new memory laid out in {@code format}; {@code PRESERVE} keeps
     * this tensor's strides when it is dense and non-overlapping, else its dims' order in memory.
     */
    public Tensor clone(MemoryFormat format) { return Conversions.clone(this, format); }

    /**
     * {@code to(memory_format=format)}: this tensor when {@code format} is {@code PRESERVE} or the layout its strides
     * already suggest (PyTorch's rule: a transposed matrix asked for {@code CONTIGUOUS} comes back as it is), else a
     * copy laid out in {@code format}.
     */
    public Tensor to(MemoryFormat format) { return Conversions.to(this, dtype(), device(), format); }

    /** {@code to(dtype, memory_format=format)}: converted and laid out as {@link #to(MemoryFormat)} says. */
    public Tensor to(DType dtype, MemoryFormat format) { return Conversions.to(this, dtype, device(), format); }

    /** {@code to(device, dtype, memory_format=format)}. */
    public Tensor to(Device device, DType dtype, MemoryFormat format) { return Conversions.to(this, dtype, device, format); }

    /** A copy converted to {@code dtype}, or this tensor when it already has it. */
    public Tensor to(DType dtype) { return Conversions.to(this, dtype, device()); }

    /** A copy on {@code device}, or this tensor when it is already there. */
    public Tensor to(Device device) { return Conversions.to(this, dtype(), device); }

    public Tensor to(Device device, DType dtype) { return Conversions.to(this, dtype, device); }

    /** A copy on the CPU, or this tensor when it is already there. */
    public Tensor cpu() { return to(Device.CPU); }

    /** A copy on the current CUDA device, or this tensor when it is already there; says why when CUDA is absent. */
    public Tensor cuda() { return to(Device.cuda(dev.torch4j.backend.cuda.CudaRuntime.currentIndex())); }

    /** A copy on CUDA device {@code index}, or this tensor when it is already there. */
    public Tensor cuda(int index) { return to(Device.cuda(index)); }

    /**
     * {@code tensor.to_sparse()}: a sparse COO tensor of this tensor's nonzero elements, every dim sparse, coalesced
     * (see {@link dev.torch4j.sparse.Sparse#toSparse(Tensor)}). Like {@link Torch#sparseCooTensor}, an entry point
     * into {@code dev.torch4j.sparse}, which sits on top of the dense layers: no dense op reads a sparse tensor.
     */
    public dev.torch4j.sparse.SparseTensor toSparse() { return dev.torch4j.sparse.Sparse.toSparse(this); }

    /** {@code tensor.to_sparse(sparse_dim)}: the leading {@code sparseDim} dims sparse; see {@link dev.torch4j.sparse.Sparse#toSparse(Tensor, long)}. */
    public dev.torch4j.sparse.SparseTensor toSparse(long sparseDim) { return dev.torch4j.sparse.Sparse.toSparse(this, sparseDim); }

    /** {@code tensor.to_sparse_csr()} of a 2-D tensor; see {@link dev.torch4j.sparse.Sparse#toSparseCsr(Tensor)}. */
    public dev.torch4j.sparse.SparseTensor toSparseCsr() { return dev.torch4j.sparse.Sparse.toSparseCsr(this); }

    /** {@code tensor.to_sparse_csc()} of a 2-D tensor; see {@link dev.torch4j.sparse.Sparse#toSparseCsc(Tensor)}. */
    public dev.torch4j.sparse.SparseTensor toSparseCsc() { return dev.torch4j.sparse.Sparse.toSparseCsc(this); }

    /** {@code tensor.sparse_mask(mask)}: this tensor's elements at {@code mask}'s entries; see {@link dev.torch4j.sparse.Sparse#sparseMask}. */
    public dev.torch4j.sparse.SparseTensor sparseMask(dev.torch4j.sparse.SparseTensor mask) { return dev.torch4j.sparse.Sparse.sparseMask(this, mask); }

    /** Copies {@code src} (broadcast and converted) into this tensor. */
    public Tensor copy_(Tensor src) { return Conversions.copyInto(this, src); }

    /**
     * The value of a one-element tensor as a double, {@code tensor.item()}. A complex tensor's value has two parts:
     * {@link #itemComplex()} reads it.
     */
    public double item() {
        checkOneElement();
        if (isComplex()) {
            throw new IllegalArgumentException("item(): the value of a complex tensor (" + dtype().scalarTypeName()
                    + ") has two parts, which a double cannot hold: call itemComplex()");
        }
        return to(DType.FLOAT64).contiguousArrayCopy(double[].class)[0];
    }

    /** The value of a one-element tensor as a long (exact for int64). */
    public long itemLong() {
        checkOneElement();
        if (dtype().isFloatingPoint()) return (long) item();
        return to(DType.INT64).contiguousArrayCopy(long[].class)[0];
    }

    /** The value of a one-element tensor as a boolean (nonzero is true). */
    public boolean itemBool() {
        checkOneElement();
        return to(DType.BOOL).contiguousArrayCopy(byte[].class)[0] != 0;
    }

    private void checkOneElement() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item(): a Tensor with " + numel() + " elements cannot be converted to Scalar (shape "
                    + Shapes.str(shape) + ")");
        }
    }

    /** The elements in row-major order, converted to float. Always a copy. */
    public float[] toFloatArray() { return to(DType.FLOAT32).contiguousArrayCopy(float[].class); }

    /** The elements in row-major order, converted to double. Always a copy. */
    public double[] toDoubleArray() { return to(DType.FLOAT64).contiguousArrayCopy(double[].class); }

    /** The elements in row-major order, converted to long. Always a copy. */
    public long[] toLongArray() { return to(DType.INT64).contiguousArrayCopy(long[].class); }

    /** The elements in row-major order, converted to int. Always a copy. */
    public int[] toIntArray() { return to(DType.INT32).contiguousArrayCopy(int[].class); }

    /** The elements in row-major order as booleans (nonzero is true). Always a copy. */
    public boolean[] toBooleanArray() {
        byte[] b = to(DType.BOOL).contiguousArrayCopy(byte[].class);
        boolean[] r = new boolean[b.length];
        for (int i = 0; i < b.length; i++) r[i] = b[i] != 0;
        return r;
    }

    private <A> A contiguousArrayCopy(Class<A> type) {
        Tensor c = cpu();
        Tensor packed = Conversions.clone(c);
        return type.cast(((CpuStorage) packed.storage).array());
    }

    // ---------------------------------------------------------------- views

    /** A view with a new shape (one dim may be -1); fails when the layout does not allow it. */
    public Tensor view(long... shape) { return Views.view(this, shape); }

    /** A view when possible, else a copy, with the new shape. */
    public Tensor reshape(long... shape) { return Views.reshape(this, shape); }

    /** A view or copy with this shape of {@code other}. */
    public Tensor viewAs(Tensor other) { return view(other.shape); }

    public Tensor reshapeAs(Tensor other) { return reshape(other.shape); }

    /** Flattens all dims into one. */
    public Tensor flatten() { return Views.flatten(this, 0, -1); }

    public Tensor flatten(long startDim) { return Views.flatten(this, startDim, -1); }

    public Tensor flatten(long startDim, long endDim) { return Views.flatten(this, startDim, endDim); }

    public Tensor permute(long... dims) { return Views.permute(this, dims); }

    public Tensor transpose(long dim0, long dim1) { return Views.transpose(this, dim0, dim1); }

    /** Transpose of a tensor of at most 2 dims. */
    public Tensor t() { return Views.t(this); }

    /** Transpose of the last two dims ({@code tensor.mT}); a 0-d tensor is its own. */
    public Tensor mT() { return adjointOf(true, "mT"); }

    /** {@code tensor.mH}: the conjugate transpose of the last two dims (the transpose of a real tensor). */
    public Tensor mH() { return adjointOf(false, "mH"); }

    /** {@code tensor.adjoint()}: {@link #mH()}. */
    public Tensor adjoint() { return adjointOf(false, "adjoint()"); }

    /** {@code tensor.H}: the conjugate transpose of a matrix (2-d only; {@link #mH()} for batches). */
    public Tensor H() {
        if (dim() != 2 && dim() != 0) {
            throw new IllegalArgumentException("tensor.H is only supported on matrices (2-D tensors). Got " + dim() + "-D tensor."
                    + (dim() > 2 ? " For batches of matrices, consider using tensor.mH" : ""));
        }
        return adjointOf(false, "H");
    }

    private Tensor adjointOf(boolean transposeOnly, String name) {
        if (dim() == 1) {
            throw new IllegalArgumentException("tensor." + name + " is only supported on matrices or batches of matrices. Got 1-D tensor.");
        }
        Tensor r = dim() == 0 ? this : transpose(-2, -1);
        return transposeOnly || !isComplex() ? r : r.conj();
    }

    /**
     * {@code tensor.T}: the dims in reverse order (the transpose of a matrix; a 0-d or 1-d tensor as it is). PyTorch
     * 2 deprecates it for other than 2 dims; {@link #mT()} or {@link #permute} say what is meant there.
     */
    public Tensor T() {
        long[] dims = new long[dim()];
        for (int i = 0; i < dims.length; i++) dims[i] = dims.length - 1 - i;
        return permute(dims);
    }

    /** Removes all dims of size 1. */
    public Tensor squeeze() { return Views.squeeze(this); }

    /** Removes {@code dim} if its size is 1. */
    public Tensor squeeze(long dim) { return Views.squeeze(this, dim); }

    /** PyTorch 2's {@code tensor.squeeze(dims)}: removes those of {@code dims} whose size is 1. */
    public Tensor squeeze(long... dims) { return Views.squeeze(this, dims); }

    public Tensor unsqueeze(long dim) { return Views.unsqueeze(this, dim); }

    /** A broadcast view; -1 keeps a dim's size. */
    public Tensor expand(long... sizes) { return Views.expand(this, sizes); }

    public Tensor expandAs(Tensor other) { return expand(other.shape); }

    public Tensor narrow(long dim, long start, long length) { return Views.narrow(this, dim, start, length); }

    /** The slice at {@code index} along {@code dim}, with that dim removed. */
    public Tensor select(long dim, long index) { return Views.select(this, dim, index); }

    /** The slices along {@code dim}. */
    public Tensor[] unbind(long dim) { return Views.unbind(this, dim); }

    public Tensor[] unbind() { return unbind(0); }

    public Tensor diagonal(long offset, long dim1, long dim2) { return Views.diagonal(this, offset, dim1, dim2); }

    public Tensor diagonal() { return diagonal(0, 0, 1); }

    /** {@code tensor.repeat_interleave(repeats)}: every element repeated, over the flattened tensor. */
    public Tensor repeatInterleave(long repeats) { return dev.torch4j.ops.Assembly.repeatInterleave(this, Tensor.scalar(repeats), null); }

    /** {@code tensor.repeat_interleave(repeats, dim)}. */
    public Tensor repeatInterleave(long repeats, long dim) { return dev.torch4j.ops.Assembly.repeatInterleave(this, Tensor.scalar(repeats), dim); }

    /** {@code tensor.repeat_interleave(repeats, dim)} with a count per slice along {@code dim}. */
    public Tensor repeatInterleave(Tensor repeats, long dim) { return dev.torch4j.ops.Assembly.repeatInterleave(this, repeats, dim); }

    /** {@code tensor.diag()}: see {@link Torch#diag(Tensor)}. */
    public Tensor diag() { return dev.torch4j.ops.Assembly.diag(this, 0); }

    /** {@code tensor.diag(diagonal)}. */
    public Tensor diag(long diagonal) { return dev.torch4j.ops.Assembly.diag(this, diagonal); }

    /** {@code tensor.trace()}: the sum of a matrix's diagonal. */
    public Tensor trace() { return dev.torch4j.ops.Assembly.trace(this); }

    /** {@code torch.det}: the determinant of each matrix (last two dims); see {@link Linalg#det}. */
    public Tensor det() { return dev.torch4j.ops.LinalgFunctions.det(this); }

    /** {@code torch.logdet}: {@code log(det)}, NaN where the determinant is negative. */
    public Tensor logdet() { return dev.torch4j.ops.LinalgComposites.logdet(this); }

    /** {@code torch.inverse}: the inverse of each matrix; see {@link Linalg#inv}. */
    public Tensor inverse() { return dev.torch4j.ops.LinalgFunctions.inv(this); }

    /** {@code torch.pinverse}: the pseudo-inverse of each matrix; see {@link Linalg#pinv}. */
    public Tensor pinverse() { return dev.torch4j.ops.LinalgFunctions.pinv(this, null, null, false); }

    /** {@code torch.matrix_power}: each matrix to the n-th power (n &lt; 0: of its inverse). */
    public Tensor matrixPower(long n) { return dev.torch4j.ops.LinalgComposites.matrixPower(this, n); }

    /** {@code torch.matrix_exp}: the exponential of each matrix; see {@link Linalg#matrixExp}. */
    public Tensor matrixExp() { return dev.torch4j.ops.LinalgComposites.matrixExp(this); }

    /** {@code torch.cholesky_solve(self, L)}: {@code A^-1 self} for {@code A = L L^T}. */
    public Tensor choleskySolve(Tensor L) { return dev.torch4j.ops.LinalgComposites.choleskySolve(this, L, false); }

    /** {@code torch.cholesky_inverse(self)}: {@code (L L^T)^-1} for this lower factor L. */
    public Tensor choleskyInverse() { return dev.torch4j.ops.LinalgComposites.choleskyInverse(this, false); }

    /** {@code tensor.unique()}: the distinct elements in ascending order. */
    public Tensor unique() { return dev.torch4j.ops.Counting.unique(this, false, false)[0]; }

    /** {@code tensor.tril()}: the lower triangle of the last two dims (the rest zero). */
    public Tensor tril() { return Rearrange.tril(this, 0); }

    /** {@code tensor.tril(diagonal)}: elements on and below the {@code diagonal}-th diagonal (above the main one if positive). */
    public Tensor tril(long diagonal) { return Rearrange.tril(this, diagonal); }

    /** {@code tensor.triu()}: the upper triangle of the last two dims (the rest zero). */
    public Tensor triu() { return Rearrange.triu(this, 0); }

    /** {@code tensor.triu(diagonal)}: elements on and above the {@code diagonal}-th diagonal. */
    public Tensor triu(long diagonal) { return Rearrange.triu(this, diagonal); }

    /** {@code tensor.flip(dims)}: a copy with the order reversed along each of {@code dims}. */
    public Tensor flip(long... dims) { return Rearrange.flip(this, dims); }

    /** {@code tensor.roll(shifts)}: the flattened elements shifted by {@code shifts} (wrapping around), shape kept. */
    public Tensor roll(long shifts) { return Rearrange.roll(this, new long[] {shifts}, new long[0]); }

    /** {@code tensor.roll(shifts, dims)}: elements shifted along {@code dim}, wrapping around. */
    public Tensor roll(long shifts, long dim) { return Rearrange.roll(this, new long[] {shifts}, new long[] {dim}); }

    /** {@code tensor.roll(shifts, dims)} with a shift per dim. */
    public Tensor roll(long[] shifts, long[] dims) { return Rearrange.roll(this, shifts, dims); }

    // ---------------------------------------------------------------- unary math

    private Tensor u(UnaryOp op) { return Elementwise.unary(op, this, null); }

    private Tensor u_(UnaryOp op) { return Elementwise.unary(op, this, this); }

    public Tensor neg() { return u(UnaryOp.NEG); }
    public Tensor neg_() { return u_(UnaryOp.NEG); }
    public Tensor abs() { return u(UnaryOp.ABS); }
    public Tensor abs_() { return u_(UnaryOp.ABS); }
    public Tensor exp() { return u(UnaryOp.EXP); }
    public Tensor exp_() { return u_(UnaryOp.EXP); }
    public Tensor log() { return u(UnaryOp.LOG); }
    public Tensor log_() { return u_(UnaryOp.LOG); }
    public Tensor log1p() { return u(UnaryOp.LOG1P); }
    public Tensor log1p_() { return u_(UnaryOp.LOG1P); }
    public Tensor expm1() { return u(UnaryOp.EXPM1); }
    public Tensor expm1_() { return u_(UnaryOp.EXPM1); }
    public Tensor sqrt() { return u(UnaryOp.SQRT); }
    public Tensor sqrt_() { return u_(UnaryOp.SQRT); }
    public Tensor rsqrt() { return u(UnaryOp.RSQRT); }
    public Tensor rsqrt_() { return u_(UnaryOp.RSQRT); }
    public Tensor sin() { return u(UnaryOp.SIN); }
    public Tensor sin_() { return u_(UnaryOp.SIN); }
    public Tensor cos() { return u(UnaryOp.COS); }
    public Tensor cos_() { return u_(UnaryOp.COS); }
    public Tensor tan() { return u(UnaryOp.TAN); }
    public Tensor tan_() { return u_(UnaryOp.TAN); }
    public Tensor tanh() { return u(UnaryOp.TANH); }
    public Tensor tanh_() { return u_(UnaryOp.TANH); }
    public Tensor sigmoid() { return u(UnaryOp.SIGMOID); }
    public Tensor sigmoid_() { return u_(UnaryOp.SIGMOID); }
    public Tensor relu() { return u(UnaryOp.RELU); }
    public Tensor relu_() { return u_(UnaryOp.RELU); }
    /** Exact GELU (PyTorch's default {@code approximate='none'}). */
    public Tensor gelu() { return u(UnaryOp.GELU); }
    /** GELU with {@code approximate} "none" or "tanh". */
    public Tensor gelu(String approximate) {
        return switch (approximate) {
            case "none" -> u(UnaryOp.GELU);
            case "tanh" -> u(UnaryOp.GELU_TANH);
            default -> throw new IllegalArgumentException("gelu: approximate must be 'none' or 'tanh', got '" + approximate + "'");
        };
    }
    public Tensor silu() { return u(UnaryOp.SILU); }
    public Tensor silu_() { return u_(UnaryOp.SILU); }
    public Tensor erf() { return u(UnaryOp.ERF); }
    public Tensor erf_() { return u_(UnaryOp.ERF); }
    public Tensor floor() { return u(UnaryOp.FLOOR); }
    public Tensor floor_() { return u_(UnaryOp.FLOOR); }
    public Tensor ceil() { return u(UnaryOp.CEIL); }
    public Tensor ceil_() { return u_(UnaryOp.CEIL); }
    /** Rounds half to even, as {@code torch.round}. */
    public Tensor round() { return u(UnaryOp.ROUND); }
    public Tensor round_() { return u_(UnaryOp.ROUND); }
    public Tensor trunc() { return u(UnaryOp.TRUNC); }
    public Tensor trunc_() { return u_(UnaryOp.TRUNC); }
    public Tensor sign() { return u(UnaryOp.SIGN); }
    public Tensor sign_() { return u_(UnaryOp.SIGN); }
    public Tensor reciprocal() { return u(UnaryOp.RECIPROCAL); }
    public Tensor reciprocal_() { return u_(UnaryOp.RECIPROCAL); }
    public Tensor square() { return u(UnaryOp.SQUARE); }
    public Tensor square_() { return u_(UnaryOp.SQUARE); }
    public Tensor isnan() { return u(UnaryOp.ISNAN); }
    public Tensor isinf() { return u(UnaryOp.ISINF); }
    public Tensor isfinite() { return u(UnaryOp.ISFINITE); }
    public Tensor logicalNot() { return u(UnaryOp.LOGICAL_NOT); }
    public Tensor logicalNot_() { return u_(UnaryOp.LOGICAL_NOT); }

    // ---------------------------------------------------------------- binary math

    private Tensor b(BinaryOp op, Tensor o) { return Elementwise.binary(op, this, o, null); }

    private Tensor b_(BinaryOp op, Tensor o) { return Elementwise.binary(op, this, o, this); }

    public Tensor add(Tensor o) { return b(BinaryOp.ADD, o); }
    /** {@code self + alpha * other}. */
    public Tensor add(Tensor o, double alpha) { return alpha == 1 ? add(o) : add(scaled("add", o, alpha)); }
    public Tensor add(double o) { return b(BinaryOp.ADD, scalar(o)); }
    public Tensor add(long o) { return b(BinaryOp.ADD, scalar(o)); }
    public Tensor add_(Tensor o) { return b_(BinaryOp.ADD, o); }
    public Tensor add_(Tensor o, double alpha) { return alpha == 1 ? add_(o) : add_(scaled("add_", o, alpha)); }
    public Tensor add_(double o) { return b_(BinaryOp.ADD, scalar(o)); }
    public Tensor add_(long o) { return b_(BinaryOp.ADD, scalar(o)); }
    public Tensor sub(Tensor o) { return b(BinaryOp.SUB, o); }
    /** {@code self - alpha * other}. */
    public Tensor sub(Tensor o, double alpha) { return alpha == 1 ? sub(o) : sub(scaled("sub", o, alpha)); }

    /**
     * {@code alpha * o} in the dtype of {@code self op o} (so the product neither widens nor narrows the result), with
     * PyTorch's alpha checks. A whole-valued alpha counts as an integer for integral results (Java has one overload).
     */
    Tensor scaled(String op, Tensor o, double alpha) {
        DType r = Elementwise.resultType(this, o);
        if (r == DType.BOOL) throw new IllegalArgumentException(op + ": Boolean alpha only supported for Boolean results.");
        if (r.isFloatingPoint()) return o.to(r).mul(alpha);
        if (alpha != Math.rint(alpha)) {
            throw new IllegalArgumentException(op + ": For integral input tensors, argument alpha must not be a floating point number.");
        }
        return o.to(r).mul((long) alpha);
    }
    public Tensor sub(double o) { return b(BinaryOp.SUB, scalar(o)); }
    public Tensor sub(long o) { return b(BinaryOp.SUB, scalar(o)); }
    public Tensor sub_(Tensor o) { return b_(BinaryOp.SUB, o); }
    public Tensor sub_(double o) { return b_(BinaryOp.SUB, scalar(o)); }
    public Tensor sub_(long o) { return b_(BinaryOp.SUB, scalar(o)); }
    public Tensor mul(Tensor o) { return b(BinaryOp.MUL, o); }
    public Tensor mul(double o) { return b(BinaryOp.MUL, scalar(o)); }
    public Tensor mul(long o) { return b(BinaryOp.MUL, scalar(o)); }
    public Tensor mul_(Tensor o) { return b_(BinaryOp.MUL, o); }
    public Tensor mul_(double o) { return b_(BinaryOp.MUL, scalar(o)); }
    public Tensor mul_(long o) { return b_(BinaryOp.MUL, scalar(o)); }
    /** True division: integer inputs give a floating result, as in PyTorch. */
    public Tensor div(Tensor o) { return b(BinaryOp.DIV, o); }
    public Tensor div(double o) { return b(BinaryOp.DIV, scalar(o)); }
    public Tensor div(long o) { return b(BinaryOp.DIV, scalar(o)); }
    public Tensor div_(Tensor o) { return b_(BinaryOp.DIV, o); }
    public Tensor div_(double o) { return b_(BinaryOp.DIV, scalar(o)); }
    public Tensor div_(long o) { return b_(BinaryOp.DIV, scalar(o)); }
    /** Division with {@code roundingMode} null (true division), "trunc" or "floor". */
    public Tensor div(Tensor o, String roundingMode) { return Elementwise.div(this, o, roundingMode); }
    public Tensor floorDivide(Tensor o) { return b(BinaryOp.FLOOR_DIVIDE, o); }
    public Tensor floorDivide(double o) { return b(BinaryOp.FLOOR_DIVIDE, scalar(o)); }
    public Tensor floorDivide(long o) { return b(BinaryOp.FLOOR_DIVIDE, scalar(o)); }
    public Tensor pow(Tensor o) { return b(BinaryOp.POW, o); }
    public Tensor pow(double o) { return b(BinaryOp.POW, scalar(o)); }
    public Tensor pow(long o) { return b(BinaryOp.POW, intExponent("pow", o)); }
    public Tensor pow_(Tensor o) { return b_(BinaryOp.POW, o); }
    public Tensor pow_(double o) { return b_(BinaryOp.POW, scalar(o)); }
    public Tensor pow_(long o) { return b_(BinaryOp.POW, intExponent("pow_", o)); }

    /** PyTorch refuses a negative integer scalar exponent for an integral base (a tensor exponent gives 0 instead). */
    Tensor intExponent(String op, long e) {
        if (e < 0 && !dtype().isFloatingPoint() && !dtype().isComplex()) {
            throw new ArithmeticException(op + ": Integers to negative integer powers are not allowed. (base " + dtype()
                    + ", exponent " + e + ")");
        }
        return scalar(e);
    }
    public Tensor maximum(Tensor o) { return b(BinaryOp.MAXIMUM, o); }
    public Tensor minimum(Tensor o) { return b(BinaryOp.MINIMUM, o); }
    /** Python-style modulo: the result has the sign of the divisor. */
    public Tensor remainder(Tensor o) { return b(BinaryOp.REMAINDER, o); }
    public Tensor remainder(double o) { return b(BinaryOp.REMAINDER, scalar(o)); }
    public Tensor remainder(long o) { return b(BinaryOp.REMAINDER, scalar(o)); }
    public Tensor remainder_(Tensor o) { return b_(BinaryOp.REMAINDER, o); }
    public Tensor atan2(Tensor o) { return b(BinaryOp.ATAN2, o); }
    public Tensor atan2_(Tensor o) { return b_(BinaryOp.ATAN2, o); }

    // ---------------------------------------------------------------- comparisons and logic (bool results)

    public Tensor eq(Tensor o) { return b(BinaryOp.EQ, o); }
    public Tensor eq(double o) { return b(BinaryOp.EQ, scalar(o)); }
    public Tensor eq(long o) { return b(BinaryOp.EQ, scalar(o)); }
    public Tensor ne(Tensor o) { return b(BinaryOp.NE, o); }
    public Tensor ne(double o) { return b(BinaryOp.NE, scalar(o)); }
    public Tensor ne(long o) { return b(BinaryOp.NE, scalar(o)); }
    public Tensor lt(Tensor o) { return b(BinaryOp.LT, o); }
    public Tensor lt(double o) { return b(BinaryOp.LT, scalar(o)); }
    public Tensor lt(long o) { return b(BinaryOp.LT, scalar(o)); }
    public Tensor le(Tensor o) { return b(BinaryOp.LE, o); }
    public Tensor le(double o) { return b(BinaryOp.LE, scalar(o)); }
    public Tensor le(long o) { return b(BinaryOp.LE, scalar(o)); }
    public Tensor gt(Tensor o) { return b(BinaryOp.GT, o); }
    public Tensor gt(double o) { return b(BinaryOp.GT, scalar(o)); }
    public Tensor gt(long o) { return b(BinaryOp.GT, scalar(o)); }
    public Tensor ge(Tensor o) { return b(BinaryOp.GE, o); }
    public Tensor ge(double o) { return b(BinaryOp.GE, scalar(o)); }
    public Tensor ge(long o) { return b(BinaryOp.GE, scalar(o)); }
    public Tensor logicalAnd(Tensor o) { return b(BinaryOp.LOGICAL_AND, o); }
    public Tensor logicalOr(Tensor o) { return b(BinaryOp.LOGICAL_OR, o); }
    public Tensor logicalXor(Tensor o) { return b(BinaryOp.LOGICAL_XOR, o); }

    /** True when both have the same shape and equal elements ({@code torch.equal}). */
    public boolean equal(Tensor o) {
        if (!java.util.Arrays.equals(shape, o.shape)) return false;
        for (boolean differs : ne(o).toBooleanArray()) if (differs) return false;
        return true;
    }

    /** {@code tensor.isclose(other)}: {@code |self - other| <= 1e-8 + 1e-5 * |other|} elementwise, a bool tensor. */
    public Tensor isclose(Tensor other) { return Rearrange.isclose(this, other, 1e-5, 1e-8, false); }

    /** {@code tensor.isclose(other, rtol, atol, equal_nan)}. */
    public Tensor isclose(Tensor other, double rtol, double atol, boolean equalNan) { return Rearrange.isclose(this, other, rtol, atol, equalNan); }

    /** {@code tensor.allclose(other)}: whether every element {@link #isclose(Tensor) is close} (shapes broadcast). */
    public boolean allclose(Tensor other) { return allclose(other, 1e-5, 1e-8, false); }

    /** {@code allclose(other, rtol, atol)}: NaNs unequal. */
    public boolean allclose(Tensor other, double rtol, double atol) { return allclose(other, rtol, atol, false); }

    /** {@code tensor.allclose(other, rtol, atol, equal_nan)}. */
    public boolean allclose(Tensor other, double rtol, double atol, boolean equalNan) {
        return Rearrange.isclose(this, other, rtol, atol, equalNan).all().itemBool();
    }

    /** {@code torch.where(cond, self, other)}: elements of self where cond, else of other. */
    public Tensor where(Tensor cond, Tensor other) { return Elementwise.where(cond, this, other); }

    public Tensor where(Tensor cond, double other) { return Elementwise.where(cond, this, scalar(other)); }

    /** {@code tensor.where(cond, other)} with a Python int: an integer tensor stays integer. */
    public Tensor where(Tensor cond, long other) { return Elementwise.where(cond, this, scalar(other)); }

    /** Clamps into {@code [min, max]} ({@code torch.clamp}); either bound may be null. */
    public Tensor clamp(Double min, Double max) { return Clamp.clamp(this, min, max); }

    public Tensor clamp(double min, double max) { return Clamp.clamp(this, Double.valueOf(min), Double.valueOf(max)); }

    /**
     * {@code clamp(min, max)} with Python ints: an integer tensor stays integer (a double bound would promote it to
     * float, as a Python float does); a floating tensor is clamped as with double bounds.
     */
    public Tensor clamp(long min, long max) {
        return isFloatingPoint() || isComplex() ? clamp((double) min, (double) max) : Clamp.clamp(this, scalar(min), scalar(max));
    }

    /** {@code torch.clamp_min}: elements below {@code min} raised to it. */
    public Tensor clampMin(double min) { return Clamp.clampMin(this, min); }

    /** {@code torch.clamp_min} with a Python int: an integer tensor stays integer. */
    public Tensor clampMin(long min) { return isFloatingPoint() || isComplex() ? clampMin((double) min) : Clamp.clamp(this, scalar(min), null); }

    /** {@code torch.clamp_max}: elements above {@code max} lowered to it. */
    public Tensor clampMax(double max) { return Clamp.clampMax(this, max); }

    /** {@code torch.clamp_max} with a Python int: an integer tensor stays integer. */
    public Tensor clampMax(long max) { return isFloatingPoint() || isComplex() ? clampMax((double) max) : Clamp.clamp(this, null, scalar(max)); }

    /** Clamps with tensor bounds (either may be null), broadcasting. */
    public Tensor clamp(Tensor min, Tensor max) { return Clamp.clamp(this, min, max); }

    /** Clamps into {@code [min, max]} in place. */
    public Tensor clamp_(double min, double max) { return Clamp.clamp_(this, min, max); }

    /** Elements where {@code mask} is true replaced by {@code value}. */
    public Tensor maskedFill(Tensor mask, double value) { return MaskedFill.maskedFill(this, mask, value); }

    /** Elements where {@code mask} is true replaced by the 0-d tensor {@code value}. */
    public Tensor maskedFill(Tensor mask, Tensor value) { return MaskedFill.maskedFill(this, mask, value); }

    /** {@link #maskedFill(Tensor, double)} in place; mask must broadcast to this tensor's shape. */
    public Tensor maskedFill_(Tensor mask, double value) { return MaskedFill.maskedFill_(this, mask, value); }

    /** Fills with {@code value} in place. */
    public Tensor fill_(double value) {
        return Conversions.fill(this, value);
    }

    /** Fills with zeros in place. */
    public Tensor zero_() { return Conversions.zero(this); }

    // ---------------------------------------------------------------- random fills (ops.RandomOps)

    /** Fills with uniform samples from [from, to) in place. */
    public Tensor uniform_(double from, double to) { return RandomOps.uniform_(this, from, to, null); }

    public Tensor uniform_(double from, double to, Generator generator) { return RandomOps.uniform_(this, from, to, generator); }

    /** Fills with normal samples in place. */
    public Tensor normal_(double mean, double std) { return RandomOps.normal_(this, mean, std, null); }

    public Tensor normal_(double mean, double std, Generator generator) { return RandomOps.normal_(this, mean, std, generator); }

    /** Fills with integers uniformly drawn from [from, to) in place. */
    public Tensor random_(long from, long to) { return RandomOps.random_(this, from, to, null); }

    public Tensor random_(long from, long to, Generator generator) { return RandomOps.random_(this, from, to, generator); }

    /** Fills with 1 with probability p, else 0, in place. */
    public Tensor bernoulli_(double p) { return RandomOps.bernoulli_(this, p, null); }

    public Tensor bernoulli_(double p, Generator generator) { return RandomOps.bernoulli_(this, p, generator); }

    /**
     * {@code Tensor.exponential_(lambd=1)}: fills with samples of the exponential distribution of rate 1 in place;
     * on the CPU, PyTorch 2.x's values after the same seed.
     */
    public Tensor exponential_() { return RandomOps.exponential_(this, 1, null); }

    /** Fills with samples of the exponential distribution of rate {@code lambd} (> 0) in place. */
    public Tensor exponential_(double lambd) { return RandomOps.exponential_(this, lambd, null); }

    public Tensor exponential_(double lambd, Generator generator) { return RandomOps.exponential_(this, lambd, generator); }

    /** {@code Tensor.cauchy_(median=0, sigma=1)}: fills with Cauchy samples in place (PyTorch's values on the CPU). */
    public Tensor cauchy_() { return RandomOps.cauchy_(this, 0, 1, null); }

    /** {@code Tensor.cauchy_(median, sigma)}. */
    public Tensor cauchy_(double median, double sigma) { return RandomOps.cauchy_(this, median, sigma, null); }

    /** {@code Tensor.cauchy_(median, sigma, generator=g)}. */
    public Tensor cauchy_(double median, double sigma, Generator generator) { return RandomOps.cauchy_(this, median, sigma, generator); }

    /** {@code Tensor.log_normal_(mean=1, std=2)}: fills with {@code exp(N(mean, std))} samples in place. */
    public Tensor logNormal_() { return RandomOps.logNormal_(this, 1, 2, null); }

    /** {@code Tensor.log_normal_(mean, std)}. */
    public Tensor logNormal_(double mean, double std) { return RandomOps.logNormal_(this, mean, std, null); }

    /** {@code Tensor.log_normal_(mean, std, generator=g)}. */
    public Tensor logNormal_(double mean, double std, Generator generator) { return RandomOps.logNormal_(this, mean, std, generator); }

    /** {@code Tensor.geometric_(p)}: fills with the trial counts of a geometric distribution (integer tensors too). */
    public Tensor geometric_(double p) { return RandomOps.geometric_(this, p, null); }

    /** {@code Tensor.geometric_(p, generator=g)}. */
    public Tensor geometric_(double p, Generator generator) { return RandomOps.geometric_(this, p, generator); }

    /**
     * {@code Tensor.multinomial(num_samples, replacement=False)}: {@code numSamples} category indices per row of
     * these (1-D or 2-D, non-negative, unnormalized) weights, without replacement; int64. See
     * {@link Torch#multinomial(Tensor, long, boolean, Generator)}.
     */
    public Tensor multinomial(long numSamples) { return Multinomial.multinomial(this, numSamples, false, null); }

    /** {@link #multinomial(long)}, with or without replacement. */
    public Tensor multinomial(long numSamples, boolean replacement) {
        return Multinomial.multinomial(this, numSamples, replacement, null);
    }

    public Tensor multinomial(long numSamples, boolean replacement, Generator generator) {
        return Multinomial.multinomial(this, numSamples, replacement, generator);
    }

    // ---------------------------------------------------------------- reductions, scans, softmax (ops.Reductions)

    /** Sum of all elements ({@code torch.sum}); bool and integer tensors sum to int64. */
    public Tensor sum() { return Reductions.sum(this, null, false, null); }
    /** Sum of all elements, with the input cast to {@code dtype} first. */
    public Tensor sum(DType dtype) { return Reductions.sum(this, null, false, dtype); }
    /** Sum over one dim, which is removed. */
    public Tensor sum(long dim) { return Reductions.sum(this, new long[] {dim}, false, null); }
    /** Sum over {@code dims} (every dim when none are given), which are removed. */
    public Tensor sum(long... dims) { return Reductions.sum(this, dims, false, null); }
    /** Sum over one dim, kept as size 1 when {@code keepdim}. */
    public Tensor sum(long dim, boolean keepdim) { return Reductions.sum(this, new long[] {dim}, keepdim, null); }
    /** Sum over {@code dims}, kept as size 1 when {@code keepdim}. */
    public Tensor sum(long[] dims, boolean keepdim) { return Reductions.sum(this, dims, keepdim, null); }
    /** Sum over {@code dims} with the input cast to {@code dtype} first ({@code sum(dims, keepdim, dtype=)}). */
    public Tensor sum(long[] dims, boolean keepdim, DType dtype) { return Reductions.sum(this, dims, keepdim, dtype); }

    /** Mean of all elements; floating tensors only ({@code mean(DType)} casts first). The mean of nothing is nan. */
    public Tensor mean() { return Reductions.mean(this, null, false, null); }
    public Tensor mean(DType dtype) { return Reductions.mean(this, null, false, dtype); }
    public Tensor mean(long dim) { return Reductions.mean(this, new long[] {dim}, false, null); }
    /** Mean over {@code dims} (every dim when none are given). */
    public Tensor mean(long... dims) { return Reductions.mean(this, dims, false, null); }
    public Tensor mean(long dim, boolean keepdim) { return Reductions.mean(this, new long[] {dim}, keepdim, null); }
    public Tensor mean(long[] dims, boolean keepdim) { return Reductions.mean(this, dims, keepdim, null); }
    public Tensor mean(long[] dims, boolean keepdim, DType dtype) { return Reductions.mean(this, dims, keepdim, dtype); }

    /** Product of all elements; bool and integer tensors give int64. */
    public Tensor prod() { return Reductions.prod(this, null, false, null); }
    public Tensor prod(DType dtype) { return Reductions.prod(this, null, false, dtype); }
    /** Product over one dim (PyTorch's prod takes a single dim). */
    public Tensor prod(long dim) { return Reductions.prod(this, dim, false, null); }
    public Tensor prod(long dim, boolean keepdim) { return Reductions.prod(this, dim, keepdim, null); }
    public Tensor prod(long dim, boolean keepdim, DType dtype) { return Reductions.prod(this, dim, keepdim, dtype); }

    /** The largest element as a 0-d tensor; NaN if any element is NaN. */
    public Tensor max() { return Reductions.max(this); }
    /** The largest values along {@code dim} and the indices of their first occurrence. */
    public ValuesIndices max(long dim) { return Reductions.max(this, dim, false); }
    public ValuesIndices max(long dim, boolean keepdim) { return Reductions.max(this, dim, keepdim); }
    /** Elementwise maximum, as {@code tensor.max(other)} ({@link #maximum}). */
    public Tensor max(Tensor other) { return maximum(other); }
    /** The smallest element as a 0-d tensor; NaN if any element is NaN. */
    public Tensor min() { return Reductions.min(this); }
    /** The smallest values along {@code dim} and the indices of their first occurrence. */
    public ValuesIndices min(long dim) { return Reductions.min(this, dim, false); }
    public ValuesIndices min(long dim, boolean keepdim) { return Reductions.min(this, dim, keepdim); }
    /** Elementwise minimum, as {@code tensor.min(other)} ({@link #minimum}). */
    public Tensor min(Tensor other) { return minimum(other); }

    /** The largest values over {@code dims} (every dim when none are given); NaN propagates. */
    public Tensor amax(long... dims) { return Reductions.amax(this, dims, false); }
    public Tensor amax(long dim, boolean keepdim) { return Reductions.amax(this, new long[] {dim}, keepdim); }
    public Tensor amax(long[] dims, boolean keepdim) { return Reductions.amax(this, dims, keepdim); }
    /** The smallest values over {@code dims} (every dim when none are given); NaN propagates. */
    public Tensor amin(long... dims) { return Reductions.amin(this, dims, false); }
    public Tensor amin(long dim, boolean keepdim) { return Reductions.amin(this, new long[] {dim}, keepdim); }
    public Tensor amin(long[] dims, boolean keepdim) { return Reductions.amin(this, dims, keepdim); }

    /** Index (int64, 0-d) of the first largest element of the flattened tensor; NaN counts as the largest. */
    public Tensor argmax() { return Reductions.argmax(this, null, false); }
    /** Indices of the first largest elements along {@code dim}. */
    public Tensor argmax(long dim) { return Reductions.argmax(this, dim, false); }
    public Tensor argmax(long dim, boolean keepdim) { return Reductions.argmax(this, dim, keepdim); }
    /** Index (int64, 0-d) of the first smallest element of the flattened tensor; NaN counts as the smallest. */
    public Tensor argmin() { return Reductions.argmin(this, null, false); }
    public Tensor argmin(long dim) { return Reductions.argmin(this, dim, false); }
    public Tensor argmin(long dim, boolean keepdim) { return Reductions.argmin(this, dim, keepdim); }

    /** Sample variance of all elements (Bessel's correction, {@code correction = 1}). */
    public Tensor var() { return Reductions.var(this, null, 1, false); }
    /** Variance of all elements, unbiased ({@code correction = 1}) or not ({@code 0}). */
    public Tensor var(boolean unbiased) { return Reductions.var(this, null, unbiased ? 1 : 0, false); }
    /** Sample variance over {@code dims} (every dim when none are given). */
    public Tensor var(long... dims) { return Reductions.var(this, dims, 1, false); }
    public Tensor var(long[] dims, boolean unbiased, boolean keepdim) { return Reductions.var(this, dims, unbiased ? 1 : 0, keepdim); }
    /** Variance over {@code dims} dividing by {@code max(0, n - correction)} ({@code var(dims, correction=, keepdim=)}). */
    public Tensor var(long[] dims, double correction, boolean keepdim) { return Reductions.var(this, dims, correction, keepdim); }
    /** Sample standard deviation of all elements ({@code correction = 1}). */
    public Tensor std() { return Reductions.std(this, null, 1, false); }
    public Tensor std(boolean unbiased) { return Reductions.std(this, null, unbiased ? 1 : 0, false); }
    /** Sample standard deviation over {@code dims} (every dim when none are given). */
    public Tensor std(long... dims) { return Reductions.std(this, dims, 1, false); }
    public Tensor std(long[] dims, boolean unbiased, boolean keepdim) { return Reductions.std(this, dims, unbiased ? 1 : 0, keepdim); }
    public Tensor std(long[] dims, double correction, boolean keepdim) { return Reductions.std(this, dims, correction, keepdim); }

    /** {@code log(sum(exp(x)))} over {@code dims}, computed stably; integer tensors are promoted to float. */
    public Tensor logsumexp(long... dims) { return Reductions.logsumexp(this, dims, false); }
    public Tensor logsumexp(long dim, boolean keepdim) { return Reductions.logsumexp(this, new long[] {dim}, keepdim); }
    public Tensor logsumexp(long[] dims, boolean keepdim) { return Reductions.logsumexp(this, dims, keepdim); }

    /** True (0-d bool) when every element is nonzero; uint8 tensors give uint8, as in PyTorch. */
    public Tensor all() { return Reductions.all(this, null, false); }
    public Tensor all(long dim) { return Reductions.all(this, new long[] {dim}, false); }
    public Tensor all(long dim, boolean keepdim) { return Reductions.all(this, new long[] {dim}, keepdim); }
    /** True (0-d bool) when any element is nonzero; uint8 tensors give uint8, as in PyTorch. */
    public Tensor any() { return Reductions.any(this, null, false); }
    public Tensor any(long dim) { return Reductions.any(this, new long[] {dim}, false); }
    public Tensor any(long dim, boolean keepdim) { return Reductions.any(this, new long[] {dim}, keepdim); }

    /** Number of nonzero elements (int64), over {@code dims} when given. */
    public Tensor countNonzero(long... dims) { return Reductions.countNonzero(this, dims); }

    /** The 2-norm of all elements (the Frobenius norm of a matrix). */
    public Tensor norm() { return Reductions.norm(this, 2, null, false); }
    /** The p-norm of all elements; p may be any real, {@code Double.POSITIVE_INFINITY} (max |x|), -inf or 0. */
    public Tensor norm(double p) { return Reductions.norm(this, p, null, false); }
    /** The p-norm over {@code dims}. */
    public Tensor norm(double p, long... dims) { return Reductions.norm(this, p, dims, false); }
    public Tensor norm(double p, long dim, boolean keepdim) { return Reductions.norm(this, p, new long[] {dim}, keepdim); }
    public Tensor norm(double p, long[] dims, boolean keepdim) { return Reductions.norm(this, p, dims, keepdim); }

    /** Softmax along {@code dim}, computed stably (max subtracted); floating tensors only. */
    public Tensor softmax(long dim) { return Reductions.softmax(this, dim, null); }
    /** Softmax along {@code dim} of this tensor cast to {@code dtype}. */
    public Tensor softmax(long dim, DType dtype) { return Reductions.softmax(this, dim, dtype); }
    /** Log-softmax along {@code dim}, computed stably; floating tensors only. */
    public Tensor logSoftmax(long dim) { return Reductions.logSoftmax(this, dim, null); }
    public Tensor logSoftmax(long dim, DType dtype) { return Reductions.logSoftmax(this, dim, dtype); }

    /** Cumulative sum along {@code dim}; bool and integer tensors give int64. */
    public Tensor cumsum(long dim) { return Reductions.cumsum(this, dim, null); }
    public Tensor cumsum(long dim, DType dtype) { return Reductions.cumsum(this, dim, dtype); }
    /** Cumulative product along {@code dim}; bool and integer tensors give int64. */
    public Tensor cumprod(long dim) { return Reductions.cumprod(this, dim, null); }
    public Tensor cumprod(long dim, DType dtype) { return Reductions.cumprod(this, dim, dtype); }

    // ---------------------------------------------------------------- sorting (ops.Sorting)

    /** Sorts along the last dim, ascending; NaN sorts as the largest value. */
    public ValuesIndices sort() { return Sorting.sort(this, -1, false, false); }
    public ValuesIndices sort(long dim) { return Sorting.sort(this, dim, false, false); }
    public ValuesIndices sort(long dim, boolean descending) { return Sorting.sort(this, dim, descending, false); }
    /** Sorts along {@code dim}; equal elements keep their order (the sort is always stable). */
    public ValuesIndices sort(long dim, boolean descending, boolean stable) { return Sorting.sort(this, dim, descending, stable); }
    /** The indices that sort the last dim ascending. */
    public Tensor argsort() { return Sorting.argsort(this, -1, false, false); }
    public Tensor argsort(long dim) { return Sorting.argsort(this, dim, false, false); }
    public Tensor argsort(long dim, boolean descending) { return Sorting.argsort(this, dim, descending, false); }
    public Tensor argsort(long dim, boolean descending, boolean stable) { return Sorting.argsort(this, dim, descending, stable); }
    /** The k largest elements along the last dim, largest first, with their indices. */
    public ValuesIndices topk(long k) { return Sorting.topk(this, k, -1, true, true); }
    public ValuesIndices topk(long k, long dim) { return Sorting.topk(this, k, dim, true, true); }
    /** The k largest (or, with {@code !largest}, smallest) elements along {@code dim}, with their indices. */
    public ValuesIndices topk(long k, long dim, boolean largest, boolean sorted) { return Sorting.topk(this, k, dim, largest, sorted); }

    // ---------------------------------------------------------------- indexing (ops.Indexing)

    /**
     * {@code self[indices]}, with PyTorch's semantics. Indices: integers ({@code int}/{@code long}) select,
     * {@link Index#slice} narrows with a step, {@link Index#NONE} inserts a dim, {@link Index#ELLIPSIS} skips dims,
     * booleans add a dim; these give a <em>view</em> sharing storage. Tensors (int64/int32 indices, bool masks) and
     * Java arrays or lists of integers/booleans are advanced indices: the result is a copy, with the broadcast
     * index shape in place of the indexed dims (first, when a basic index separates two advanced ones).
     *
     * <pre>{@code
     * t.index(0)                              // t[0]
     * t.index(slice(1, null, 2), NONE, ELLIPSIS, 0) // t[1::2, None, ..., 0]
     * t.index(t.gt(0))                        // t[t > 0]
     * }</pre>
     */
    public Tensor index(Object... indices) { return Indexing.index(this, indices); }

    /** {@code self[indices] = values}: basic indices write through the view (converting dtype); advanced ones need self's dtype. */
    public Tensor indexPut_(Object[] indices, Tensor values) { return Indexing.indexPut_(this, indices, values, false); }

    /** {@code index_put_(indices, values, accumulate)}: with accumulate, writes add and duplicate indices all add up. */
    public Tensor indexPut_(Object[] indices, Tensor values, boolean accumulate) {
        return Indexing.indexPut_(this, indices, values, accumulate);
    }

    /** {@code self[indices] = value}. */
    public Tensor indexPut_(Object[] indices, double value) { return Indexing.indexPut_(this, indices, value, false); }

    /** {@code self[indices] = value}, exact for int64. */
    public Tensor indexPut_(Object[] indices, long value) { return Indexing.indexPut_(this, indices, value, false); }

    /** Out-of-place {@code index_put}: a copy of self with the indexed elements written (or added). */
    public Tensor indexPut(Object[] indices, Tensor values, boolean accumulate) {
        return Indexing.indexPut_(clone(), indices, values, accumulate);
    }

    /** {@code torch.gather}: along dim 1, {@code out[i][j] = self[i][index[i][j]]}; index is int64 with self's rank. */
    public Tensor gather(long dim, Tensor index) { return Gathering.gather(this, dim, index); }

    /** Out-of-place {@link #scatter_(long, Tensor, Tensor)}. */
    public Tensor scatter(long dim, Tensor index, Tensor src) { return Gathering.scatter(this, dim, index, src); }

    /** Out-of-place {@link #scatter_(long, Tensor, double)}. */
    public Tensor scatter(long dim, Tensor index, double value) { return Gathering.scatter(this, dim, index, value); }

    /** {@code scatter_}: along dim 1, {@code self[i][index[i][j]] = src[i][j]}. */
    public Tensor scatter_(long dim, Tensor index, Tensor src) { return Gathering.scatter_(this, dim, index, src); }

    /** {@code scatter_} of one value. */
    public Tensor scatter_(long dim, Tensor index, double value) { return Gathering.scatter_(this, dim, index, value); }

    /** Out-of-place {@link #scatterAdd_}. */
    public Tensor scatterAdd(long dim, Tensor index, Tensor src) { return Gathering.scatterAdd(this, dim, index, src); }

    /** {@code scatter_add_}: like scatter_, but adds, and duplicate indices all add up. */
    public Tensor scatterAdd_(long dim, Tensor index, Tensor src) { return Gathering.scatterAdd_(this, dim, index, src); }

    /** {@code torch.index_select}: the slices at {@code index} (0-d or 1-d, int64/int32) along dim; a copy. */
    public Tensor indexSelect(long dim, Tensor index) { return Gathering.indexSelect(this, dim, index); }

    /** {@code index_add_}: adds {@code source}'s slices into the slices at {@code index} along dim. */
    public Tensor indexAdd_(long dim, Tensor index, Tensor source) { return Gathering.indexAdd_(this, dim, index, source, 1); }

    /** {@code index_add_(dim, index, source, alpha=alpha)}. */
    public Tensor indexAdd_(long dim, Tensor index, Tensor source, double alpha) {
        return Gathering.indexAdd_(this, dim, index, source, alpha);
    }

    /** Out-of-place {@code index_add}. */
    public Tensor indexAdd(long dim, Tensor index, Tensor source) { return Gathering.indexAdd(this, dim, index, source, 1); }

    /** Out-of-place {@code index_add(dim, index, source, alpha=alpha)}. */
    public Tensor indexAdd(long dim, Tensor index, Tensor source, double alpha) { return Gathering.indexAdd(this, dim, index, source, alpha); }

    /** {@code index_copy_}: copies {@code source}'s slices to the slices at {@code index} along dim. */
    public Tensor indexCopy_(long dim, Tensor index, Tensor source) { return Gathering.indexCopy_(this, dim, index, source); }

    /** Out-of-place {@code index_copy}. */
    public Tensor indexCopy(long dim, Tensor index, Tensor source) { return Gathering.indexCopy(this, dim, index, source); }

    /** {@code index_fill_}: fills the slices at {@code index} along dim with {@code value}. */
    public Tensor indexFill_(long dim, Tensor index, double value) { return Gathering.indexFill_(this, dim, index, value); }

    /** Out-of-place {@code index_fill}. */
    public Tensor indexFill(long dim, Tensor index, double value) { return Gathering.indexFill(this, dim, index, value); }

    /** {@code torch.take}: elements at flat (row-major) indices; negative indices count from the end. */
    public Tensor take(Tensor index) { return Gathering.take(this, index); }

    /** {@code torch.masked_select}: the elements where the broadcast bool mask is true, as a 1-d copy. */
    public Tensor maskedSelect(Tensor mask) { return Gathering.maskedSelect(this, mask); }

    /** {@code torch.nonzero}: int64 coordinates {@code [n, ndim]} of the nonzero elements, in row-major order. */
    public Tensor nonzero() { return Gathering.nonzero(this); }

    /**
     * {@code tensor.nonzero(as_tuple=True)}: one int64 index tensor per dim (a 0-d tensor counts as 1-d), usable as an
     * index, so {@code x.index(x.nonzeroAsTuple())} picks the nonzero elements; {@code nonzero()}'s columns.
     */
    public Tensor[] nonzeroAsTuple() { return (dim() == 0 ? reshape(1) : this).nonzero().unbind(1); }

    /** {@code torch.argwhere}: the same as {@link #nonzero()}. */
    public Tensor argwhere() { return Gathering.nonzero(this); }

    // Kotlin maps t[a, b] to get(a, b) and t[a, b] = v to set(a, b, v); Groovy maps t[a] to getAt(a), t[a, b] to
    // getAt([a, b]) and t[a] = v to putAt(a, v).

    /** Kotlin {@code t[i]}: the view {@code self[i]}. */
    public Tensor get(long i) { return Indexing.index(this, i); }

    /** Kotlin {@code t[i, slice(1, null), NONE, ...]}: {@link #index(Object...)}. */
    public Tensor get(Object... indices) { return Indexing.index(this, indices); }

    /** Kotlin {@code t[i] = v}. */
    public void set(Object index, Tensor value) { Indexing.indexPut_(this, new Object[] {index}, value, false); }

    /** Kotlin {@code t[i] = 1.0}. */
    public void set(Object index, double value) { Indexing.indexPut_(this, new Object[] {index}, value, false); }

    /** Kotlin {@code t[i, j] = v}. */
    public void set(Object i0, Object i1, Tensor value) { Indexing.indexPut_(this, new Object[] {i0, i1}, value, false); }

    /** Kotlin {@code t[i, j] = 1.0}. */
    public void set(Object i0, Object i1, double value) { Indexing.indexPut_(this, new Object[] {i0, i1}, value, false); }

    /**
     * Groovy {@code t[i]} and {@code t[i, j]} (Groovy passes several indices as one List; a list index is written
     * {@code t[[0, 2]]} in Python but {@code t[tensor(0, 2)]} here). A Groovy range {@code t[1..3]} selects those
     * rows (a copy, as an index tensor).
     */
    public Tensor getAt(Object index) { return Indexing.index(this, Indexing.groovyIndices(index)); }

    /** Groovy {@code t[i] = v} and {@code t[i, j] = v}; v is a Tensor or a Number. */
    public void putAt(Object index, Object value) {
        Object[] ix = Indexing.groovyIndices(index);
        switch (value) {
            case Tensor t -> Indexing.indexPut_(this, ix, t, false);
            case Long n -> Indexing.indexPut_(this, ix, (long) n, false);
            case Integer n -> Indexing.indexPut_(this, ix, (long) n, false);
            case java.math.BigInteger n -> Indexing.indexPut_(this, ix, n.longValueExact(), false);
            case Number n -> Indexing.indexPut_(this, ix, n.doubleValue(), false); // Groovy's 1.5 is a BigDecimal
            case Boolean b -> Indexing.indexPut_(this, ix, b ? 1L : 0L, false);
            case null -> throw new IllegalArgumentException("putAt: can't assign null to a tensor");
            default -> throw new IllegalArgumentException("putAt: can't assign a " + value.getClass().getName() + " to a tensor");
        }
    }

    // ---------------------------------------------------------------- joining and splitting (ops.Joining)

    /** {@code torch.split(self, splitSize)} along dim 0: views of {@code splitSize} (the last may be smaller). */
    public Tensor[] split(long splitSize) { return Joining.split(this, splitSize, 0); }

    /** {@code torch.split(self, splitSize, dim)}: views of {@code splitSize} along dim (the last may be smaller). */
    public Tensor[] split(long splitSize, long dim) { return Joining.split(this, splitSize, dim); }

    /** {@code torch.split(self, [sizes...])} along dim 0: views with the given sizes, which must sum to the dim's size. */
    public Tensor[] split(long[] sizes) { return Joining.split(this, sizes, 0); }

    /** {@code torch.split(self, [sizes...], dim)} ({@code split_with_sizes}). */
    public Tensor[] split(long[] sizes, long dim) { return Joining.split(this, sizes, dim); }

    /** {@code torch.chunk(self, chunks)} along dim 0: at most {@code chunks} views of {@code ceil(size / chunks)}. */
    public Tensor[] chunk(long chunks) { return Joining.chunk(this, chunks, 0); }

    /** {@code torch.chunk(self, chunks, dim)}. */
    public Tensor[] chunk(long chunks, long dim) { return Joining.chunk(this, chunks, dim); }

    // ---------------------------------------------------------------- linear algebra (ops.Linalg)

    /** Matrix product with PyTorch's rules for 1-D, 2-D and batched (broadcast) operands. */
    public Tensor matmul(Tensor o) { return Linalg.matmul(this, o); }

    /** Matrix product of two 2-D tensors. */
    public Tensor mm(Tensor o) { return Linalg.mm(this, o); }

    /** Batched matrix product of two 3-D tensors. */
    public Tensor bmm(Tensor o) { return Linalg.bmm(this, o); }

    /** Matrix-vector product. */
    public Tensor mv(Tensor vec) { return Linalg.mv(this, vec); }

    /** Inner product of two 1-D tensors. */
    public Tensor dot(Tensor o) { return Linalg.dot(this, o); }

    /** Outer product of two 1-D tensors. */
    public Tensor outer(Tensor o) { return Linalg.outer(this, o); }

    /** {@code beta * self + alpha * (mat1 @ mat2)}. */
    public Tensor addmm(Tensor mat1, Tensor mat2, double beta, double alpha) { return Linalg.addmm(this, mat1, mat2, beta, alpha); }

    public Tensor addmm(Tensor mat1, Tensor mat2) { return Linalg.addmm(this, mat1, mat2, 1, 1); }


    // ---------------------------------------------------------------- operator aliases for Kotlin and Groovy

    /** Kotlin {@code a + b}. */
    public Tensor plus(Tensor o) { return add(o); }
    public Tensor plus(double o) { return add(o); }
    public Tensor plus(long o) { return add(o); }
    /** Kotlin and Groovy {@code a - b}. */
    public Tensor minus(Tensor o) { return sub(o); }
    public Tensor minus(double o) { return sub(o); }
    public Tensor minus(long o) { return sub(o); }
    /** Kotlin {@code a * b}. */
    public Tensor times(Tensor o) { return mul(o); }
    public Tensor times(double o) { return mul(o); }
    public Tensor times(long o) { return mul(o); }
    /** Groovy {@code a * b}. */
    public Tensor multiply(Tensor o) { return mul(o); }
    public Tensor multiply(double o) { return mul(o); }
    public Tensor multiply(long o) { return mul(o); }
    /** Kotlin {@code -a}. */
    public Tensor unaryMinus() { return neg(); }
    /** Groovy {@code -a}. */
    public Tensor negative() { return neg(); }
    /** Groovy {@code a ** b}. */
    public Tensor power(Tensor o) { return pow(o); }
    public Tensor power(double o) { return pow(o); }

    // ---------------------------------------------------------------- printing

    @Override
    public String toString() {
        String r = dev.torch4j.format.TensorPrinter.repr(this);
        return parameter ? "Parameter containing:\n" + r : r;
    }
}
