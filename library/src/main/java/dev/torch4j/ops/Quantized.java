package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.backend.QuantizedStorage;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.core.Shapes;

import java.util.List;

/**
 * Quantized tensors ({@code torch.quantize_per_tensor}, {@code dequantize}, {@code int_repr}, ...): integer values in
 * a uint8/int8/int32 storage with an affine quantizer ({@link QuantizedStorage}), CPU only.
 *
 * <p>The arithmetic is that of PyTorch's x86 CPU kernels (checked bit for bit against PyTorch 1.13): quantizing
 * multiplies by {@code 1.0f / (float) scale} in float32, rounds half to even ({@code nearbyint}), adds the zero point
 * and clamps; dequantizing per tensor is {@code (float) scale * (float) (q - zero_point)} (the difference in int32),
 * per channel {@code (float) ((q - zero_point) * scale)} in double. With float zero points
 * ({@code per_channel_affine_float_qparams}, quint8/qint8) quantizing is {@code rint(x * (1 / scale) + zero_point)}
 * and dequantizing {@code (q - zero_point) * scale}, every step in float32.
 */
public final class Quantized {
    private Quantized() {}

    /** The quantizer of {@code t}, or PyTorch's error when it is not quantized. */
    static QuantizedStorage quantizer(Tensor t, String op) {
        if (t.storage() instanceof QuantizedStorage q) return q;
        throw new IllegalArgumentException("Could not run 'aten::" + op + "' with arguments from the '"
                + (t.isCuda() ? "CUDA" : "CPU") + "' backend: " + op + " needs a quantized tensor, got " + t.dtype());
    }

    /**
     * {@code quantizer(t)} for an op that computes on the values: quint4x2 is refused, as PyTorch's quantized kernels
     * refuse it ({@code "qrelu" not implemented for 'QUInt4x2'}); torch4j names its own op.
     */
    static QuantizedStorage kernelQuantizer(Tensor t, String op) {
        QuantizedStorage q = quantizer(t, op);
        if (q.dtype() == DType.QUINT4X2) throw new IllegalArgumentException("\"" + op + "\" not implemented for 'QUInt4x2'");
        return q;
    }

    /** {@code quantizer(t)} for the per-tensor accessors, with PyTorch's check. */
    private static QuantizedStorage perTensor(Tensor t, String op) {
        QuantizedStorage q = quantizer(t, op);
        if (!q.qscheme().isPerTensor()) {
            throw new IllegalArgumentException("Expected quantizer->qscheme() == kPerTensorAffine to be true, but got false.");
        }
        return q;
    }

    private static QuantizedStorage perChannel(Tensor t, String op) {
        QuantizedStorage q = quantizer(t, op);
        if (!q.qscheme().isPerChannel()) {
            throw new IllegalArgumentException("Expected quantizer->qscheme() == kPerChannelAffine || quantizer->qscheme() == "
                    + "kPerChannelAffineFloatQParams to be true, but got false.");
        }
        return q;
    }

    // ---------------------------------------------------------------- quantize

    /**
     * {@code torch.quantize_per_tensor(x, scale, zero_point, dtype)}. For quint4x2 PyTorch's sub-byte kernel: the zero
     * point checked against uint8's range only (so one past 15 is taken, and every value clamps to 15), a zero scale
     * taken as 1.
     */
    public static Tensor quantizePerTensor(Tensor x, double scale, long zeroPoint, DType dtype) {
        checkInput(x, dtype);
        checkZeroPoint("quantize_tensor_per_tensor_affine", zeroPoint, dtype == DType.QUINT4X2 ? DType.QUINT8 : dtype);
        float[] in = floats(x);
        Tensor ints = Dispatch.empty(x.shapeArray(), dtype.underlying(), Device.CPU);
        Object out = array(ints);
        float inv = dtype == DType.QUINT4X2 && (float) scale == 0f ? 1.0f : 1.0f / (float) scale;
        long qmin = qmin(dtype), qmax = qmax(dtype);
        if (out instanceof byte[] b) {
            for (int i = 0; i < in.length; i++) b[i] = (byte) quantizeVal(in[i], inv, zeroPoint, qmin, qmax);
        } else {
            int[] q = (int[]) out;
            for (int i = 0; i < in.length; i++) q[i] = (int) quantizeVal(in[i], inv, zeroPoint, qmin, qmax);
        }
        return wrap(ints, QuantizedStorage.perTensor(dtype, ints.storage(), scale, zeroPoint));
    }

