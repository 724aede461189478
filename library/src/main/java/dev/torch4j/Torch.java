package dev.torch4j;

import dev.torch4j.autograd.AnomalyMode;
import dev.torch4j.autograd.Autograd;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.backend.cpu.Parallel;
import dev.torch4j.backend.cuda.CudaGenerator;
import dev.torch4j.core.Defaults;
import dev.torch4j.format.PrintOptions;
import dev.torch4j.ops.Conversions;
import dev.torch4j.ops.Creation;
import dev.torch4j.ops.Elementwise;
import dev.torch4j.ops.Joining;
import dev.torch4j.ops.RandomOps;
import dev.torch4j.ops.Linalg;
import dev.torch4j.ops.Multinomial;

/**
 * The {@code torch} namespace: tensor factories and functions. Use with {@code import static dev.torch4j.Torch.*;}.
 * The pointwise functions ({@code add}, {@code mul}, {@code exp}, ...) come from its package-private superclass.
 *
 * <pre>{@code
 * Tensor w = ones(shape(2, 2), dtype(DType.FLOAT64).device(Device.CPU));
 * Tensor x = randn(3, 3, 7);
 * }</pre>
 */
public final class Torch extends PointwiseFunctions {
    private Torch() {}

    // ---------------------------------------------------------------- option builders

    /** A shape argument: {@code ones(shape(2, 3))}. */
    public static Size shape(long... dims) { return Size.of(dims); }

    /** Options with a dtype: {@code dtype(FLOAT64).device(cuda(0))}. */
    public static TensorOptions dtype(DType d) { return TensorOptions.DEFAULT.dtype(d); }

    /** The {@code out=} argument: {@code mul(a, b, out(c))} writes {@code a * b} into {@code c} (see {@link Out}). */
    public static Out out(Tensor t) { return new Out(t); }

    /** Options with a device. */
    public static TensorOptions device(Device d) { return TensorOptions.DEFAULT.device(d); }

    /** Options with a device given as {@code "cpu"} or {@code "cuda:0"}. */
    public static TensorOptions device(String d) { return TensorOptions.DEFAULT.device(Device.of(d)); }

    /** Options with requires_grad. */
    public static TensorOptions requiresGrad(boolean r) { return TensorOptions.DEFAULT.requiresGrad(r); }

    /** The CUDA device with the given ordinal. */
    public static Device cuda(int index) { return Device.cuda(index); }

    /**
     * {@code torch.cuda}: availability, devices, synchronisation, streams, events and memory statistics, e.g.
     * {@code Torch.cuda().isAvailable()}.
     */
    public static dev.torch4j.cuda.Cuda cuda() { return dev.torch4j.cuda.Cuda.INSTANCE; }

    /** {@code torch.backends}: the accelerator libraries' switches ({@code Torch.backends().cudnn().setBenchmark(true)}). */
    public static TorchBackends backends() { return TorchBackends.INSTANCE; }

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

    /** {@code torch.empty(size)} with a {@link Size} (a tuple in Python); zeroed on the CPU. */
    public static Tensor empty(Size shape) { return zeros(shape); }

    /** {@code torch.empty(size, dtype=..., device=...)}; zeroed on the CPU. */
    public static Tensor empty(Size shape, TensorOptions o) { return zeros(shape, o); }

    /** {@code torch.zeros(*size)} (default dtype float32). */
    public static Tensor zeros(long... shape) { return zeros(Size.of(shape), TensorOptions.DEFAULT); }

    /** {@code torch.zeros(size)} with a {@link Size} (a tuple in Python). */
    public static Tensor zeros(Size shape) { return zeros(shape, TensorOptions.DEFAULT); }

    /** {@code torch.zeros(size, dtype=..., device=...)}. */
    public static Tensor zeros(Size shape, TensorOptions o) {
        return finish(Creation.full(shape.toArray(), 0, floatOr(o), o.deviceOrCpu()), o);
    }

    /** {@code torch.ones(*size)} (default dtype float32). */
    public static Tensor ones(long... shape) { return ones(Size.of(shape), TensorOptions.DEFAULT); }

    /** {@code torch.ones(size)} with a {@link Size} (a tuple in Python). */
    public static Tensor ones(Size shape) { return ones(shape, TensorOptions.DEFAULT); }

    /** {@code torch.ones(size, dtype=..., device=...)}. */
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

    /** {@code torch.full(size, value, dtype=, device=)} with a {@link Size}. */
    public static Tensor full(Size shape, double value, TensorOptions o) { return full(shape.toArray(), value, o); }

    /** {@code torch.full(size, value)}: a floating value (float32 by default). */
    public static Tensor full(Size shape, double value) { return full(shape.toArray(), value); }

    /** {@code torch.full(size, value)}: an integer value (int64 by default). */
    public static Tensor full(Size shape, long value) { return full(shape.toArray(), value); }

    /** {@code torch.full(size, value, dtype=, device=)} of an integer value. */
    public static Tensor full(Size shape, long value, TensorOptions o) { return full(shape.toArray(), value, o); }

    /** {@code torch.full(size, True/False)}: bool. */
    public static Tensor full(Size shape, boolean value) { return full(shape.toArray(), value); }

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

    /**
     * {@code torch.empty_like(t, memory_format=format)}: laid out in {@code format}; {@code PRESERVE} (PyTorch's
     * default) keeps {@code t}'s strides when they are dense and non-overlapping, else its dims' memory order. The
     * forms without a format give row-major tensors. (Zero-filled, as every empty tensor here.)
     */
    public static Tensor emptyLike(Tensor t, MemoryFormat format) { return emptyLike(t, TensorOptions.DEFAULT, format); }

    /** {@code torch.empty_like(t, dtype=..., device=..., memory_format=format)}. */
    public static Tensor emptyLike(Tensor t, TensorOptions o, MemoryFormat format) { return fullLike(t, 0, o, format); }

    /** {@code torch.zeros_like(t, memory_format=format)}; see {@link #emptyLike(Tensor, MemoryFormat)}. */
    public static Tensor zerosLike(Tensor t, MemoryFormat format) { return fullLike(t, 0, TensorOptions.DEFAULT, format); }

    /** {@code torch.zeros_like(t, dtype=..., device=..., memory_format=format)}. */
    public static Tensor zerosLike(Tensor t, TensorOptions o, MemoryFormat format) { return fullLike(t, 0, o, format); }

    /** {@code torch.ones_like(t, memory_format=format)}; see {@link #emptyLike(Tensor, MemoryFormat)}. */
    public static Tensor onesLike(Tensor t, MemoryFormat format) { return fullLike(t, 1, TensorOptions.DEFAULT, format); }

    /** {@code torch.ones_like(t, dtype=..., device=..., memory_format=format)}. */
    public static Tensor onesLike(Tensor t, TensorOptions o, MemoryFormat format) { return fullLike(t, 1, o, format); }

