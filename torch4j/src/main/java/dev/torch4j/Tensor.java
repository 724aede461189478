package dev.torch4j;

import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import dev.torch4j.backend.UnaryOp;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.core.Shapes;
import dev.torch4j.ops.Conversions;
import dev.torch4j.ops.Elementwise;
import dev.torch4j.ops.Views;

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
public final class Tensor {
    private final Storage storage;
    private final long[] shape;
    private final long[] strides;
    private final long offset;
    private boolean wrappedNumber;
    private boolean requiresGrad;
    private Tensor grad;

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
    public long size(long dim) { return shape[Shapes.wrapDim(dim, shape.length)]; }

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
    public Strided strided() { return new Strided(storage, shape, strides, offset); }

    /** True for a 0-d tensor made from a Java scalar. */
    public boolean isWrappedNumber() { return wrappedNumber; }

    /** The storage's version counter (bumped by every in-place write through any view). */
    public int version() { return storage.version(); }

    // ---------------------------------------------------------------- autograd state (the engine plugs in here)

    public boolean requiresGrad() { return requiresGrad; }

    /** Sets whether autograd records operations on this tensor; only floating tensors can require grad. */
    public Tensor requiresGrad_(boolean r) {
        if (r && !dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("only Tensors of floating point dtype can require gradients (got " + dtype() + ")");
        }
        requiresGrad = r;
        return this;
    }

    /** The accumulated gradient, or null. */
    public Tensor grad() { return grad; }

    // ---------------------------------------------------------------- copies and conversions

    /** A view with another layout over the same storage ({@code torch.as_strided}). */
    public Tensor asStrided(long[] size, long[] stride, long storageOffset) {
        checkInBounds(size, stride, storageOffset);
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

    /** A copy that owns new memory. */
    @Override
    public Tensor clone() { return Conversions.clone(this); }

    /** A copy converted to {@code dtype}, or this tensor when it already has it. */
    public Tensor to(DType dtype) { return Conversions.to(this, dtype, device()); }

    /** A copy on {@code device}, or this tensor when it is already there. */
    public Tensor to(Device device) { return Conversions.to(this, dtype(), device); }

    public Tensor to(Device device, DType dtype) { return Conversions.to(this, dtype, device); }

    /** A copy on the CPU, or this tensor when it is already there. */
    public Tensor cpu() { return to(Device.CPU); }

    /** Copies {@code src} (broadcast and converted) into this tensor. */
    public Tensor copy_(Tensor src) { return Conversions.copyInto(this, src); }

    /** The value of a one-element tensor as a double, {@code tensor.item()}. */
    public double item() {
        checkOneElement();
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
            throw new IllegalArgumentException("a Tensor with " + numel() + " elements cannot be converted to Scalar");
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

    /** Transpose of the last two dims ({@code tensor.mT}). */
    public Tensor mT() { return transpose(-2, -1); }

    /** Removes all dims of size 1. */
    public Tensor squeeze() { return Views.squeeze(this); }

    /** Removes {@code dim} if its size is 1. */
    public Tensor squeeze(long dim) { return Views.squeeze(this, dim); }

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
    public Tensor add(Tensor o, double alpha) { return alpha == 1 ? add(o) : add(o.mul(alpha)); }
    public Tensor add(double o) { return b(BinaryOp.ADD, scalar(o)); }
    public Tensor add(long o) { return b(BinaryOp.ADD, scalar(o)); }
    public Tensor add_(Tensor o) { return b_(BinaryOp.ADD, o); }
    public Tensor add_(Tensor o, double alpha) { return alpha == 1 ? add_(o) : add_(o.mul(alpha)); }
    public Tensor add_(double o) { return b_(BinaryOp.ADD, scalar(o)); }
    public Tensor add_(long o) { return b_(BinaryOp.ADD, scalar(o)); }
    public Tensor sub(Tensor o) { return b(BinaryOp.SUB, o); }
    /** {@code self - alpha * other}. */
    public Tensor sub(Tensor o, double alpha) { return alpha == 1 ? sub(o) : sub(o.mul(alpha)); }
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
    public Tensor div(Tensor o, String roundingMode) {
        if (roundingMode == null) return div(o);
        return switch (roundingMode) {
            case "floor" -> floorDivide(o);
            case "trunc" -> {
                DType r = Elementwise.resultType(this, o);
                Tensor q = r.isFloatingPoint() ? div(o) : to(DType.FLOAT64).div(o.to(DType.FLOAT64));
                yield q.trunc().to(r);
            }
            default -> throw new IllegalArgumentException("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '"
                    + roundingMode + "'");
        };
    }
    public Tensor floorDivide(Tensor o) { return b(BinaryOp.FLOOR_DIVIDE, o); }
    public Tensor floorDivide(double o) { return b(BinaryOp.FLOOR_DIVIDE, scalar(o)); }
    public Tensor floorDivide(long o) { return b(BinaryOp.FLOOR_DIVIDE, scalar(o)); }
    public Tensor pow(Tensor o) { return b(BinaryOp.POW, o); }
    public Tensor pow(double o) { return b(BinaryOp.POW, scalar(o)); }
    public Tensor pow(long o) { return b(BinaryOp.POW, scalar(o)); }
    public Tensor pow_(Tensor o) { return b_(BinaryOp.POW, o); }
    public Tensor pow_(double o) { return b_(BinaryOp.POW, scalar(o)); }
    public Tensor pow_(long o) { return b_(BinaryOp.POW, scalar(o)); }
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

    /** {@code torch.where(cond, self, other)}: elements of self where cond, else of other. */
    public Tensor where(Tensor cond, Tensor other) { return Elementwise.where(cond, this, other); }

    public Tensor where(Tensor cond, double other) { return Elementwise.where(cond, this, scalar(other)); }

    /** Clamps into {@code [min, max]}; either bound may be null. */
    public Tensor clamp(Double min, Double max) {
        if (min == null && max == null) throw new IllegalArgumentException("clamp: At least one of 'min' or 'max' must not be None");
        Tensor r = this;
        if (min != null) r = r.b(BinaryOp.MAXIMUM, scalar(min));
        if (max != null) r = r.b(BinaryOp.MINIMUM, scalar(max));
        return r == this ? clone() : r;
    }

    public Tensor clamp(double min, double max) { return clamp(Double.valueOf(min), Double.valueOf(max)); }

    public Tensor clampMin(double min) { return clamp(min, null); }

    public Tensor clampMax(double max) { return clamp(null, max); }

    /** Clamps with tensor bounds (either may be null), broadcasting. */
    public Tensor clamp(Tensor min, Tensor max) {
        if (min == null && max == null) throw new IllegalArgumentException("clamp: At least one of 'min' or 'max' must not be None");
        Tensor r = this;
        if (min != null) r = r.maximum(min);
        if (max != null) r = r.minimum(max);
        return r;
    }

    public Tensor clamp_(double min, double max) { return copy_(clamp(min, max)); }

    /** Elements where {@code mask} is true replaced by {@code value}. */
    public Tensor maskedFill(Tensor mask, double value) {
        checkMask("masked_fill", mask);
        return Elementwise.where(mask, scalar(value).to(dtype()), this).to(dtype());
    }

    public Tensor maskedFill(Tensor mask, Tensor value) {
        checkMask("masked_fill", mask);
        if (value.dim() != 0) {
            throw new IllegalArgumentException("masked_fill only supports a 0-dimensional value tensor, but got tensor with "
                    + value.dim() + " dimension(s).");
        }
        return Elementwise.where(mask, value.to(dtype()), this);
    }

    public Tensor maskedFill_(Tensor mask, double value) {
        checkMask("masked_fill_", mask);
        Shapes.broadcast("masked_fill_", shape, mask.shape);
        return copy_(maskedFill(mask, value));
    }

    private static void checkMask(String op, Tensor mask) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(op + " only supports boolean masks, but got mask with dtype " + mask.dtype());
        }
    }

