package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.MemoryFormat;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.backend.Strided;
import dev.torch4j.backend.cuda.CudaHost;
import dev.torch4j.core.MemoryLayouts;
import dev.torch4j.core.ScalarConversion;
import dev.torch4j.core.Shapes;

/** Copies between dtypes, devices and layouts. */
public final class Conversions {
    private Conversions() {}

    /** A copy of {@code t} with the given dtype and device, or {@code t} itself when both already match. */
    public static Tensor to(Tensor t, DType dtype, Device device) {
        if (t.dtype() == dtype && t.device().equals(device)) return t;
        if (t.dtype().isQuantized()) throw Quantized.unsupported(t.dtype());
        if (t.isComplex() || dtype.isComplex()) return ComplexOps.to(t, dtype, device);
        Tensor out = Dispatch.empty(t.shapeArray(), dtype, device);
        copyRaw(out, t);
        if (!Graph.isRecording(t) || !dtype.isFloatingPoint()) return out;
        Device from = t.device();
        // the gradient goes back to the source's device (the engine casts its dtype)
        return Graph.node("ToCopyBackward0", t).backward(g -> new Tensor[] {g[0].to(from)}).output(out);
    }

    /** Records {@code out} as a copy of {@code t} whose gradient passes straight back (cast by the engine). */
    private static Tensor passThrough(String name, Tensor t, Tensor out) {
        return Graph.node(name, t).backward(g -> new Tensor[] {g[0]}).output(out);
    }

    /** A contiguous copy with the same dtype and device ({@code clone()}). */
    public static Tensor clone(Tensor t) {
        if (t.isComplex()) return ComplexOps.clone(t);
        if (t.dtype().isQuantized()) return Quantized.clone(t);
        Tensor out = Dispatch.empty(t.shapeArray(), t.dtype(), t.device());
        copyFresh(out, t);
        return Graph.isRecording(t) ? passThrough("CloneBackward0", t, out) : out;
    }

    /** Fills a new tensor from {@code src}: not an in-place write of anything seen before, so its version stays 0. */
    private static void copyFresh(Tensor out, Tensor src) { copyRaw(out, src, false); }

    // ---------------------------------------------------------------- memory formats

    /**
     * The strides of a new dense tensor of {@code sizes} in {@code format}, with PyTorch's errors for a format that
     * does not fit the rank. {@code PRESERVE} needs an input to preserve: see {@link #stridesLike}.
     */
    public static long[] stridesFor(long[] sizes, MemoryFormat format) {
        return switch (format) {
            case CONTIGUOUS -> Shapes.contiguousStrides(sizes);
            case CHANNELS_LAST -> {
                if (sizes.length != 4) throw new IllegalArgumentException("required rank 4 tensor to use channels_last format");
                yield MemoryLayouts.channelsLastStrides(sizes);
            }
            case CHANNELS_LAST_3D -> {
                if (sizes.length != 5) throw new IllegalArgumentException("required rank 5 tensor to use channels_last_3d format");
                yield MemoryLayouts.channelsLastStrides(sizes);
            }
            case PRESERVE -> throw new IllegalArgumentException("preserve_format needs a tensor whose layout to preserve");
        };
    }

    /**
     * {@code empty_like(t, memory_format=format)}'s strides: {@code PRESERVE} keeps {@code t}'s strides when it is
     * dense and non-overlapping, else dense strides in its dims' memory order ({@code infer_dense_strides}).
     */
    public static long[] stridesLike(Tensor t, MemoryFormat format) {
        if (format != MemoryFormat.PRESERVE) return stridesFor(t.shapeArray(), format);
        long[] sizes = t.shapeArray(), strides = t.stride();
        // TensorImpl's flag: contiguous in some format (an empty tensor always is), or dense by the general test
        boolean dense = t.isContiguous() || isContiguous(t, MemoryFormat.CHANNELS_LAST) || isContiguous(t, MemoryFormat.CHANNELS_LAST_3D)
                || MemoryLayouts.isNonOverlappingAndDense(sizes, strides);
        return dense ? strides : MemoryLayouts.inferDenseStrides(sizes, strides);
    }

    /** {@code t.is_contiguous(memory_format=format)}; {@code PRESERVE} asks for row-major contiguity, as PyTorch does. */
    public static boolean isContiguous(Tensor t, MemoryFormat format) {
        return switch (format) {
            case CONTIGUOUS, PRESERVE -> t.isContiguous();
            case CHANNELS_LAST -> t.dim() == 4 && MemoryLayouts.isChannelsLastContiguous(t.shapeArray(), t.stride());
            case CHANNELS_LAST_3D -> t.dim() == 5 && MemoryLayouts.isChannelsLastContiguous(t.shapeArray(), t.stride());
        };
    }

