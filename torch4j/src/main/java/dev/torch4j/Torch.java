package dev.torch4j;

import dev.torch4j.backend.cpu.Parallel;
import dev.torch4j.core.Defaults;
import dev.torch4j.format.PrintOptions;
import dev.torch4j.ops.Creation;
import dev.torch4j.ops.Elementwise;

/**
 * The {@code torch} namespace: tensor factories and functions. Use with {@code import static dev.torch4j.Torch.*;}.
 *
 * <pre>{@code
 * Tensor w = ones(shape(2, 2), dtype(DType.FLOAT64).device(Device.CPU));
 * Tensor x = randn(3, 3, 7);
 * }</pre>
 */
public final class Torch {
    private Torch() {}

    // ---------------------------------------------------------------- option builders

    /** A shape argument: {@code ones(shape(2, 3))}. */
    public static Size shape(long... dims) { return Size.of(dims); }

    /** Options with a dtype: {@code dtype(FLOAT64).device(cuda(0))}. */
    public static TensorOptions dtype(DType d) { return TensorOptions.DEFAULT.dtype(d); }

    /** Options with a device. */
    public static TensorOptions device(Device d) { return TensorOptions.DEFAULT.device(d); }

    /** Options with a device given as {@code "cpu"} or {@code "cuda:0"}. */
    public static TensorOptions device(String d) { return TensorOptions.DEFAULT.device(Device.of(d)); }

    /** Options with requires_grad. */
    public static TensorOptions requiresGrad(boolean r) { return TensorOptions.DEFAULT.requiresGrad(r); }

    /** The CUDA device with the given ordinal. */
    public static Device cuda(int index) { return Device.cuda(index); }

    private static Tensor finish(Tensor t, TensorOptions o) {
        return o.requiresGrad() ? t.requiresGrad_(true) : t;
    }

    private static DType floatOr(TensorOptions o) { return o.dtypeOr(Defaults.floatDType()); }

    // ---------------------------------------------------------------- from Java data

    /**
     * A tensor copied from a Java scalar or (nested) primitive array, like {@code torch.tensor}: floating data
     * gets the default dtype (float32), integral data int64, boolean data bool.
     */
    public static Tensor tensor(Object data) { return Creation.tensor(data, null, Device.CPU); }

    public static Tensor tensor(Object data, TensorOptions options) {
        return finish(Creation.tensor(data, options.dtype(), options.deviceOrCpu()), options);
    }

    /** A 0-d float tensor (default dtype). */
    public static Tensor tensor(double value) { return tensor((Object) value); }

    /** A 0-d int64 tensor. */
    public static Tensor tensor(long value) { return tensor((Object) value); }

    /** A 0-d bool tensor. */
    public static Tensor tensor(boolean value) { return tensor((Object) value); }

    /** Wraps {@code a} without copying, as float64 (like {@code torch.from_numpy}); writes show through both ways. */
    public static Tensor fromArray(double[] a, long... shape) { return Creation.wrap(a, shapeOf(a.length, shape), DType.FLOAT64); }

    /** Wraps {@code a} without copying, as float32. */
    public static Tensor fromArray(float[] a, long... shape) { return Creation.wrap(a, shapeOf(a.length, shape), DType.FLOAT32); }

    /** Wraps {@code a} without copying, as int64. */
    public static Tensor fromArray(long[] a, long... shape) { return Creation.wrap(a, shapeOf(a.length, shape), DType.INT64); }

    /** Wraps {@code a} without copying, as int32. */
    public static Tensor fromArray(int[] a, long... shape) { return Creation.wrap(a, shapeOf(a.length, shape), DType.INT32); }

    /** Wraps {@code a} without copying, as int16. */
    public static Tensor fromArray(short[] a, long... shape) { return Creation.wrap(a, shapeOf(a.length, shape), DType.INT16); }

    /** Wraps {@code a} without copying, as int8. */
    public static Tensor fromArray(byte[] a, long... shape) { return Creation.wrap(a, shapeOf(a.length, shape), DType.INT8); }

    private static long[] shapeOf(int length, long[] shape) { return shape.length == 0 ? new long[] {length} : shape; }

    // ---------------------------------------------------------------- filled tensors

    /** An uninitialised tensor; on the CPU its memory is zeroed (Java arrays always are). */
    public static Tensor empty(long... shape) { return zeros(shape); }

    public static Tensor empty(Size shape, TensorOptions o) { return zeros(shape, o); }

    public static Tensor zeros(long... shape) { return zeros(Size.of(shape), TensorOptions.DEFAULT); }

    public static Tensor zeros(Size shape, TensorOptions o) {
        return finish(Creation.full(shape.toArray(), 0, floatOr(o), o.deviceOrCpu()), o);
    }

    public static Tensor ones(long... shape) { return ones(Size.of(shape), TensorOptions.DEFAULT); }

    public static Tensor ones(Size shape, TensorOptions o) {
        return finish(Creation.full(shape.toArray(), 1, floatOr(o), o.deviceOrCpu()), o);
    }

    /** A tensor filled with a floating value (default dtype float32). */
    public static Tensor full(long[] shape, double value) { return full(shape, value, TensorOptions.DEFAULT); }

    public static Tensor full(long[] shape, double value, TensorOptions o) {
        return finish(Creation.full(shape, value, floatOr(o), o.deviceOrCpu()), o);
    }

    /** A tensor filled with an integer value (default dtype int64, as {@code torch.full} with a Python int). */
    public static Tensor full(long[] shape, long value) { return full(shape, value, TensorOptions.DEFAULT); }