    /** {@code torch.quantize_per_tensor(x, scale, zero_point, dtype)} with one-element tensor parameters. */
    public static Tensor quantizePerTensor(Tensor x, Tensor scale, Tensor zeroPoint, DType dtype) {
        return quantizePerTensor(x, scale.item(), zeroPoint.itemLong(), dtype);
    }

    /** {@code torch.quantize_per_tensor(tensors, scales, zero_points, dtype)}: each tensor with its own parameters. */
    public static List<Tensor> quantizePerTensor(List<Tensor> xs, Tensor scales, Tensor zeroPoints, DType dtype) {
        double[] s = scales.toDoubleArray();
        long[] z = zeroPoints.toLongArray();
        if (s.length != xs.size() || z.length != xs.size()) {
            throw new IllegalArgumentException("quantize_per_tensor: expected " + xs.size() + " scales and zero points, got "
                    + s.length + " and " + z.length);
        }
        Tensor[] out = new Tensor[xs.size()];
        for (int i = 0; i < out.length; i++) out[i] = quantizePerTensor(xs.get(i), s[i], z[i], dtype);
        return List.of(out);
    }

    /** {@code torch.quantize_per_channel(x, scales, zero_points, axis, dtype)}. */
    public static Tensor quantizePerChannel(Tensor x, Tensor scales, Tensor zeroPoints, long axis, DType dtype) {
        checkInput(x, dtype);
        if (scales.dim() != 1 || zeroPoints.dim() != 1) throw new IllegalArgumentException("scale tensor must have dimension 1");
        if (scales.numel() != zeroPoints.numel()) throw new IllegalArgumentException("number of elements in scales and zero_points must match");
        if (axis < 0 || axis >= x.dim()) {
            throw new IllegalArgumentException("Channel axis out of range in per channel affine quantization. Got: " + axis
                    + "Expected: [0, " + x.dim() + ")");
        }
        int ax = (int) axis;
        if (x.size(ax) != scales.numel()) {
            throw new IllegalArgumentException("length of scales must equal to channel, expected " + x.size(ax) + " got, " + scales.numel());
        }
        if (zeroPoints.isFloatingPoint()) return quantizeFloatQparams(x, scales, zeroPoints, ax, dtype);
        if (dtype == DType.QUINT4X2) throw new IllegalArgumentException("\"quantize_tensor_per_channel_affine\" not implemented for 'QUInt4x2'");
        double[] s = scales.toDoubleArray();
        long[] z = zeroPoints.toLongArray();
        for (long zp : z) checkZeroPoint("quantize_tensor_per_channel_affine", zp, dtype);
        float[] in = floats(x);
        Tensor ints = Dispatch.empty(x.shapeArray(), dtype.underlying(), Device.CPU);
        Object out = array(ints);
        long qmin = qmin(dtype), qmax = qmax(dtype);
        long inner = Shapes.numel(java.util.Arrays.copyOfRange(x.shapeArray(), ax + 1, x.dim()));
        int channels = s.length;
        for (int i = 0; i < in.length; i++) {
            int c = (int) ((i / inner) % channels);
            store(out, i, quantizeVal(in[i], 1.0f / (float) s[c], z[c], qmin, qmax));
        }
        return wrap(ints, QuantizedStorage.perChannel(dtype, ints.storage(), s, z, ax));
    }

