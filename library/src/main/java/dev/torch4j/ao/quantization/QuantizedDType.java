package dev.torch4j.ao.quantization;

import dev.torch4j.DType;

/**
 * The quantized dtypes an observer computes parameters for ({@code torch.quint8}, {@code torch.qint8},
 * {@code torch.qint32}, {@code torch.quint4x2}) with their integer ranges; {@link #dtype()} is the tensor dtype of the same name.
 */
public enum QuantizedDType {
    /** {@code torch.quint8}: unsigned 8-bit, [0, 255]. */
    QUINT8(0, 255),
    /** {@code torch.qint8}: signed 8-bit, [-128, 127]. */
    QINT8(-128, 127),
    /** {@code torch.qint32}: signed 32-bit. */
    QINT32(Integer.MIN_VALUE, Integer.MAX_VALUE),
    /** {@code torch.quint4x2}: unsigned 4-bit, [0, 15] (4-bit embeddings). */
    QUINT4X2(0, 15);

    private final long min, max;

    QuantizedDType(long min, long max) {
        this.min = min;
        this.max = max;
    }

    /** The quantized tensor dtype of the same name ({@link DType#QUINT8}, ...). */
    public DType dtype() {
        return switch (this) {
            case QUINT8 -> DType.QUINT8;
            case QINT8 -> DType.QINT8;
            case QINT32 -> DType.QINT32;
            case QUINT4X2 -> DType.QUINT4X2;
        };
    }

    /** {@code torch.iinfo(dtype).min}. */
    public long min() { return min; }

    /** {@code torch.iinfo(dtype).max}. */
    public long max() { return max; }

    /** As PyTorch prints it: {@code torch.quint8}. */
    @Override
    public String toString() { return "torch." + name().toLowerCase(java.util.Locale.ROOT); }
}
