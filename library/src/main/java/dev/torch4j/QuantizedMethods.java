package dev.torch4j;

import dev.torch4j.ops.Quantized;

/**
 * The quantized-tensor methods of {@link Tensor} ({@code dequantize}, {@code int_repr}, {@code q_scale}, ...),
 * inherited by it through {@link ComplexMethods}. Quantized tensors come from {@link Torch#quantizePerTensor} and
 * {@link Torch#quantizePerChannel}; see {@link Quantized}.
 */
abstract class QuantizedMethods {
    QuantizedMethods() {}

    private Tensor self() { return (Tensor) this; }

    /** {@code tensor.is_quantized}: true for quint8, qint8 and qint32 tensors. */
    public boolean isQuantized() { return self().dtype().isQuantized(); }

    /**
     * {@code tensor.dequantize()}: the real values {@code (q - zero_point) * scale} as a new float32 tensor; a tensor that
     * is not quantized is returned as it is.
     */
    public Tensor dequantize() { return Quantized.dequantize(self()); }

    /** {@code tensor.int_repr()}: the stored integers as a new uint8 (quint8), int8 (qint8) or int32 (qint32) tensor. */
    public Tensor intRepr() { return Quantized.intRepr(self()); }

    /** {@code tensor.q_scale()}: the scale of a per-tensor quantized tensor. */
    public double qScale() { return Quantized.qScale(self()); }

    /** {@code tensor.q_zero_point()}: the zero point of a per-tensor quantized tensor. */
    public long qZeroPoint() { return Quantized.qZeroPoint(self()); }

    /** {@code tensor.q_per_channel_scales()}: the scales of a per-channel quantized tensor, as float64 (float32 with float qparams). */
    public Tensor qPerChannelScales() { return Quantized.qPerChannelScales(self()); }

    /** {@code tensor.q_per_channel_zero_points()}: the zero points of a per-channel quantized tensor, as int64 (float32 with float qparams). */
    public Tensor qPerChannelZeroPoints() { return Quantized.qPerChannelZeroPoints(self()); }

    /** {@code tensor.q_per_channel_axis()}: the dim a per-channel quantized tensor's channels run along. */
    public long qPerChannelAxis() { return Quantized.qPerChannelAxis(self()); }

    /** {@code tensor.qscheme()}: how the tensor is quantized ({@code torch.per_tensor_affine}, ...). */
    public QScheme qscheme() { return Quantized.qscheme(self()); }
}