    /** Fills with {@code value} in place. */
    public Tensor fill_(double value) {
        return Conversions.fill(this, value);
    }

    /** Fills with zeros in place. */
    public Tensor zero_() { return fill_(0); }

    // ---------------------------------------------------------------- reductions, scans, softmax (ops.Reductions)

    // ---------------------------------------------------------------- sorting (ops.Sorting)

    // ---------------------------------------------------------------- indexing (ops.Indexing)

    // ---------------------------------------------------------------- joining and splitting (ops.Joining)

    // ---------------------------------------------------------------- linear algebra (ops.Linalg)

    // ---------------------------------------------------------------- operator aliases for Kotlin and Groovy

    /** Kotlin {@code a + b}. */
    public Tensor plus(Tensor o) { return add(o); }
    public Tensor plus(double o) { return add(o); }
    /** Kotlin and Groovy {@code a - b}. */
    public Tensor minus(Tensor o) { return sub(o); }
    public Tensor minus(double o) { return sub(o); }
    /** Kotlin {@code a * b}. */
    public Tensor times(Tensor o) { return mul(o); }
    public Tensor times(double o) { return mul(o); }
    /** Groovy {@code a * b}. */
    public Tensor multiply(Tensor o) { return mul(o); }
    public Tensor multiply(double o) { return mul(o); }
    /** Kotlin {@code -a}. */
    public Tensor unaryMinus() { return neg(); }
    /** Groovy {@code -a}. */
    public Tensor negative() { return neg(); }
    /** Groovy {@code a ** b}. */
    public Tensor power(Tensor o) { return pow(o); }
    public Tensor power(double o) { return pow(o); }

    // ---------------------------------------------------------------- printing

    @Override
    public String toString() { return dev.torch4j.format.TensorPrinter.repr(this); }
}