    /** {@code suggest_memory_format()}: the channels-last format whose strides {@code t} has, else contiguous. */
    static MemoryFormat suggestMemoryFormat(Tensor t) {
        if (!MemoryLayouts.isStridesLikeChannelsLast(t.shapeArray(), t.stride())) return MemoryFormat.CONTIGUOUS;
        return t.dim() == 4 ? MemoryFormat.CHANNELS_LAST : MemoryFormat.CHANNELS_LAST_3D;
    }

    /** {@code t.contiguous(memory_format=format)}: {@code t} itself when already so laid out, else a copy that is. */
    public static Tensor contiguous(Tensor t, MemoryFormat format) {
        if (isContiguous(t, format)) return t;
        if (format == MemoryFormat.PRESERVE) {
            throw new IllegalArgumentException("preserve memory format is unsupported by the contiguous operator");
        }
        return clone(t, format);
    }

    /** {@code t.clone(memory_format=format)}: a copy with {@link #stridesLike} strides, recorded as {@code CloneBackward0}. */
    public static Tensor clone(Tensor t, MemoryFormat format) {
        long[] strides = stridesLike(t, format);
        if (java.util.Arrays.equals(strides, Shapes.contiguousStrides(t.shapeArray()))) return clone(t);
        Tensor out = emptyStrided(t.shapeArray(), strides, t.dtype(), t.device());
        if (t.numel() == 0) return Graph.isRecording(t) ? passThrough("CloneBackward0", t, out) : out;
        if (t.isComplex()) return out.copy_(t);
        copyFresh(out, t);
        return Graph.isRecording(t) ? passThrough("CloneBackward0", t, out) : out;
    }

    /**
     * {@code t.to(device, dtype, memory_format=format)}: {@code t} itself when dtype and device match and the format is
     * {@code PRESERVE} or the one {@code t} already suggests (PyTorch's {@code to_will_alias}: a transposed matrix
     * asked for {@code contiguous_format} is returned as it is), else a converted copy laid out as {@link #stridesLike}.
     */
    public static Tensor to(Tensor t, DType dtype, Device device, MemoryFormat format) {
        boolean same = t.dtype() == dtype && t.device().equals(device);
        if (same && (format == MemoryFormat.PRESERVE || suggestMemoryFormat(t) == format)) return t;
        if (t.isComplex() || dtype.isComplex()) return clone(to(t, dtype, device), format);
        Tensor out = emptyStrided(t.shapeArray(), stridesLike(t, format), dtype, device);
        if (t.numel() > 0) copyRaw(out, t); // (nothing to copy; the copy loops expect strides of non-empty tensors)
        if (!Graph.isRecording(t) || !dtype.isFloatingPoint()) return out;
        Device from = t.device();
        return Graph.node("ToCopyBackward0", t).backward(g -> new Tensor[] {g[0].to(from)}).output(out);
    }

    /** A new tensor with the given dense (non-overlapping, gap-free) strides: one allocation of numel elements. */
    public static Tensor emptyStrided(long[] sizes, long[] strides, DType dtype, Device device) {
        return Dispatch.empty(new long[] {Shapes.numel(sizes)}, dtype, device).restride(sizes, strides, 0);
    }

    /** {@code dst.copy_(src)}: broadcasts src to dst's shape and converts its dtype; recorded for autograd. */
    public static Tensor copyInto(Tensor dst, Tensor src) {
        if (dst.isComplex() || src.isComplex()) return ComplexOps.copyInto(dst, src);
        if (dst.dtype().isQuantized() || src.dtype().isQuantized()) return Quantized.copyInto(dst, src);
        boolean same = dst == src; // PyTorch's copy_ of a tensor into itself writes nothing (and checks nothing)
        if (!Graph.isRecording(dst, src)) {
            if (same) {
                Graph.checkInferenceInplace("copy_", dst);
                dst.storage().bumpVersion();
                return dst;
            }
            OutArgs.checkNoPartialOverlap("copy_", dst, src);
            return copyRaw(dst, src);
        }
        Graph.checkInplace("copy_", dst);
        if (!same) Elementwise.checkNoInternalOverlap("copy_", dst);
        OutArgs.checkNoPartialOverlap("copy_", dst, src);
        Tensor result;
        try (var g = GradMode.noGrad()) {
            result = Dispatch.empty(dst.shapeArray(), dst.dtype(), dst.device());
            copyRaw(result, src);
        }
        if (!dst.dtype().isFloatingPoint()) return copyRaw(dst, src);
        // self's old values are overwritten: its gradient is zero; src gets the incoming gradient
        Graph.node("CopyBackwards", dst, src)
                .backward(g -> new Tensor[] {dev.torch4j.Torch.zerosLike(g[0]), g[0]}).output(result);
        return Graph.commitInplace(dst, result, same);
    }