    /**
     * {@code quantize_per_channel} with floating zero points ({@code torch.per_channel_affine_float_qparams}): PyTorch's
     * {@code quantize_val_float_qparams}, {@code lrintf(x * inv_scale + zero_point)} with {@code inv_scale = 1 / scale}
     * (1 where the scale is 0), each step rounded to float32 (no fused multiply-add), then clamped (to [0, 15] for
     * quint4x2, whose values are kept one a byte here).
     */
    private static Tensor quantizeFloatQparams(Tensor x, Tensor scales, Tensor zeroPoints, int ax, DType dtype) {
        if (dtype == DType.QINT32) {
            // PyTorch 1.13 crashes on qint32
            throw new IllegalArgumentException("quantize_per_channel: torch4j supports float zero points "
                    + "(torch.per_channel_affine_float_qparams) for torch.quint8, torch.qint8 and torch.quint4x2, got " + dtype);
        }
        float[] s = floatArray(scales), z = floatArray(zeroPoints);
        float[] in = floats(x);
        Tensor ints = Dispatch.empty(x.shapeArray(), dtype.underlying(), Device.CPU);
        byte[] out = (byte[]) array(ints);
        long qmin = qmin(dtype), qmax = qmax(dtype);
        long inner = Shapes.numel(java.util.Arrays.copyOfRange(x.shapeArray(), ax + 1, x.dim()));
        for (int i = 0; i < in.length; i++) {
            int c = (int) ((i / inner) % s.length);
            float inv = s[c] == 0f ? 1.0f : 1.0f / s[c];
            long q = (long) Math.rint(in[i] * inv + z[c]);
            out[i] = (byte) Math.max(qmin, Math.min(qmax, q));
        }
        return wrap(ints, QuantizedStorage.perChannelFloatQparams(dtype, ints.storage(), s, z, ax));
    }

    private static float[] floatArray(Tensor t) { return floats(t.detach().to(DType.FLOAT32)); }

    /**
     * {@code torch.quantize_per_tensor_dynamic(x, dtype, reduce_range)}: scale and zero point chosen from the tensor's
     * min and max ({@link #chooseQuantizationParams}), for quint8 or qint8.
     */
    public static Tensor quantizePerTensorDynamic(Tensor x, DType dtype, boolean reduceRange) {
        if (dtype != DType.QUINT8 && dtype != DType.QINT8) throw new IllegalArgumentException("dtype " + dtype.scalarTypeName() + "not supported");
        checkInput(x, dtype);
        float[] in = floats(x);
        if (in.length == 0) throw new IllegalArgumentException("min(): Expected reduction dim to be specified for input.numel() == 0. "
                + "Specify the reduction dim with the 'dim' argument.");
        float[] range = range(in);
        Params p = chooseQuantizationParams(range[0], range[1], (int) qmin(dtype), (int) qmax(dtype), false, reduceRange);
        return quantizePerTensor(x, p.scale(), p.zeroPoint(), dtype);
    }

    /**
     * PyTorch's {@code quantize_val}: {@code clamp(zero_point + nearbyint(x * inv_scale))}, product and sum in float32
     * (the sum's rounding shows only past 2^24, in qint32; PyTorch's 8-bit vector kernels add in int32, the same there).
     */
    static long quantizeVal(float x, float invScale, long zeroPoint, long qmin, long qmax) {
        long q = (long) ((float) zeroPoint + (float) Math.rint(x * invScale));
        return Math.max(qmin, Math.min(qmax, q));
    }

    /** A scale and zero point, as the C++ {@code TensorQuantizationParams} (scale in double). */
    public record Params(double scale, int zeroPoint) {}

    private static final float SMALL_SCALE_THRESHOLD = 6.1e-5f;

    /**
     * PyTorch's C++ {@code quant_utils::ChooseQuantizationParams} (without power-of-two scales): the range halved
     * with {@code reduceRange}, widened to include 0 (made symmetric with preserve_sparsity), scale in double, 0.1 when
     * it would vanish, raised to 6.1e-5 when below it, and the zero point from whichever end loses less, nudged into
     * range.
     */
    public static Params chooseQuantizationParams(float min, float max, int qmin, int qmax, boolean preserveSparsity,
                                                  boolean reduceRange) {
        if (!(min <= max)) throw new IllegalArgumentException("In ChooseQuantizationParams, min should be less than or equal to max");
        if (reduceRange) {
            qmin /= 2;
            qmax /= 2;
        }
        if (min < 0 && max > 0 && preserveSparsity) {
            int symQmin = -((qmax - qmin) / 2 + 1), symQmax = (qmax - qmin) / 2;
            double maxScale = Math.max(Math.abs(min / symQmin), Math.abs(max / symQmax));
            min = (float) (maxScale * symQmin);
            max = (float) (maxScale * symQmax);
        }
        min = Math.min(min, 0f);
        max = Math.max(max, 0f);
        double scale = ((double) max - min) / (qmax - qmin);
        if ((float) scale == 0f || Float.isInfinite(1f / (float) scale)) scale = 0.1;
        if (scale < SMALL_SCALE_THRESHOLD) {
            float orig = (float) scale;
            scale = SMALL_SCALE_THRESHOLD;
            if (min == 0f) {
                max = SMALL_SCALE_THRESHOLD * (qmax - qmin);
            } else if (max == 0f) {
                min = -SMALL_SCALE_THRESHOLD * (qmax - qmin);
            } else {
                float amplifier = SMALL_SCALE_THRESHOLD / orig;
                min *= amplifier;
                max *= amplifier;
            }
        }
        double fromMin = qmin - min / scale, fromMax = qmax - max / scale;
        double fromMinError = Math.abs(qmin) - Math.abs(min / scale), fromMaxError = Math.abs(qmax) - Math.abs(max / scale);
        double initial = fromMinError < fromMaxError ? fromMin : fromMax;
        if (min < 0 && max > 0 && preserveSparsity) initial = (double) (qmin + qmax) / 2;
        int zp = initial < qmin ? qmin : initial > qmax ? qmax : (int) Math.rint(initial);
        return new Params(scale, zp);
    }