    /** {@code torch.full_like(t, value, memory_format=format)}; see {@link #emptyLike(Tensor, MemoryFormat)}. */
    public static Tensor fullLike(Tensor t, double value, MemoryFormat format) { return fullLike(t, value, TensorOptions.DEFAULT, format); }

    /** {@code torch.full_like(t, value, dtype=..., device=..., memory_format=format)}. */
    public static Tensor fullLike(Tensor t, double value, TensorOptions o, MemoryFormat format) {
        return finish(emptyStridedLike(t, o, format).fill_(value), o);
    }

    /** {@code torch.rand_like(t, memory_format=format)}: drawn in memory order, as PyTorch fills a strided tensor. */
    public static Tensor randLike(Tensor t, MemoryFormat format) { return randLike(t, TensorOptions.DEFAULT, format); }

    /** {@code torch.rand_like(t, dtype=..., device=..., memory_format=format)}. */
    public static Tensor randLike(Tensor t, TensorOptions o, MemoryFormat format) {
        return finish(emptyStridedLike(t, o, format).uniform_(0, 1), o);
    }

    /** {@code torch.randn_like(t, memory_format=format)}: drawn in memory order, as PyTorch fills a strided tensor. */
    public static Tensor randnLike(Tensor t, MemoryFormat format) { return randnLike(t, TensorOptions.DEFAULT, format); }

    /** {@code torch.randn_like(t, dtype=..., device=..., memory_format=format)}. */
    public static Tensor randnLike(Tensor t, TensorOptions o, MemoryFormat format) {
        return finish(emptyStridedLike(t, o, format).normal_(0, 1), o);
    }

    private static Tensor emptyStridedLike(Tensor t, TensorOptions o, MemoryFormat format) {
        TensorOptions l = like(t, o);
        return Conversions.emptyStrided(t.shapeArray(), Conversions.stridesLike(t, format), l.dtype(), l.device());
    }

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

    /** Seeds the default CPU generator and every CUDA device's ({@code torch.manual_seed}); returns the CPU one. */
    public static Generator manualSeed(long seed) {
        CudaGenerator.manualSeedAll(seed);
        return Generator.defaultGenerator().manualSeed(seed);
    }

    /** Seeds the default generator nondeterministically and returns the seed ({@code torch.seed}). */
    public static long seed() {
        long s = Generator.defaultGenerator().seed();
        CudaGenerator.manualSeedAll(s);
        return s;
    }

    /** The default generator's initial seed ({@code torch.initial_seed}). */
    public static long initialSeed() { return Generator.defaultGenerator().initialSeed(); }

    /** Uniform samples in [0, 1) (default dtype float32). */
    public static Tensor rand(long... shape) { return rand(Size.of(shape), TensorOptions.DEFAULT, null); }

    /** {@code torch.rand(size)} with a {@link Size} (a tuple in Python). */
    public static Tensor rand(Size shape) { return rand(shape, TensorOptions.DEFAULT, null); }

    /** {@code torch.rand(size, dtype=..., device=...)}. */
    public static Tensor rand(Size shape, TensorOptions o) { return rand(shape, o, null); }

    /** Uniform samples in [0, 1) drawn from {@code generator} (null: the default generator). */
    public static Tensor rand(Size shape, TensorOptions o, Generator generator) {
        Tensor t = randomTarget(shape, floatOr(o), o, generator);
        return finish(RandomOps.uniform_(t, 0, 1, generator).to(o.deviceOrCpu()), o);
    }

    /** Standard normal samples (default dtype float32). */
    public static Tensor randn(long... shape) { return randn(Size.of(shape), TensorOptions.DEFAULT, null); }

    /** {@code torch.randn(size)} with a {@link Size} (a tuple in Python). */
    public static Tensor randn(Size shape) { return randn(shape, TensorOptions.DEFAULT, null); }

    /** {@code torch.randn(size, dtype=..., device=...)}. */
    public static Tensor randn(Size shape, TensorOptions o) { return randn(shape, o, null); }

    /** Standard normal samples drawn from {@code generator} (null: the default generator). */
    public static Tensor randn(Size shape, TensorOptions o, Generator generator) {
        Tensor t = randomTarget(shape, floatOr(o), o, generator);
        return finish(RandomOps.normal_(t, 0, 1, generator).to(o.deviceOrCpu()), o);
    }

    /** Integers uniformly in [0, high) (int64). */
    public static Tensor randint(long high, Size shape) { return randint(0, high, shape, TensorOptions.DEFAULT, null); }

    /** Integers uniformly in [low, high) (int64). */
    public static Tensor randint(long low, long high, Size shape) { return randint(low, high, shape, TensorOptions.DEFAULT, null); }

    public static Tensor randint(long low, long high, Size shape, TensorOptions o) { return randint(low, high, shape, o, null); }

    public static Tensor randint(long low, long high, Size shape, TensorOptions o, Generator generator) {
        Tensor t = randomTarget(shape, o.dtypeOr(DType.INT64), o, generator);
        return finish(RandomOps.random_(t, low, high, generator).to(o.deviceOrCpu()), o);
    }

    /** Where a random factory draws: on the target device, except that a (CPU) generator draws on the CPU. */
    private static Tensor randomTarget(Size shape, DType dtype, TensorOptions o, Generator generator) {
        return Creation.full(shape.toArray(), 0, dtype, generator == null ? o.deviceOrCpu() : Device.CPU);
    }

    /** A random permutation of 0..n-1 (int64). */
    public static Tensor randperm(long n) { return RandomOps.randperm(n, DType.INT64, Device.CPU, null); }

    public static Tensor randperm(long n, TensorOptions o, Generator generator) {
        return finish(RandomOps.randperm(n, o.dtypeOr(DType.INT64), o.deviceOrCpu(), generator), o);
    }

    /**
     * {@code torch.multinomial(input, num_samples)}: {@code numSamples} category indices drawn without replacement
     * from each row of {@code input}, a 1-D {@code [C]} or 2-D {@code [N, C]} float tensor of non-negative weights
     * (they need not sum to 1); the result is int64 {@code [numSamples]} or {@code [N, numSamples]}.
     */
    public static Tensor multinomial(Tensor input, long numSamples) {
        return Multinomial.multinomial(input, numSamples, false, null);
    }

    /** {@link #multinomial(Tensor, long)}, with or without replacement. */
    public static Tensor multinomial(Tensor input, long numSamples, boolean replacement) {
        return Multinomial.multinomial(input, numSamples, replacement, null);
    }

    /**
     * {@code torch.multinomial(input, num_samples, replacement, generator=generator)}. On the CPU (or from a CPU
     * {@code generator}) the indices are PyTorch 2.x's after the same seed: without replacement (or for one sample)
     * the exponential race {@code topk(input / q)} with {@code q = exponential_(1)}, with replacement PyTorch's
     * cumulative-distribution search. Zero weights are never drawn while nonzero ones remain. A {@code null}
     * generator means the default one.
     */
    public static Tensor multinomial(Tensor input, long numSamples, boolean replacement, Generator generator) {
        return Multinomial.multinomial(input, numSamples, replacement, generator);
    }