    /** The copy itself, never recorded. */
    private static Tensor copyRaw(Tensor dst, Tensor src) { return copyRaw(dst, src, true); }

    private static Tensor copyRaw(Tensor dst, Tensor src, boolean bump) {
        Graph.checkInferenceInplace("copy_", dst);
        Elementwise.checkNoInternalOverlap("copy_", dst);
        var s = Elementwise.broadcastTo("copy_", src, dst.shapeArray());
        if (!dst.device().equals(src.device())) {
            crossDevice(dst.strided(), s);
            if (bump) dst.storage().bumpVersion();
            return dst;
        }
        if (Elementwise.aliasesDifferently(src, dst)) {
            s = Elementwise.broadcastTo("copy_", src.clone(), dst.shapeArray());
        }
        Dispatch.backend(dst.device()).copy(dst.strided(), s);
        if (bump) dst.storage().bumpVersion();
        return dst;
    }

    /** Host-device transfers (device-to-device between two GPUs goes through the host). */
    private static void crossDevice(Strided dst, Strided src) {
        if (src.storage().device().isCpu()) {
            CudaHost.fromCpu(dst, src);
        } else if (dst.storage().device().isCpu()) {
            Strided host = CudaHost.toCpu(src);
            Dispatch.backend(Device.CPU).copy(dst, host);
        } else {
            CudaHost.fromCpu(dst, CudaHost.toCpu(src));
        }
    }

    /** {@code t.fill_(value)}, recorded as PyTorch's {@code FillBackward2} (fill_.Scalar). */
    public static Tensor fill(Tensor t, double value) { return fill(t, value, "fill_"); }

    /**
     * {@code t.fill_(value)} of a 0-d tensor while recording, PyTorch's {@code fill_.Tensor} ({@code FillBackward3}):
     * self's gradient is zero, the value's is the sum of the incoming one. Like every fill it may write into an
     * expanded tensor (the backward through it then refuses, as PyTorch's does).
     */
    public static Tensor fillRecorded(Tensor t, Tensor value) {
        Graph.checkInplace("fill_", t);
        Tensor result;
        try (var g = GradMode.noGrad()) {
            result = Dispatch.empty(t.shapeArray(), t.dtype(), t.device());
            copyRaw(result, value);
        }
        Graph.node("FillBackward3", t, value)
                .backward(g -> new Tensor[] {dev.torch4j.Torch.zerosLike(g[0]), g[0].sum()}).output(result);
        return Graph.commitInplace(t, result, true);
    }

    /** {@code t.zero_()}, recorded as {@code ZeroBackward0}. */
    public static Tensor zero(Tensor t) { return fill(t, 0, "zero_"); }

    private static Tensor fill(Tensor t, double value, String op) {
        if (t.isComplex()) return ComplexOps.fill(t, value, op);
        if (Graph.isRecording(t)) {
            Graph.checkInplace("fill_", t);
            Tensor result;
            try (var g = GradMode.noGrad()) {
                result = fill(Dispatch.empty(t.shapeArray(), t.dtype(), t.device()), value);
            }
            Graph.node(op.equals("zero_") ? "ZeroBackward0" : "FillBackward2", t)
                    .backward(g -> new Tensor[] {dev.torch4j.Torch.zerosLike(g[0])}).output(result);
            return Graph.commitInplace(t, result, true);
        }
        // no overlap check: a fill is idempotent, so PyTorch fills an expanded tensor too
        Graph.checkInferenceInplace("fill_", t);
        if (ScalarConversion.overflows(value, t.dtype())) {
            throw new IllegalArgumentException(ScalarConversion.overflowMessage("fill_", value, t.dtype()));
        }
        Dispatch.backend(t.device()).fill(t.strided(), value);
        t.storage().bumpVersion();
        return t;
    }
}