    // ---------------------------------------------------------------- dequantize and accessors

    /** {@code tensor.dequantize()}: the real values as float32; a tensor that is not quantized is returned as it is. */
    public static Tensor dequantize(Tensor t) {
        if (!(t.storage() instanceof QuantizedStorage q)) return t;
        Tensor ints = intsView(t).contiguous();
        long[] shape = t.shapeArray();
        int n = (int) t.numel();
        float[] out = new float[n];
        Object in = array(ints);
        int base = (int) ints.storageOffset();
        boolean u = q.dtype() == DType.QUINT8 || q.dtype() == DType.QUINT4X2;
        if (q.qscheme().isPerTensor()) {
            float scale = (float) q.scale();
            long zp = q.zeroPoint();
            // PyTorch subtracts in int32: past its range (qint32 near its ends) the difference wraps, as there
            for (int i = 0; i < n; i++) out[i] = scale * (float) (int) (load(in, base + i, u) - zp);
        } else {
            double[] s = q.scales();
            long[] z = q.zeroPoints();
            float[] fz = q.floatZeroPoints();
            long inner = Shapes.numel(java.util.Arrays.copyOfRange(shape, q.axis() + 1, shape.length));
            for (int i = 0; fz != null && i < n; i++) { // float qparams: (q - zero_point) * scale in float32
                int c = (int) ((i / inner) % s.length);
                out[i] = ((float) load(in, base + i, u) - fz[c]) * (float) s[c];
            }
            for (int i = 0; fz == null && i < n; i++) {
                int c = (int) ((i / inner) % s.length);
                out[i] = (float) ((load(in, base + i, u) - z[c]) * s[c]);
            }
        }
        return Tensor.wrap(CpuStorage.wrap(DType.FLOAT32, out), shape, Shapes.contiguousStrides(shape), 0);
    }

    /**
     * {@code tensor.int_repr()}: the integer values, a new uint8/int8/int32 tensor of the same shape; for quint4x2 the
     * packed bytes as PyTorch returns them, a 1-d uint8 tensor of {@code ceil(numel / 2)} bytes (element {@code i}, in
     * row-major order, in the low nibble of byte {@code i / 2} when {@code i} is even, the high one when odd).
     */
    public static Tensor intRepr(Tensor t) {
        quantizer(t, "int_repr");
        if (t.dtype() == DType.QUINT4X2) {
            byte[] packed = pack4bit(intsView(t).contiguous());
            return Tensor.wrap(CpuStorage.wrap(DType.UINT8, packed), new long[] {packed.length}, new long[] {1}, 0);
        }
        return intsView(t).clone();
    }

    /** The 4-bit values of {@code ints} (uint8, contiguous, each in [0, 15]) packed two a byte, PyTorch's quint4x2 layout. */
    private static byte[] pack4bit(Tensor ints) {
        byte[] v = (byte[]) array(ints);
        int base = (int) ints.storageOffset(), n = (int) ints.numel();
        byte[] out = new byte[(n + 1) / 2];
        for (int i = 0; i < n; i++) out[i / 2] |= (byte) ((v[base + i] & 0x0F) << (i % 2 * 4));
        return out;
    }