    /** Normal samples with the given mean and std. */
    public static Tensor normal(double mean, double std, Size shape) {
        Tensor t = Creation.full(shape.toArray(), 0, Defaults.floatDType(), Device.CPU);
        return RandomOps.normal_(t, mean, std, null);
    }

    /** {@code torch.rand_like(t)}: uniform samples in [0, 1) with t's shape, dtype and device. */
    public static Tensor randLike(Tensor t) { return rand(t.shape(), like(t, TensorOptions.DEFAULT)); }

    /** {@code torch.rand_like(t, dtype=..., device=...)}: what the options set overrides t's. */
    public static Tensor randLike(Tensor t, TensorOptions o) { return rand(t.shape(), like(t, o)); }

    /** {@code torch.randn_like(t)}: standard normal samples with t's shape, dtype and device. */
    public static Tensor randnLike(Tensor t) { return randn(t.shape(), like(t, TensorOptions.DEFAULT)); }

    /** {@code torch.randn_like(t, dtype=..., device=...)}: what the options set overrides t's. */
    public static Tensor randnLike(Tensor t, TensorOptions o) { return randn(t.shape(), like(t, o)); }

    /** {@code torch.randint_like(t, low, high)}: integers in [low, high) with t's shape, dtype and device. */
    public static Tensor randintLike(Tensor t, long low, long high) { return randint(low, high, t.shape(), like(t, TensorOptions.DEFAULT)); }


    // ---------------------------------------------------------------- reductions, scans, softmax (ops.Reductions)

    /** {@code torch.sum(t)}: bool and integer tensors sum to int64. */
    public static Tensor sum(Tensor t) { return t.sum(); }
    /** {@code torch.sum(t, dims)} (every dim when none are given). */
    public static Tensor sum(Tensor t, long... dims) { return t.sum(dims); }
    public static Tensor sum(Tensor t, long dim, boolean keepdim) { return t.sum(dim, keepdim); }
    public static Tensor sum(Tensor t, long[] dims, boolean keepdim) { return t.sum(dims, keepdim); }
    public static Tensor sum(Tensor t, long[] dims, boolean keepdim, DType dtype) { return t.sum(dims, keepdim, dtype); }
    /** {@code torch.mean(t, dims)}: floating tensors only. */
    public static Tensor mean(Tensor t, long... dims) { return t.mean(dims); }
    public static Tensor mean(Tensor t, long dim, boolean keepdim) { return t.mean(dim, keepdim); }
    public static Tensor mean(Tensor t, long[] dims, boolean keepdim) { return t.mean(dims, keepdim); }
    public static Tensor mean(Tensor t, long[] dims, boolean keepdim, DType dtype) { return t.mean(dims, keepdim, dtype); }
    /** {@code torch.prod(t)}. */
    public static Tensor prod(Tensor t) { return t.prod(); }
    public static Tensor prod(Tensor t, long dim) { return t.prod(dim); }
    public static Tensor prod(Tensor t, long dim, boolean keepdim) { return t.prod(dim, keepdim); }
    /** {@code torch.max(t)}: the largest element, 0-d. */
    public static Tensor max(Tensor t) { return t.max(); }
    /** {@code torch.max(t, dim)}: values and first-occurrence indices along dim. */
    public static ValuesIndices max(Tensor t, long dim) { return t.max(dim); }
    public static ValuesIndices max(Tensor t, long dim, boolean keepdim) { return t.max(dim, keepdim); }
    /** {@code torch.max(a, b)}: elementwise maximum ({@code torch.maximum}). */
    public static Tensor max(Tensor a, Tensor b) { return a.maximum(b); }
    /** {@code torch.min(t)}: the smallest element, 0-d. */
    public static Tensor min(Tensor t) { return t.min(); }
    public static ValuesIndices min(Tensor t, long dim) { return t.min(dim); }
    public static ValuesIndices min(Tensor t, long dim, boolean keepdim) { return t.min(dim, keepdim); }
    /** {@code torch.min(a, b)}: elementwise minimum ({@code torch.minimum}). */
    public static Tensor min(Tensor a, Tensor b) { return a.minimum(b); }
    /** {@code torch.amax(t, dims)}. */
    public static Tensor amax(Tensor t, long... dims) { return t.amax(dims); }
    public static Tensor amax(Tensor t, long[] dims, boolean keepdim) { return t.amax(dims, keepdim); }
    /** {@code torch.amin(t, dims)}. */
    public static Tensor amin(Tensor t, long... dims) { return t.amin(dims); }
    public static Tensor amin(Tensor t, long[] dims, boolean keepdim) { return t.amin(dims, keepdim); }
    /** {@code torch.argmax(t)}: index into the flattened tensor. */
    public static Tensor argmax(Tensor t) { return t.argmax(); }
    public static Tensor argmax(Tensor t, long dim) { return t.argmax(dim); }
    public static Tensor argmax(Tensor t, long dim, boolean keepdim) { return t.argmax(dim, keepdim); }
    /** {@code torch.argmin(t)}: index into the flattened tensor. */
    public static Tensor argmin(Tensor t) { return t.argmin(); }
    public static Tensor argmin(Tensor t, long dim) { return t.argmin(dim); }
    public static Tensor argmin(Tensor t, long dim, boolean keepdim) { return t.argmin(dim, keepdim); }
    /** {@code torch.var(t, dims)} with Bessel's correction. */
    public static Tensor var(Tensor t, long... dims) { return t.var(dims); }
    public static Tensor var(Tensor t, long[] dims, double correction, boolean keepdim) { return t.var(dims, correction, keepdim); }
    /** {@code torch.std(t, dims)} with Bessel's correction. */
    public static Tensor std(Tensor t, long... dims) { return t.std(dims); }
    public static Tensor std(Tensor t, long[] dims, double correction, boolean keepdim) { return t.std(dims, correction, keepdim); }
    /** {@code torch.logsumexp(t, dims, keepdim)}. */
    public static Tensor logsumexp(Tensor t, long dim, boolean keepdim) { return t.logsumexp(dim, keepdim); }
    public static Tensor logsumexp(Tensor t, long[] dims, boolean keepdim) { return t.logsumexp(dims, keepdim); }
    /** {@code torch.all(t)}. */
    public static Tensor all(Tensor t) { return t.all(); }
    public static Tensor all(Tensor t, long dim) { return t.all(dim); }
    /** {@code torch.any(t)}. */
    public static Tensor any(Tensor t) { return t.any(); }
    public static Tensor any(Tensor t, long dim) { return t.any(dim); }
    /** {@code torch.count_nonzero(t, dims)}. */
    public static Tensor countNonzero(Tensor t, long... dims) { return t.countNonzero(dims); }
    /** {@code torch.norm(t)}: the 2-norm of all elements (Frobenius for a matrix). */
    public static Tensor norm(Tensor t) { return t.norm(); }
    public static Tensor norm(Tensor t, double p) { return t.norm(p); }
    public static Tensor norm(Tensor t, double p, long[] dims, boolean keepdim) { return t.norm(p, dims, keepdim); }
    /** {@code torch.softmax(t, dim)}. */
    public static Tensor softmax(Tensor t, long dim) { return t.softmax(dim); }
    public static Tensor softmax(Tensor t, long dim, DType dtype) { return t.softmax(dim, dtype); }
    /** {@code torch.log_softmax(t, dim)}. */
    public static Tensor logSoftmax(Tensor t, long dim) { return t.logSoftmax(dim); }
    public static Tensor logSoftmax(Tensor t, long dim, DType dtype) { return t.logSoftmax(dim, dtype); }
    /** {@code torch.cumsum(t, dim)}. */
    public static Tensor cumsum(Tensor t, long dim) { return t.cumsum(dim); }
    public static Tensor cumsum(Tensor t, long dim, DType dtype) { return t.cumsum(dim, dtype); }
    /** {@code torch.cumprod(t, dim)}. */
    public static Tensor cumprod(Tensor t, long dim) { return t.cumprod(dim); }
    public static Tensor cumprod(Tensor t, long dim, DType dtype) { return t.cumprod(dim, dtype); }

