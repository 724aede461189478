package dev.torch4j.backend;

import dev.torch4j.DType;
import dev.torch4j.QScheme;

/**
 * The storage of a quantized tensor: its integer values in a uint8, int8 or int32 storage, and the quantizer that maps
 * them to reals ({@code (q - zero_point) * scale}). Kernels never see it: the op layer computes on the integer storage
 * ({@code int_repr}) or on the dequantized floats, so a quantized tensor never reaches a float kernel by mistake.
 *
 * <p>The quantizer lives on the storage, so every view shares it, as every view of a PyTorch quantized tensor shares
 * its {@code Quantizer}. Per-channel parameters are plain arrays here (the backend sees no tensors); the op layer
 * hands them out as float64/int64 tensors.
 */
public final class QuantizedStorage extends ViewStorage {
    private final QScheme qscheme;
    private final double scale;
    private final long zeroPoint;
    private final double[] scales;
    private final long[] zeroPoints;
    private final float[] floatZeroPoints;
    private final int axis;

    private QuantizedStorage(DType dtype, Storage ints, QScheme qscheme, double scale, long zeroPoint, double[] scales,
                             long[] zeroPoints, float[] floatZeroPoints, int axis) {
        super(dtype, ints.numel(), ints);
        if (ints.dtype() != dtype.underlying() || !dtype.isQuantized()) {
            throw new IllegalArgumentException(dtype + " values live in a " + dtype.underlying() + " storage, not " + ints.dtype());
        }
        this.qscheme = qscheme;
        this.scale = scale;
        this.zeroPoint = zeroPoint;
        this.scales = scales;
        this.zeroPoints = zeroPoints;
        this.floatZeroPoints = floatZeroPoints;
        this.axis = axis;
    }

    /** A per-tensor affine quantized view of {@code ints} (whose dtype must be {@code dtype}'s underlying one). */
    public static QuantizedStorage perTensor(DType dtype, Storage ints, double scale, long zeroPoint) {
        return new QuantizedStorage(dtype, ints, QScheme.PER_TENSOR_AFFINE, scale, zeroPoint, null, null, null, -1);
    }

    /** A per-channel affine quantized view of {@code ints}: channel {@code c} along {@code axis} has scales[c], zeroPoints[c]. */
    public static QuantizedStorage perChannel(DType dtype, Storage ints, double[] scales, long[] zeroPoints, int axis) {
        return new QuantizedStorage(dtype, ints, QScheme.PER_CHANNEL_AFFINE, Double.NaN, 0, scales.clone(), zeroPoints.clone(), null, axis);
    }

    /**
     * A {@code per_channel_affine_float_qparams} view of {@code ints}: float32 scales and float zero points (the
     * real value at the integer's origin is {@code -zeroPoints[c] * scales[c]}), as embeddings are quantized.
     */
    public static QuantizedStorage perChannelFloatQparams(DType dtype, Storage ints, float[] scales, float[] zeroPoints, int axis) {
        double[] s = new double[scales.length];
        for (int i = 0; i < s.length; i++) s[i] = scales[i];
        return new QuantizedStorage(dtype, ints, QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS, Double.NaN, 0, s, null, zeroPoints.clone(), axis);
    }

    /** The same quantizer over other integer values (a copy's, say). */
    public QuantizedStorage withInts(Storage other) {
        return new QuantizedStorage(dtype(), other, qscheme, scale, zeroPoint, scales, zeroPoints, floatZeroPoints, axis);
    }

    /** True when both have the same dtype, scheme and parameters ({@code Quantizer::equalTo}). */
    public boolean sameQuantizer(QuantizedStorage o) {
        return dtype() == o.dtype() && qscheme == o.qscheme && Double.compare(scale, o.scale) == 0 && zeroPoint == o.zeroPoint
                && java.util.Arrays.equals(scales, o.scales) && java.util.Arrays.equals(zeroPoints, o.zeroPoints)
                && java.util.Arrays.equals(floatZeroPoints, o.floatZeroPoints) && axis == o.axis;
    }

    /** The integer values ({@code int_repr}'s storage). */
    public Storage ints() { return base(); }

    public QScheme qscheme() { return qscheme; }

    /** The per-tensor scale. */
    public double scale() { return scale; }

    /** The per-tensor zero point. */
    public long zeroPoint() { return zeroPoint; }

    /** The per-channel scales (a copy). */
    public double[] scales() { return scales.clone(); }

    /** The per-channel integer zero points (a copy); null for float qparams. */
    public long[] zeroPoints() { return zeroPoints == null ? null : zeroPoints.clone(); }

    /** The float zero points of {@code per_channel_affine_float_qparams} (a copy); null for the other schemes. */
    public float[] floatZeroPoints() { return floatZeroPoints == null ? null : floatZeroPoints.clone(); }

    /** The per-channel axis. */
    public int axis() { return axis; }
}