    /** The first {@code n} 4-bit values of {@code packed} (PyTorch's quint4x2 layout), one a byte. */
    public static byte[] unpack4bit(byte[] packed, int offset, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = (byte) ((packed[offset + i / 2] >> (i % 2 * 4)) & 0x0F);
        return out;
    }

    /** The integer values of a quantized tensor as a view (writes reach it), with its layout. */
    static Tensor intsView(Tensor t) {
        return Tensor.wrap(((QuantizedStorage) t.storage()).ints(), t.shapeArray(), t.stride(), t.storageOffset());
    }

    /** {@code q_scale()}. */
    public static double qScale(Tensor t) { return perTensor(t, "q_scale").scale(); }

    /** {@code q_zero_point()}. */
    public static long qZeroPoint(Tensor t) { return perTensor(t, "q_zero_point").zeroPoint(); }

    /** {@code q_per_channel_scales()}: a float64 tensor (float32 for float qparams, as PyTorch keeps them). */
    public static Tensor qPerChannelScales(Tensor t) {
        QuantizedStorage q = perChannel(t, "q_per_channel_scales");
        double[] s = q.scales();
        if (q.floatZeroPoints() != null) return Tensor.wrap(CpuStorage.wrap(DType.FLOAT64, s), new long[] {s.length}, new long[] {1}, 0).to(DType.FLOAT32);
        return Tensor.wrap(CpuStorage.wrap(DType.FLOAT64, s), new long[] {s.length}, new long[] {1}, 0);
    }

    /** {@code q_per_channel_zero_points()}: an int64 tensor (float32 for float qparams). */
    public static Tensor qPerChannelZeroPoints(Tensor t) {
        QuantizedStorage q = perChannel(t, "q_per_channel_zero_points");
        float[] fz = q.floatZeroPoints();
        if (fz != null) return Tensor.wrap(CpuStorage.wrap(DType.FLOAT32, fz), new long[] {fz.length}, new long[] {1}, 0);
        long[] z = q.zeroPoints();
        return Tensor.wrap(CpuStorage.wrap(DType.INT64, z), new long[] {z.length}, new long[] {1}, 0);
    }

    /** {@code q_per_channel_axis()}. */
    public static long qPerChannelAxis(Tensor t) { return perChannel(t, "q_per_channel_axis").axis(); }

    /** {@code qscheme()}. */
    public static QScheme qscheme(Tensor t) { return quantizer(t, "qscheme").qscheme(); }

    // ---------------------------------------------------------------- copies, joins, errors

    /** {@code clone()} of a quantized tensor: its integer values copied, the quantizer kept. */
    public static Tensor clone(Tensor t) { return onInts(t, Tensor::clone); }

    /** {@code flip} of a quantized tensor: its integers reversed, the quantizer kept (PyTorch's kernel fills an empty_like). */
    public static Tensor flip(Tensor t, long... dims) { return onInts(t, ints -> ints.flip(dims)); }

    /** A quantized tensor over {@code f}'s copy of t's integers, with t's quantizer. */
    private static Tensor onInts(Tensor t, java.util.function.UnaryOperator<Tensor> f) {
        Tensor ints = f.apply(intsView(t));
        return wrap(ints, ((QuantizedStorage) t.storage()).withInts(ints.storage()));
    }

    /**
     * {@code torch.cat} of quantized tensors: per-tensor only; inputs whose parameters all match are joined as integers,
     * otherwise (PyTorch warns) dequantized, joined and quantized again with the first input's parameters.
     */
    public static Tensor cat(List<Tensor> tensors, long dim) {
        QuantizedStorage first = null;
        boolean same = true;
        for (Tensor t : tensors) {
            if (!(t.storage() instanceof QuantizedStorage q)) {
                throw new IllegalArgumentException("cat: expected all tensors to be quantized like the first, got " + t.dtype());
            }
            if (q.dtype() == DType.QUINT4X2) kernelQuantizer(t, "qcat");
            if (first == null) {
                first = q;
                if (!q.qscheme().isPerTensor()) throw new IllegalArgumentException("Only per-tensor quantization is supported in 'cat'!");
            }
            same &= q.sameQuantizer(first);
        }
        if (same) {
            Tensor ints = Joining.cat(tensors.stream().map(Quantized::intsView).toList(), dim);
            return wrap(ints, first.withInts(ints.storage()));
        }
        dev.torch4j.core.Warnings.warnOnce("dev.torch4j", "quantized-cat-qparams",
                "All inputs of this cat operator must share the same quantization parameters. "
                + "Otherwise large numerical inaccuracies may occur.");
        Tensor y = Joining.cat(tensors.stream().map(Quantized::dequantize).toList(), dim);
        return quantizePerTensor(y, first.scale(), first.zeroPoint(), first.dtype());
    }