    // ---------------------------------------------------------------- sorting (ops.Sorting)

    /** {@code torch.sort(t, dim, descending)}: values and int64 indices; NaN sorts as the largest value. */
    public static ValuesIndices sort(Tensor t, long dim, boolean descending) { return t.sort(dim, descending); }
    public static ValuesIndices sort(Tensor t, long dim, boolean descending, boolean stable) { return t.sort(dim, descending, stable); }
    /** {@code torch.argsort(t, dim, descending)}. */
    public static Tensor argsort(Tensor t, long dim, boolean descending) { return t.argsort(dim, descending); }
    /** {@code torch.topk(t, k, dim, largest, sorted)}. */
    public static ValuesIndices topk(Tensor t, long k) { return t.topk(k); }
    public static ValuesIndices topk(Tensor t, long k, long dim, boolean largest, boolean sorted) { return t.topk(k, dim, largest, sorted); }

    // ---------------------------------------------------------------- shape functions (the Tensor methods, as torch.*)

    /** {@code torch.flatten(t)}: all dims into one. */
    public static Tensor flatten(Tensor t) { return t.flatten(); }

    /** {@code torch.flatten(t, start_dim)}: dims from {@code startDim} on into one ({@code torch.flatten(x, 1)} keeps the batch). */
    public static Tensor flatten(Tensor t, long startDim) { return t.flatten(startDim); }

    /** {@code torch.flatten(t, start_dim, end_dim)}. */
    public static Tensor flatten(Tensor t, long startDim, long endDim) { return t.flatten(startDim, endDim); }

    /** {@code torch.reshape(t, shape)}. */
    public static Tensor reshape(Tensor t, long... shape) { return t.reshape(shape); }

    /** {@code torch.transpose(t, dim0, dim1)}. */
    public static Tensor transpose(Tensor t, long dim0, long dim1) { return t.transpose(dim0, dim1); }

    /** {@code torch.permute(t, dims)}. */
    public static Tensor permute(Tensor t, long... dims) { return t.permute(dims); }

    /** {@code torch.t(t)}: the transpose of a tensor of at most 2 dims. */
    public static Tensor t(Tensor t) { return t.t(); }

    /** {@code torch.squeeze(t)}: every dim of size 1 removed. */
    public static Tensor squeeze(Tensor t) { return t.squeeze(); }

    /** {@code torch.squeeze(t, dim)}. */
    public static Tensor squeeze(Tensor t, long dim) { return t.squeeze(dim); }

    /** PyTorch 2's {@code torch.squeeze(input, dims)}: removes those of {@code dims} whose size is 1. */
    public static Tensor squeeze(Tensor t, long... dims) { return t.squeeze(dims); }

    /** {@code torch.unsqueeze(t, dim)}. */
    public static Tensor unsqueeze(Tensor t, long dim) { return t.unsqueeze(dim); }

    /** {@code torch.narrow(t, dim, start, length)}. */
    public static Tensor narrow(Tensor t, long dim, long start, long length) { return t.narrow(dim, start, length); }

    /** {@code torch.select(t, dim, index)}. */
    public static Tensor select(Tensor t, long dim, long index) { return t.select(dim, index); }

    /** {@code torch.diagonal(t, offset, dim1, dim2)}. */
    public static Tensor diagonal(Tensor t, long offset, long dim1, long dim2) { return t.diagonal(offset, dim1, dim2); }

    /** {@code torch.numel(t)}. */
    public static long numel(Tensor t) { return t.numel(); }

    /** {@code torch.clone(t)}. */
    public static Tensor clone(Tensor t) { return t.clone(); }

    /** {@code torch.clone(t, memory_format=format)}. */
    public static Tensor clone(Tensor t, MemoryFormat format) { return t.clone(format); }

    /** {@code torch.clamp(t, min, max)}; either bound may be null. */
    public static Tensor clamp(Tensor t, Double min, Double max) { return t.clamp(min, max); }

    /** {@code torch.clamp(t, min, max)} with tensor bounds (either may be null). */
    public static Tensor clamp(Tensor t, Tensor min, Tensor max) { return t.clamp(min, max); }

    /** {@code torch.equal(a, b)}: same shape and elements. */
    public static boolean equal(Tensor a, Tensor b) { return a.equal(b); }

    /** {@code torch.isclose(a, b)}. */
    public static Tensor isclose(Tensor a, Tensor b) { return a.isclose(b); }

