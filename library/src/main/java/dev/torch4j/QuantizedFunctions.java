package dev.torch4j;

import dev.torch4j.ops.Quantized;

import java.util.List;

/**
 * The quantized-tensor {@code torch.*} functions ({@code quantize_per_tensor}, {@code quantize_per_channel},
 * {@code quantize_per_tensor_dynamic}, {@code dequantize}, {@code int_repr} and the {@code q_*} accessors), inherited by {@link Torch} through
 * {@link ComposedFunctions}. Quantized tensors are CPU-only here; see {@link Quantized}.
 */
abstract class QuantizedFunctions extends ShortcutFunctions {
    QuantizedFunctions() {}

    /**
     * {@code torch.quantize_per_tensor(input, scale, zero_point, dtype)}: a quint8, qint8 or qint32 tensor holding
     * {@code clamp(round(input / scale) + zero_point)} (round half to even; the division is PyTorch's float32
     * multiplication by {@code 1 / scale}). {@code input} must be float32.
     *
     * <pre>{@code
     * Tensor q = quantizePerTensor(tensor(new float[] {-1, 0, 0.25f, 1}), 0.1, 10, DType.QUINT8);
     * q.intRepr();   // tensor([ 0, 10, 12, 20], dtype=torch.uint8)
     * }</pre>
     */
    public static Tensor quantizePerTensor(Tensor input, double scale, long zeroPoint, DType dtype) {
        return Quantized.quantizePerTensor(input, scale, zeroPoint, dtype);
    }

    /** {@code torch.quantize_per_tensor} with one-element tensors for scale and zero point. */
    public static Tensor quantizePerTensor(Tensor input, Tensor scale, Tensor zeroPoint, DType dtype) {
        return Quantized.quantizePerTensor(input, scale, zeroPoint, dtype);
    }

    /** {@code torch.quantize_per_tensor(tensors, scales, zero_points, dtype)}: tensor i with scales[i], zero_points[i]. */
    public static List<Tensor> quantizePerTensor(List<Tensor> inputs, Tensor scales, Tensor zeroPoints, DType dtype) {
        return Quantized.quantizePerTensor(inputs, scales, zeroPoints, dtype);
    }

    /**
     * {@code torch.quantize_per_channel(input, scales, zero_points, axis, dtype)}: the slice at index c of {@code axis}
     * quantized with {@code scales[c]} (kept as float64) and {@code zeroPoints[c]} (int64); floating zero points make
     * it {@code per_channel_affine_float_qparams} (quint8 or qint8, scales and zero points kept as float32).
     */
    public static Tensor quantizePerChannel(Tensor input, Tensor scales, Tensor zeroPoints, long axis, DType dtype) {
        return Quantized.quantizePerChannel(input, scales, zeroPoints, axis, dtype);
    }

    /**
     * {@code torch.quantize_per_tensor_dynamic(input, dtype, reduce_range)}: quint8 or qint8 with the scale and zero
     * point PyTorch's C++ {@code ChooseQuantizationParams} picks from the input's min and max (the integer range halved
     * with {@code reduceRange}).
     */
    public static Tensor quantizePerTensorDynamic(Tensor input, DType dtype, boolean reduceRange) {
        return Quantized.quantizePerTensorDynamic(input, dtype, reduceRange);
    }

    /** {@code torch.dequantize(t)}: {@link Tensor#dequantize()}. */
    public static Tensor dequantize(Tensor t) { return t.dequantize(); }

    /** {@code torch.int_repr(t)}: {@link Tensor#intRepr()}. */
    public static Tensor intRepr(Tensor t) { return t.intRepr(); }

    /** {@code torch.q_scale(t)}: {@link Tensor#qScale()}. */
    public static double qScale(Tensor t) { return t.qScale(); }

    /** {@code torch.q_zero_point(t)}: {@link Tensor#qZeroPoint()}. */
    public static long qZeroPoint(Tensor t) { return t.qZeroPoint(); }

    /** {@code torch.q_per_channel_scales(t)}: {@link Tensor#qPerChannelScales()}. */
    public static Tensor qPerChannelScales(Tensor t) { return t.qPerChannelScales(); }

    /** {@code torch.q_per_channel_zero_points(t)}: {@link Tensor#qPerChannelZeroPoints()}. */
    public static Tensor qPerChannelZeroPoints(Tensor t) { return t.qPerChannelZeroPoints(); }

    /** {@code torch.q_per_channel_axis(t)}: {@link Tensor#qPerChannelAxis()}. */
    public static long qPerChannelAxis(Tensor t) { return t.qPerChannelAxis(); }
}