    /**
     * {@code dst.copy_(src)} where either is quantized: a float source is quantized with the (per-tensor) destination's
     * parameters, a quantized source with the same dtype and parameters gives its integer values; copying a quantized
     * tensor into a float one is refused as in PyTorch.
     */
    public static Tensor copyInto(Tensor dst, Tensor src) {
        if (!dst.dtype().isQuantized()) {
            throw new IllegalArgumentException("Copying from quantized Tensor to non-quantized Tensor is not allowed, please use "
                    + "dequantize to get a float Tensor from a quantized Tensor");
        }
        if (dst.dtype() == DType.QUINT4X2) kernelQuantizer(dst, "copy_kernel");
        if (src.dtype() == DType.QUINT4X2) kernelQuantizer(src, "copy_kernel");
        Tensor ints;
        if (src.dtype().isQuantized()) {
            if (src.dtype() != dst.dtype()) {
                throw new IllegalArgumentException("copy_: quantized dtypes must match, got " + dst.dtype() + " and " + src.dtype());
            }
            if (!quantizer(src, "copy_").sameQuantizer(quantizer(dst, "copy_"))) {
                // PyTorch gives dst src's quantizer; here views share one quantizer through their storage
                throw new IllegalArgumentException("copy_: the source's quantization parameters differ from the destination's; "
                        + "torch4j keeps one quantizer per storage (shared by its views): use the source or its clone() instead");
            }
            ints = intsView(src);
        } else {
            QuantizedStorage q = perTensor(dst, "copy_");
            ints = intsView(quantizePerTensor(src.to(DType.FLOAT32), q.scale(), q.zeroPoint(), dst.dtype()));
        }
        intsView(dst).copy_(ints);
        return dst;
    }

    /**
     * The error for a quantized tensor that reached an op PyTorch does not run on quantized tensors: names the public
     * method called and the dtype, where PyTorch says "Could not run 'aten::op' with arguments from the 'QuantizedCPU'
     * backend".
     */
    public static IllegalArgumentException unsupported(DType t) {
        return new IllegalArgumentException(OpNames.caller() + " is not supported for quantized tensors (" + t + "): as in PyTorch "
                + "(\"Could not run ... with arguments from the 'QuantizedCPU' backend\"), quantized tensors offer views, clone, cat, "
                + "relu, max_pool2d, avg_pool2d, adaptive_avg_pool2d, int_repr() and dequantize() (and the modules of dev.torch4j.ao.nn.quantized); "
                + "call dequantize() to compute on their float values");
    }

    /** Per-channel quantized tensors refuse new strides, as in PyTorch. */
    public static IllegalArgumentException perChannelView() {
        return new IllegalArgumentException("Setting strides is possible only on uniformly quantized tensor (" + OpNames.caller()
                + " on a per-channel quantized tensor)");
    }

    // ---------------------------------------------------------------- helpers

    private static void checkInput(Tensor x, DType dtype) {
        if (x.dtype() != DType.FLOAT32) throw new IllegalArgumentException("Quantize only works on Float Tensor, got " + x.dtype().scalarTypeName());
        if (!dtype.isQuantized()) throw new IllegalArgumentException("ScalarType " + dtype.scalarTypeName() + " is not supported in new_qtensor.");
        if (!x.device().isCpu()) {
            throw new IllegalArgumentException("quantized tensors are CPU-only in torch4j; got a tensor on " + x.device());
        }
    }

    private static void checkZeroPoint(String fn, long zp, DType dtype) {
        if (zp > qmax(dtype)) throw new IllegalArgumentException(fn + " zero_point " + zp + " is above upper bound.");
        if (zp < qmin(dtype)) throw new IllegalArgumentException(fn + " zero_point " + zp + " is below lower bound.");
    }