    /** {@code torch.isclose(a, b, rtol, atol, equal_nan)}. */
    public static Tensor isclose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) { return a.isclose(b, rtol, atol, equalNan); }

    /** {@code torch.allclose(a, b)}. */
    public static boolean allclose(Tensor a, Tensor b) { return a.allclose(b); }

    /** {@code torch.allclose(a, b, rtol, atol)}: NaNs unequal. */
    public static boolean allclose(Tensor a, Tensor b, double rtol, double atol) { return a.allclose(b, rtol, atol); }

    /** {@code torch.allclose(a, b, rtol, atol, equal_nan)}. */
    public static boolean allclose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) { return a.allclose(b, rtol, atol, equalNan); }

    /**
     * {@code torch.einsum(equation, operands)}: Einstein summation ({@code einsum("bij,bjk->bik", a, b)} is a batched
     * matrix product), with {@code ...} for broadcast dims and an implicit output when there is no {@code ->}.
     */
    public static Tensor einsum(String equation, Tensor... operands) { return dev.torch4j.ops.Einsum.einsum(equation, operands); }

    /** {@code torch.repeat_interleave(t, repeats)}: every element repeated, over the flattened tensor. */
    public static Tensor repeatInterleave(Tensor t, long repeats) { return t.repeatInterleave(repeats); }

    /** {@code torch.repeat_interleave(t, repeats, dim)}: each slice along {@code dim} repeated {@code repeats} times. */
    public static Tensor repeatInterleave(Tensor t, long repeats, long dim) { return t.repeatInterleave(repeats, dim); }

    /** {@code torch.repeat_interleave(t, repeats, dim)} with a count per slice; a null dim flattens first. */
    public static Tensor repeatInterleave(Tensor t, Tensor repeats, Long dim) { return dev.torch4j.ops.Assembly.repeatInterleave(t, repeats, dim); }

    /** {@code torch.meshgrid(*tensors, indexing="ij")}: one grid per 1-d tensor, each expanded over all of them. */
    public static Tensor[] meshgrid(Tensor... tensors) { return dev.torch4j.ops.Assembly.meshgrid("ij", tensors); }

    /** {@code torch.meshgrid(*tensors, indexing=indexing)}: "ij" or "xy" (the first two dims swapped, as NumPy's default). */
    public static Tensor[] meshgrid(String indexing, Tensor... tensors) { return dev.torch4j.ops.Assembly.meshgrid(indexing, tensors); }

    /** {@code torch.diag(t)}: a vector onto the diagonal of a square matrix, or a matrix's diagonal as a vector. */
    public static Tensor diag(Tensor t) { return t.diag(); }

    /** {@code torch.diag(t, diagonal)}. */
    public static Tensor diag(Tensor t, long diagonal) { return t.diag(diagonal); }

    /** {@code torch.cdist(x1, x2)}: Euclidean distances between the rows of {@code x1 [..., P, M]} and {@code x2 [..., R, M]}. */
    public static Tensor cdist(Tensor x1, Tensor x2) { return dev.torch4j.ops.Assembly.cdist(x1, x2, 2.0); }

    /** {@code torch.cdist(x1, x2, p)}: p-norm distances between rows (PyTorch's default compute mode). */
    public static Tensor cdist(Tensor x1, Tensor x2, double p) { return dev.torch4j.ops.Assembly.cdist(x1, x2, p); }

    /** {@code torch.trace(t)}: the sum of a matrix's diagonal. */
    public static Tensor trace(Tensor t) { return t.trace(); }

    /** {@code torch.det(A)}. */
    public static Tensor det(Tensor a) { return a.det(); }

    /** {@code torch.logdet(A)}. */
    public static Tensor logdet(Tensor a) { return a.logdet(); }

    /** {@code torch.inverse(A)}. */
    public static Tensor inverse(Tensor a) { return a.inverse(); }

    /** {@code torch.pinverse(A)}. */
    public static Tensor pinverse(Tensor a) { return a.pinverse(); }

    /** {@code torch.matrix_power(A, n)}. */
    public static Tensor matrixPower(Tensor a, long n) { return a.matrixPower(n); }

    /** {@code torch.matrix_exp(A)}. */
    public static Tensor matrixExp(Tensor a) { return a.matrixExp(); }

    /** {@code torch.cholesky_solve(B, L, upper)}: {@code A^-1 B} for {@code A = L L^T} (or {@code U^T U}). */
    public static Tensor choleskySolve(Tensor b, Tensor l, boolean upper) {
        return dev.torch4j.ops.LinalgComposites.choleskySolve(b, l, upper);
    }

    /** {@code torch.cholesky_inverse(L)}. */
    public static Tensor choleskyInverse(Tensor l) { return l.choleskyInverse(); }

    /** {@code torch.cholesky_inverse(L, upper)}. */
    public static Tensor choleskyInverse(Tensor l, boolean upper) { return dev.torch4j.ops.LinalgComposites.choleskyInverse(l, upper); }

    /** {@code torch.unique(t)}: the distinct elements in ascending order. */
    public static Tensor unique(Tensor t) { return t.unique(); }

    /**
     * {@code torch.unique(t, sorted=True, return_inverse=..., return_counts=...)}: the values, then each element's
     * index among them (when asked), then each value's count (when asked), as Python's tuple.
     */
    public static Tensor[] unique(Tensor t, boolean returnInverse, boolean returnCounts) {
        return dev.torch4j.ops.Counting.unique(t, returnInverse, returnCounts);
    }

    /**
     * {@code torch.unique(t, sorted=sorted, return_inverse=..., return_counts=..., dim=dim)}: with a dim, the distinct
     * slices along it (lexicographically ordered) and one inverse index per slice; a null dim flattens t. The values
     * always come sorted (PyTorch leaves the order unspecified when sorted is false).
     */
    public static Tensor[] unique(Tensor t, boolean sorted, boolean returnInverse, boolean returnCounts, Long dim) {
        if (dim == null) return dev.torch4j.ops.Counting.unique(t, returnInverse, returnCounts);
        return dev.torch4j.ops.Counting.uniqueDim(t, dim, returnInverse, returnCounts);
    }

    /** {@code torch.bincount(t)}: the count of each non-negative integer up to the largest. */
    public static Tensor bincount(Tensor t) { return dev.torch4j.ops.Counting.bincount(t, null, 0); }

    /** {@code torch.bincount(t, weights, minlength)}; a null weights counts. */
    public static Tensor bincount(Tensor t, Tensor weights, long minlength) { return dev.torch4j.ops.Counting.bincount(t, weights, minlength); }

    /** {@code torch.searchsorted(sorted_sequence, values)}: insertion points, before equal elements. */
    public static Tensor searchsorted(Tensor sortedSequence, Tensor values) { return dev.torch4j.ops.Counting.searchsorted(sortedSequence, values, false); }

    /** {@code torch.searchsorted(sorted_sequence, values, right=right)}. */
    public static Tensor searchsorted(Tensor sortedSequence, Tensor values, boolean right) {
        return dev.torch4j.ops.Counting.searchsorted(sortedSequence, values, right);
    }

    /**
     * {@code torch.searchsorted(sequence, values, right=right, side=side, sorter=sorter)}: side ("left", "right" or
     * null) overrides right (they may not contradict); sorter (int64, sequence's shape, or null) holds the indices
     * that sort an unsorted sequence along its last dim.
     */
    public static Tensor searchsorted(Tensor sequence, Tensor values, boolean right, String side, Tensor sorter) {
        return dev.torch4j.ops.Counting.searchsorted(sequence, values, right, side, sorter);
    }

    /** {@code torch.bucketize(t, boundaries)}: each element's bucket among the sorted 1-d boundaries. */
    public static Tensor bucketize(Tensor t, Tensor boundaries) { return dev.torch4j.ops.Counting.bucketize(t, boundaries, false); }

    /** {@code torch.bucketize(t, boundaries, right=right)}. */
    public static Tensor bucketize(Tensor t, Tensor boundaries, boolean right) { return dev.torch4j.ops.Counting.bucketize(t, boundaries, right); }

    /** {@code torch.tril(t, diagonal)}. */
    public static Tensor tril(Tensor t, long diagonal) { return t.tril(diagonal); }

    /** {@code torch.tril(t)}. */
    public static Tensor tril(Tensor t) { return t.tril(); }

    /** {@code torch.triu(t, diagonal)}. */
    public static Tensor triu(Tensor t, long diagonal) { return t.triu(diagonal); }

    /** {@code torch.triu(t)}. */
    public static Tensor triu(Tensor t) { return t.triu(); }

    /** {@code torch.flip(t, dims)}. */
    public static Tensor flip(Tensor t, long... dims) { return t.flip(dims); }

    /** {@code torch.roll(t, shifts, dims)} with a shift per dim (no dims: over the flattened tensor). */
    public static Tensor roll(Tensor t, long[] shifts, long[] dims) { return t.roll(shifts, dims); }

    /** {@code torch.roll(t, shifts, dim)}. */
    public static Tensor roll(Tensor t, long shifts, long dim) { return t.roll(shifts, dim); }

    // ---------------------------------------------------------------- indexing (ops.Indexing)

    /** {@code None} in an index: {@code t.index(NONE, 0)} is {@code t[None, 0]}. */
    public static final Index NONE = Index.NONE;

    /** {@code ...} in an index: {@code t.index(ELLIPSIS, 0)} is {@code t[..., 0]}. */
    public static final Index ELLIPSIS = Index.ELLIPSIS;

    /** {@code :} in an index: {@code t.index(ALL, 0)} is {@code t[:, 0]}. */
    public static final Index ALL = Index.ALL;

    /** The slice {@code start:stop} for {@link Tensor#index}; either bound may be null. */
    public static Index slice(Number start, Number stop) { return Index.slice(start, stop); }

    /** The slice {@code start:stop:step} for {@link Tensor#index}; bounds may be null, the step must be positive. */
    public static Index slice(Number start, Number stop, Number step) { return Index.slice(start, stop, step); }

    /** {@code torch.gather(input, dim, index)}. */
    public static Tensor gather(Tensor input, long dim, Tensor index) { return input.gather(dim, index); }

    /** {@code torch.scatter(input, dim, index, src)}. */
    public static Tensor scatter(Tensor input, long dim, Tensor index, Tensor src) { return input.scatter(dim, index, src); }

    /** {@code torch.scatter(input, dim, index, value)}. */
    public static Tensor scatter(Tensor input, long dim, Tensor index, double value) { return input.scatter(dim, index, value); }

    /** {@code torch.scatter_add(input, dim, index, src)}. */
    public static Tensor scatterAdd(Tensor input, long dim, Tensor index, Tensor src) { return input.scatterAdd(dim, index, src); }

    /** {@code torch.index_select(input, dim, index)}. */
    public static Tensor indexSelect(Tensor input, long dim, Tensor index) { return input.indexSelect(dim, index); }

    /** {@code torch.masked_select(input, mask)}. */
    public static Tensor maskedSelect(Tensor input, Tensor mask) { return input.maskedSelect(mask); }

    /** {@code torch.take(input, index)}. */
    public static Tensor take(Tensor input, Tensor index) { return input.take(index); }

    /** {@code torch.nonzero(input)}. */
    public static Tensor nonzero(Tensor input) { return input.nonzero(); }

    /** {@code torch.nonzero(input, as_tuple=True)}: {@link Tensor#nonzeroAsTuple()}. */
    public static Tensor[] nonzeroAsTuple(Tensor input) { return input.nonzeroAsTuple(); }

    /** {@code torch.where(condition)}: the same as {@code torch.nonzero(condition, as_tuple=True)}. */
    public static Tensor[] where(Tensor condition) { return condition.nonzeroAsTuple(); }

    /** {@code torch.argwhere(input)}. */
    public static Tensor argwhere(Tensor input) { return input.nonzero(); }

    // ---------------------------------------------------------------- joining and splitting (ops.Joining)

    /** {@code torch.cat(tensors, dim)}: the result dtype promotes over all inputs; shape-[0] tensors are skipped. */
    public static Tensor cat(java.util.List<Tensor> tensors, long dim) { return Joining.cat(tensors, dim); }

    /** {@code torch.cat(tensors, dim)}. */
    public static Tensor cat(Tensor[] tensors, long dim) { return Joining.cat(java.util.Arrays.asList(tensors), dim); }

    /** {@code torch.cat(tensors)} along dim 0. */
    public static Tensor cat(Tensor... tensors) { return Joining.cat(java.util.Arrays.asList(tensors), 0); }

    /** {@code torch.cat(tensors)} along dim 0. */
    public static Tensor cat(java.util.List<Tensor> tensors) { return Joining.cat(tensors, 0); }

    /** {@code torch.concat}: the same as {@link #cat(java.util.List, long)}. */
    public static Tensor concat(java.util.List<Tensor> tensors, long dim) { return Joining.cat(tensors, dim); }

    /** {@code torch.stack(tensors, dim)}: equal-shaped tensors joined along a new dim. */
    public static Tensor stack(java.util.List<Tensor> tensors, long dim) { return Joining.stack(tensors, dim); }

    /** {@code torch.stack(tensors, dim)}. */
    public static Tensor stack(Tensor[] tensors, long dim) { return Joining.stack(java.util.Arrays.asList(tensors), dim); }

    /** {@code torch.stack(tensors)} along a new dim 0. */
    public static Tensor stack(Tensor... tensors) { return Joining.stack(java.util.Arrays.asList(tensors), 0); }

    /** {@code torch.stack(tensors)} along a new dim 0. */
    public static Tensor stack(java.util.List<Tensor> tensors) { return Joining.stack(tensors, 0); }

    /** {@code torch.hstack}: cat along dim 1 (dim 0 for 1-d inputs). */
    public static Tensor hstack(Tensor... tensors) { return Joining.hstack(java.util.Arrays.asList(tensors)); }

    /** {@code torch.vstack}: cat along dim 0 of the inputs made at least 2-d. */
    public static Tensor vstack(Tensor... tensors) { return Joining.vstack(java.util.Arrays.asList(tensors)); }

    /** {@code torch.dstack}: cat along dim 2 of the inputs made at least 3-d. */
    public static Tensor dstack(Tensor... tensors) { return Joining.dstack(java.util.Arrays.asList(tensors)); }

    /** {@code torch.split(t, splitSize, dim)}: views. */
    public static Tensor[] split(Tensor t, long splitSize, long dim) { return Joining.split(t, splitSize, dim); }

    /** {@code torch.split(t, [sizes...], dim)}: views. */
    public static Tensor[] split(Tensor t, long[] sizes, long dim) { return Joining.split(t, sizes, dim); }

    /** {@code torch.chunk(t, chunks, dim)}: views. */
    public static Tensor[] chunk(Tensor t, long chunks, long dim) { return Joining.chunk(t, chunks, dim); }

    // ---------------------------------------------------------------- linear algebra (ops.Linalg)

    /** {@code torch.matmul}. */
    public static Tensor matmul(Tensor a, Tensor b) { return Linalg.matmul(a, b); }

    /** {@code torch.matmul(a, b, out=out)}: the product written into {@code out} (see {@link Out}), which is returned. */
    public static Tensor matmul(Tensor a, Tensor b, Out out) { return Linalg.matmulOut(a, b, out.tensor()); }

    /** {@code torch.mm}. */
    public static Tensor mm(Tensor a, Tensor b) { return Linalg.mm(a, b); }

    /** {@code torch.mm(a, b, out=out)}: the product written into {@code out} (see {@link Out}), which is returned. */
    public static Tensor mm(Tensor a, Tensor b, Out out) { return Linalg.mmOut(a, b, out.tensor()); }

    /** {@code torch.bmm}. */
    public static Tensor bmm(Tensor a, Tensor b) { return Linalg.bmm(a, b); }

    /** {@code torch.bmm(a, b, out=out)}: the product written into {@code out} (see {@link Out}), which is returned. */
    public static Tensor bmm(Tensor a, Tensor b, Out out) { return Linalg.bmmOut(a, b, out.tensor()); }

    /** {@code torch.mv}. */
    public static Tensor mv(Tensor mat, Tensor vec) { return Linalg.mv(mat, vec); }

    /** {@code torch.dot}. */
    public static Tensor dot(Tensor a, Tensor b) { return Linalg.dot(a, b); }

    /** {@code torch.outer}. */
    public static Tensor outer(Tensor a, Tensor b) { return Linalg.outer(a, b); }

    /** {@code torch.addmm(input, mat1, mat2, beta=, alpha=)}. */
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta, double alpha) {
        return Linalg.addmm(input, mat1, mat2, beta, alpha);
    }

    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2) { return Linalg.addmm(input, mat1, mat2, 1, 1); }


    // ---------------------------------------------------------------- automatic mixed precision

    /** {@code with torch.autocast(device_type):} (float16 on "cuda", bfloat16 on "cpu"). See {@link Autocast}. */
    public static Autocast autocast(String deviceType) { return Autocast.enter(deviceType, null, true, true); }

    /** {@code torch.autocast(device_type, dtype=dtype)}. */
    public static Autocast autocast(String deviceType, DType dtype) { return Autocast.enter(deviceType, dtype, true, true); }

    /** {@code torch.autocast(device_type, dtype=dtype, enabled=enabled)} (null dtype: the device type's default). */
    public static Autocast autocast(String deviceType, DType dtype, boolean enabled) {
        return Autocast.enter(deviceType, dtype, enabled, true);
    }

    /** {@code torch.autocast(device_type, dtype, enabled, cache_enabled)}. */
    public static Autocast autocast(String deviceType, DType dtype, boolean enabled, boolean cacheEnabled) {
        return Autocast.enter(deviceType, dtype, enabled, cacheEnabled);
    }

    /** {@code torch.is_autocast_enabled(device_type)}. */
    public static boolean isAutocastEnabled(String deviceType) {
        return dev.torch4j.ops.AutocastMode.isEnabled(Device.of(deviceType).type());
    }

    /** {@code torch.get_autocast_dtype(device_type)}. */
    public static DType getAutocastDtype(String deviceType) {
        return dev.torch4j.ops.AutocastMode.dtype(Device.of(deviceType).type());
    }

    /** {@code torch.clear_autocast_cache()}. */
    public static void clearAutocastCache() { dev.torch4j.ops.AutocastMode.clearCache(); }

    // ---------------------------------------------------------------- autograd

    /** {@code with torch.no_grad():} as {@code try (var g = noGrad()) { ... }}. */
    public static GradMode.Scope noGrad() { return GradMode.noGrad(); }

    /**
     * A scope that frees, when closed, the GPU memory of the tensors created inside it on this thread (except those
     * {@code keep}'d and those owned by modules, optimizers or gradients): {@code try (var s = Torch.scope()) {...}}.
     * See {@link TensorScope}.
     */
    public static TensorScope scope() { return new TensorScope(); }

    /** {@code torch.enable_grad()} scope. */
    public static GradMode.Scope enableGrad() { return GradMode.enableGrad(); }

    /** {@code torch.inference_mode()} scope. */
    public static GradMode.Scope inferenceMode() { return GradMode.inferenceMode(); }

    /** {@code torch.set_grad_enabled(mode)} scope; restores the previous mode when closed. */
    public static GradMode.Scope setGradEnabled(boolean mode) { return GradMode.setGradEnabled(mode); }

    /** {@code torch.is_grad_enabled()}. */
    public static boolean isGradEnabled() { return GradMode.isEnabled(); }

    /** {@code torch.is_inference_mode_enabled()}. */
    public static boolean isInferenceModeEnabled() { return GradMode.isInference(); }

    /** {@code torch.is_anomaly_enabled()}: whether anomaly detection is on for this thread (see {@link AnomalyMode}). */
    public static boolean isAnomalyEnabled() { return AnomalyMode.isEnabled(); }

    /** {@code torch.is_anomaly_check_nan_enabled()}: whether anomaly mode checks gradients for NaN on this thread. */
    public static boolean isAnomalyCheckNanEnabled() { return AnomalyMode.shouldCheckNan(); }

    /** {@code torch.set_anomaly_enabled(enabled)} for this thread (the scoped form is {@code autograd().detectAnomaly()}). */
    public static void setAnomalyEnabled(boolean enabled) { AnomalyMode.setEnabled(enabled, true); }

    /** {@code torch.set_anomaly_enabled(enabled, check_nan)} for this thread. */
    public static void setAnomalyEnabled(boolean enabled, boolean checkNan) { AnomalyMode.setEnabled(enabled, checkNan); }

    /** The {@code torch.linalg} namespace: {@code linalg().solve(A, B)}, {@code linalg().svd(A)}, ... */
    public static dev.torch4j.Linalg linalg() { return dev.torch4j.Linalg.INSTANCE; }

    /** The {@code torch.special} namespace: {@code Torch.special().gammaln(x)}. See {@link Special}. */
    public static Special special() { return Special.INSTANCE; }

    /** The {@code torch.fft} namespace: {@code Torch.fft().fft(x)}, {@code Torch.fft().rfft(x)}. See {@link Fft}. */
    public static Fft fft() { return Fft.INSTANCE; }

    /** The {@code torch.autograd} namespace: {@code autograd().grad(outputs, inputs)}. */
    public static Autograd autograd() { return Autograd.get(); }

    // ---------------------------------------------------------------- settings

    /** {@code torch.set_num_threads}: threads used inside one op on the CPU. */
    public static void setNumThreads(int n) { Parallel.setNumThreads(n); }

    /** {@code torch.get_num_threads}. */
    public static int getNumThreads() { return Parallel.numThreads(); }

    /** {@code torch.set_default_dtype}. */
    public static void setDefaultDtype(DType d) { Defaults.setFloatDType(d); }

    private static volatile String matmulPrecision = "highest";

    /**
     * {@code torch.set_float32_matmul_precision(p)}: "highest" keeps float32 products in float32 on CUDA (the
     * default); "high" and "medium" allow TF32 ({@code cuda().setAllowTf32(true)}). Another value is ignored with
     * PyTorch's warning.
     */
    public static void setFloat32MatmulPrecision(String precision) {
        if (!java.util.List.of("highest", "high", "medium").contains(precision)) {
            System.getLogger("dev.torch4j").log(System.Logger.Level.WARNING, precision + " is not one of 'highest', 'high', or "
                    + "'medium'; the current setFloat32MatmulPrecision call has no effect.");
            return;
        }
        matmulPrecision = precision;
        dev.torch4j.backend.cuda.Cublas.allowTf32 = !precision.equals("highest");
    }

    /** {@code torch.get_float32_matmul_precision()}: as set, or as the TF32 switch implies when that was set directly. */
    public static String getFloat32MatmulPrecision() {
        boolean tf32 = dev.torch4j.backend.cuda.Cublas.allowTf32;
        if (!tf32) return "highest";
        return matmulPrecision.equals("highest") ? "high" : matmulPrecision;
    }

    /** {@code torch.finfo(dtype)}: eps, max, min, tiny and resolution of a floating (or complex) dtype. */
    public static TypeInfo.FInfo finfo(DType dtype) { return TypeInfo.finfo(dtype); }

    /** {@code torch.finfo()}: of the default dtype. */
    public static TypeInfo.FInfo finfo() { return TypeInfo.finfo(getDefaultDtype()); }

    /** {@code torch.iinfo(dtype)}: max and min of an integer dtype. */
    public static TypeInfo.IInfo iinfo(DType dtype) { return TypeInfo.iinfo(dtype); }

    /**
     * {@code torch.get_rng_state()}: the default CPU generator's state, a uint8 tensor in PyTorch's 5056-byte layout
     * (so a state saved by PyTorch loads here, and the reverse).
     */
    public static Tensor getRngState() { return fromArray(Generator.defaultGenerator().getState()).to(DType.UINT8); }

    /** {@code torch.set_rng_state(state)}: restores a state from {@link #getRngState()} or from PyTorch. */
    public static void setRngState(Tensor state) {
        if (state.dtype() != DType.UINT8) throw new IllegalArgumentException("RNG state must be a torch.ByteTensor");
        long[] v = state.cpu().reshape(-1).toLongArray();
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        Generator.defaultGenerator().setState(b);
    }

    /** {@code torch.get_default_dtype}. */
    public static DType getDefaultDtype() { return Defaults.floatDType(); }

    /** {@code torch.set_printoptions(profile=...)}: "default", "short" or "full". */
    public static void setPrintOptions(String profile) { PrintOptions.set(PrintOptions.profile(profile)); }

    /** {@code torch.set_printoptions(...)} with explicit options. */
    public static void setPrintOptions(PrintOptions options) { PrintOptions.set(options); }

    // ---------------------------------------------------------------- serialization (io.TorchSerialization)

    /**
     * {@code torch.save(obj, path)}: PyTorch's zip checkpoint format, loadable with
     * {@code torch.load(path, weights_only=True)}. {@code obj} may nest Maps, Lists, {@link dev.torch4j.io.Tuple}s,
     * tensors (shared storages and views are preserved), strings, numbers, booleans and null. The file is written
     * to a temporary file and moved into place.
     */
    public static void save(Object obj, java.nio.file.Path path) throws java.io.IOException {
        dev.torch4j.io.TorchSerialization.save(obj, path);
    }

    /**
     * {@code torch.load(path, weights_only=True)}: reads a {@code torch.save} checkpoint with a restricted unpickler
     * (only the globals a tensor checkpoint needs; never runs code from the file). Dicts come back as
     * LinkedHashMaps, lists as ArrayLists, tuples as {@link dev.torch4j.io.Tuple}s, ints as Longs, floats as Doubles.
     */
    public static Object load(java.nio.file.Path path) throws java.io.IOException {
        return dev.torch4j.io.TorchSerialization.load(path);
    }

    /** {@code torch.load(path, map_location=mapLocation, weights_only=True)}: every storage goes to {@code mapLocation}. */
    public static Object load(java.nio.file.Path path, Device mapLocation) throws java.io.IOException {
        return dev.torch4j.io.TorchSerialization.load(path, mapLocation);
    }

    /** {@code torch.sparse_coo_tensor(indices, values, size)}: see {@link dev.torch4j.sparse.Sparse#cooTensor(Tensor, Tensor, long...)}. */
    public static dev.torch4j.sparse.SparseTensor sparseCooTensor(Tensor indices, Tensor values, long... size) {
        return dev.torch4j.sparse.Sparse.cooTensor(indices, values, size);
    }

    /** {@code torch.sparse_coo_tensor(indices, values)}, the size inferred: see {@link dev.torch4j.sparse.Sparse#cooTensor(Tensor, Tensor)}. */
    public static dev.torch4j.sparse.SparseTensor sparseCooTensor(Tensor indices, Tensor values) {
        return dev.torch4j.sparse.Sparse.cooTensor(indices, values);
    }

    /** {@code torch.sparse_csr_tensor(crow_indices, col_indices, values, size)}: see {@link dev.torch4j.sparse.Sparse#csrTensor}. */
    public static dev.torch4j.sparse.SparseTensor sparseCsrTensor(Tensor crowIndices, Tensor colIndices, Tensor values, long... size) {
        return dev.torch4j.sparse.Sparse.csrTensor(crowIndices, colIndices, values, size);
    }

    /** {@code torch.sparse_csc_tensor(ccol_indices, row_indices, values, size)}: see {@link dev.torch4j.sparse.Sparse#cscTensor}. */
    public static dev.torch4j.sparse.SparseTensor sparseCscTensor(Tensor ccolIndices, Tensor rowIndices, Tensor values, long... size) {
        return dev.torch4j.sparse.Sparse.cscTensor(ccolIndices, rowIndices, values, size);
    }

    /** {@code torch.sparse_csc_tensor(ccol_indices, row_indices, values)}, the size inferred: see {@link dev.torch4j.sparse.Sparse#cscTensor}. */
    public static dev.torch4j.sparse.SparseTensor sparseCscTensor(Tensor ccolIndices, Tensor rowIndices, Tensor values) {
        return dev.torch4j.sparse.Sparse.cscTensor(ccolIndices, rowIndices, values);
    }

    /** {@code torch.sparse_csr_tensor(crow_indices, col_indices, values)}, the size inferred: see {@link dev.torch4j.sparse.Sparse#csrTensor}. */
    public static dev.torch4j.sparse.SparseTensor sparseCsrTensor(Tensor crowIndices, Tensor colIndices, Tensor values) {
        return dev.torch4j.sparse.Sparse.csrTensor(crowIndices, colIndices, values);
    }
}
