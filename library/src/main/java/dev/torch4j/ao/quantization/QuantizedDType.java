package dev.torch4j.ao.quantization;

/**
 * The quantized dtypes an observer computes parameters for ({@code torch.quint8}, {@code torch.qint8},
 * {@code torch.qint32}); torch4j has no quantized tensors, so these only name the integer range.
 */
public enum QuantizedDType {
    /** {@code torch.quint8}: unsigned 8-bit, [0, 255]. */
    QUINT8(0, 255),
    /** {@code torch.qint8}: signed 8-bit, [-128, 127]. */
    QINT8(-128, 127),
    /** {@code torch.qint32}: signed 32-bit. */
    QINT32(Integer.MIN_VALUE, Integer.MAX_VALUE);

    private final long min, max;

    QuantizedDType(long min, long max) {
        this.min = min;
        this.max = max;
    }

    /** {@code torch.iinfo(dtype).min}. */
    public long min() { return min; }

    /** {@code torch.iinfo(dtype).max}. */
    public long max() { return max; }

    /** As PyTorch prints it: {@code torch.quint8}. */
    @Override
    public String toString() { return "torch." + name().toLowerCase(java.util.Locale.ROOT); }
}