    public static Tensor full(long[] shape, long value, TensorOptions o) {
        return finish(Creation.fullLong(shape, value, o.dtypeOr(DType.INT64), o.deviceOrCpu()), o);
    }

    /** A tensor filled with a boolean value (dtype bool). */
    public static Tensor full(long[] shape, boolean value) {
        return Creation.full(shape, value ? 1 : 0, DType.BOOL, Device.CPU);
    }

    public static Tensor full(Size shape, double value, TensorOptions o) { return full(shape.toArray(), value, o); }

    private static TensorOptions like(Tensor t, TensorOptions o) {
        return new TensorOptions(o.dtypeOr(t.dtype()), o.device() != null ? o.device() : t.device(), o.requiresGrad());
    }

    public static Tensor zerosLike(Tensor t) { return zerosLike(t, TensorOptions.DEFAULT); }

    public static Tensor zerosLike(Tensor t, TensorOptions o) { return zeros(t.shape(), like(t, o)); }

    public static Tensor onesLike(Tensor t) { return onesLike(t, TensorOptions.DEFAULT); }

    public static Tensor onesLike(Tensor t, TensorOptions o) { return ones(t.shape(), like(t, o)); }

    public static Tensor emptyLike(Tensor t) { return zerosLike(t); }

    public static Tensor emptyLike(Tensor t, TensorOptions o) { return zerosLike(t, o); }

    public static Tensor fullLike(Tensor t, double value) { return fullLike(t, value, TensorOptions.DEFAULT); }

    public static Tensor fullLike(Tensor t, double value, TensorOptions o) { return full(t.shapeArray(), value, like(t, o)); }

    // ---------------------------------------------------------------- ranges

    /** {@code torch.arange(end)} with an integer end: int64 values 0..end-1. */
    public static Tensor arange(long end) { return arange(0, end, 1); }

    public static Tensor arange(long start, long end) { return arange(start, end, 1); }

    public static Tensor arange(long start, long end, long step) {
        return Creation.arangeLong(start, end, step, DType.INT64, Device.CPU);
    }

    /** {@code torch.arange} with floating bounds: default float dtype. */
    public static Tensor arange(double end) { return arange(0, end, 1.0); }

    public static Tensor arange(double start, double end) { return arange(start, end, 1.0); }

    public static Tensor arange(double start, double end, double step) {
        return Creation.arange(start, end, step, Defaults.floatDType(), Device.CPU);
    }

    public static Tensor arange(double start, double end, double step, TensorOptions o) {
        return finish(Creation.arange(start, end, step, floatOr(o), o.deviceOrCpu()), o);
    }

    public static Tensor arange(long start, long end, long step, TensorOptions o) {
        return finish(Creation.arangeLong(start, end, step, o.dtypeOr(DType.INT64), o.deviceOrCpu()), o);
    }

    /** {@code steps} evenly spaced values from start to end inclusive. */
    public static Tensor linspace(double start, double end, long steps) {
        return linspace(start, end, steps, TensorOptions.DEFAULT);
    }

    public static Tensor linspace(double start, double end, long steps, TensorOptions o) {
        return finish(Creation.linspace(start, end, steps, floatOr(o), o.deviceOrCpu()), o);
    }

    /** The n x n identity. */
    public static Tensor eye(long n) { return eye(n, n, TensorOptions.DEFAULT); }

    public static Tensor eye(long n, long m) { return eye(n, m, TensorOptions.DEFAULT); }

    public static Tensor eye(long n, long m, TensorOptions o) {
        return finish(Creation.eye(n, m, floatOr(o), o.deviceOrCpu()), o);
    }

    // ---------------------------------------------------------------- functions

    /** {@code torch.where(cond, a, b)}. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Elementwise.where(cond, a, b); }

    /** {@code torch.result_type(a, b)}. */
    public static DType resultType(Tensor a, Tensor b) { return Elementwise.resultType(a, b); }

    /** {@code torch.promote_types(a, b)}. */
    public static DType promoteTypes(DType a, DType b) { return dev.torch4j.core.TypePromotion.promoteTypes(a, b); }

    /** {@code torch.can_cast(from, to)}. */
    public static boolean canCast(DType from, DType to) { return dev.torch4j.core.TypePromotion.canCast(from, to); }

    // ---------------------------------------------------------------- random sampling (Generator)

    // ---------------------------------------------------------------- reductions, scans, softmax (ops.Reductions)

    // ---------------------------------------------------------------- sorting (ops.Sorting)

    // ---------------------------------------------------------------- indexing (ops.Indexing)

    // ---------------------------------------------------------------- joining and splitting (ops.Joining)

    // ---------------------------------------------------------------- linear algebra (ops.Linalg)

    // ---------------------------------------------------------------- settings

    /** {@code torch.set_num_threads}: threads used inside one op on the CPU. */
    public static void setNumThreads(int n) { Parallel.setNumThreads(n); }

    /** {@code torch.get_num_threads}. */
    public static int getNumThreads() { return Parallel.numThreads(); }

    /** {@code torch.set_default_dtype}. */
    public static void setDefaultDtype(DType d) { Defaults.setFloatDType(d); }

    /** {@code torch.get_default_dtype}. */
    public static DType getDefaultDtype() { return Defaults.floatDType(); }

    /** {@code torch.set_printoptions(profile=...)}: "default", "short" or "full". */
    public static void setPrintOptions(String profile) { PrintOptions.set(PrintOptions.profile(profile)); }

    /** {@code torch.set_printoptions(...)} with explicit options. */
    public static void setPrintOptions(PrintOptions options) { PrintOptions.set(options); }
}