    static long qmin(DType d) {
        return switch (d) {
            case QUINT8, QUINT4X2 -> 0;
            case QINT8 -> -128;
            default -> Integer.MIN_VALUE;
        };
    }

    static long qmax(DType d) {
        return switch (d) {
            case QUINT8 -> 255;
            case QUINT4X2 -> 15;
            case QINT8 -> 127;
            default -> Integer.MAX_VALUE;
        };
    }

    /** The float32 values of {@code x} in row-major order, without copying when it is contiguous from offset 0. */
    static float[] floats(Tensor x) {
        Tensor c = x.detach().contiguous();
        float[] a = (float[]) ((CpuStorage) c.storage()).array();
        if (c.storageOffset() == 0 && a.length == c.numel()) return a;
        return java.util.Arrays.copyOfRange(a, (int) c.storageOffset(), (int) (c.storageOffset() + c.numel()));
    }

    /** The minimum and maximum of {@code v} (NaN when it holds one: ChooseQuantizationParams then refuses). */
    static float[] range(float[] v) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return new float[] {lo, hi};
    }

    static Object array(Tensor cpu) { return ((CpuStorage) cpu.storage()).array(); }

    static void store(Object arr, int i, long v) {
        if (arr instanceof byte[] b) b[i] = (byte) v;
        else ((int[]) arr)[i] = (int) v;
    }

    /** The integer at {@code i}; uint8 ({@code unsigned}) read as 0..255. */
    static long load(Object arr, int i, boolean unsigned) {
        if (arr instanceof byte[] b) return unsigned ? b[i] & 0xFF : b[i];
        return ((int[]) arr)[i];
    }

    /**
     * A quantized tensor of {@code dtype} over the integers of {@code ints} (its storage and layout, shared), per tensor
     * ({@code scales == null}: {@code scale}, {@code zeroPoint}) or per channel along {@code axis}; for checkpoints.
     */
    public static Tensor fromInts(Tensor ints, DType dtype, double scale, long zeroPoint, double[] scales, long[] zeroPoints, int axis) {
        if (scales == null) return wrap(ints, QuantizedStorage.perTensor(dtype, ints.storage(), scale, zeroPoint));
        if (axis < 0 || axis >= Math.max(1, ints.dim()) || scales.length != zeroPoints.length
                || ints.dim() > 0 && ints.size(axis) != scales.length) {
            throw new IllegalArgumentException("per-channel quantizer with " + scales.length + " scales, " + zeroPoints.length
                    + " zero points and axis " + axis + " does not fit a tensor of shape " + ints.shape());
        }
        return wrap(ints, QuantizedStorage.perChannel(dtype, ints.storage(), scales, zeroPoints, axis));
    }

    /** A {@code per_channel_affine_float_qparams} tensor over the integers of {@code ints} (shared); for checkpoints. */
    public static Tensor fromIntsFloatQparams(Tensor ints, DType dtype, float[] scales, float[] zeroPoints, int axis) {
        if (axis < 0 || axis >= Math.max(1, ints.dim()) || scales.length != zeroPoints.length
                || ints.dim() > 0 && ints.size(axis) != scales.length) {
            throw new IllegalArgumentException("per-channel quantizer with " + scales.length + " scales, " + zeroPoints.length
                    + " zero points and axis " + axis + " does not fit a tensor of shape " + ints.shape());
        }
        return wrap(ints, QuantizedStorage.perChannelFloatQparams(dtype, ints.storage(), scales, zeroPoints, axis));
    }

    /** The quantized dtype whose values {@code underlying} holds (uint8 → quint8, int8 → qint8, int32 → qint32). */
    public static DType quantizedOf(DType underlying) {
        return switch (underlying) {
            case UINT8 -> DType.QUINT8;
            case INT8 -> DType.QINT8;
            case INT32 -> DType.QINT32;
            default -> throw new IllegalArgumentException("no quantized dtype is stored as " + underlying);
        };
    }

    /** A quantized tensor over {@code q}, with the layout of its integer tensor {@code ints}. */
    static Tensor wrap(Tensor ints, QuantizedStorage q) {
        return Tensor.wrap(q, ints.shapeArray(), ints.stride(), ints.storageOffset());
    }
}
