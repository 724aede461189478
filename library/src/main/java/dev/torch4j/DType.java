package dev.torch4j;

/**
 * Element types, named and ordered as in PyTorch. {@code toString()} prints PyTorch's name
 * ({@code torch.float32}).
 *
 * <p>On the CPU each dtype is stored in a primitive Java array of its <em>carrier</em>:
 * {@code float[]} for float32, {@code double[]} for float64, {@code long[]} for int64, {@code int[]} for
 * int32, {@code short[]} for int16, float16 and bfloat16 (raw bits), {@code byte[]} for int8, uint8 and bool.
 * The complex dtypes are pairs of their real dtype: a complex64 tensor's storage wraps a float32 storage of twice
 * as many elements, real and imaginary parts interleaved (PyTorch's layout, so {@code viewAsReal} is a view).
 */
public enum DType {
    UINT8("uint8", 1, false, false),
    INT8("int8", 1, false, true),
    INT16("int16", 2, false, true),
    INT32("int32", 4, false, true),
    INT64("int64", 8, false, true),
    FLOAT16("float16", 2, true, true),
    FLOAT32("float32", 4, true, true),
    FLOAT64("float64", 8, true, true),
    BOOL("bool", 1, false, false),
    BFLOAT16("bfloat16", 2, true, true),
    // after the real dtypes, so that their ordinals (kernel dtype codes) stay as they are
    COMPLEX64("complex64", 8, false, true),
    COMPLEX128("complex128", 16, false, true),
    // quantized dtypes last, for the same reason: their integer values live in a uint8/int8/int32 storage
    QUINT8("quint8", 1, false, false),
    QINT8("qint8", 1, false, true),
    QINT32("qint32", 4, false, true),
    /**
     * {@code torch.quint4x2}: unsigned 4-bit values in [0, 15], which PyTorch packs two a byte (the even element in the
     * low nibble); torch4j keeps one value a byte in memory and packs them where PyTorch's layout shows
     * ({@code int_repr()}, checkpoints). Its element size is 1, as PyTorch's.
     */
    QUINT4X2("quint4x2", 1, false, false);

    private final String pyName;
    private final int itemSize;
    private final boolean floating;
    private final boolean signed;

    DType(String pyName, int itemSize, boolean floating, boolean signed) {
        this.pyName = pyName;
        this.itemSize = itemSize;
        this.floating = floating;
        this.signed = signed;
    }

    /** Bytes per element, as {@code torch.dtype.itemsize}. */
    public int itemSize() { return itemSize; }

    /** True for float16, bfloat16, float32 and float64. */
    public boolean isFloatingPoint() { return floating; }

    /** True for complex64 and complex128 ({@code torch.is_complex}); these are not floating point. */
    public boolean isComplex() { return this == COMPLEX64 || this == COMPLEX128; }

    /** True for the dtypes that can require gradients: floating point and complex. */
    public boolean isDifferentiable() { return floating || isComplex(); }

    /** The dtype of one part of a complex dtype (complex64 → float32); a real dtype is returned unchanged. */
    public DType toReal() {
        return this == COMPLEX64 ? FLOAT32 : this == COMPLEX128 ? FLOAT64 : this;
    }

    /**
     * The complex dtype whose parts have this dtype (float32 → complex64, float64 → complex128); a complex dtype is
     * returned unchanged.
     *
     * @throws IllegalArgumentException for the dtypes without a complex counterpart here
     */
    public DType toComplex() {
        return switch (this) {
            case FLOAT32, COMPLEX64 -> COMPLEX64;
            case FLOAT64, COMPLEX128 -> COMPLEX128;
            default -> throw new IllegalArgumentException("Unknown Complex ScalarType for " + scalarTypeName());
        };
    }

    /** True for quint8, qint8, qint32 and quint4x2 ({@code dtype.is_quantized}). */
    public boolean isQuantized() { return this == QUINT8 || this == QINT8 || this == QINT32 || this == QUINT4X2; }

    /**
     * The integer dtype a quantized dtype stores its values in (quint8 and quint4x2 → uint8, qint8 → int8, qint32 →
     * int32), as {@code int_repr()} returns them; any other dtype is returned unchanged.
     */
    public DType underlying() {
        return switch (this) {
            case QUINT8, QUINT4X2 -> UINT8;
            case QINT8 -> INT8;
            case QINT32 -> INT32;
            default -> this;
        };
    }

    /** True for every dtype that can hold negative values. */
    public boolean isSigned() { return signed; }

    /** True for the integral dtypes (bool and the quantized dtypes excluded), as in {@code torch.is_integral(..., includeBool=false)}. */
    public boolean isIntegral() { return !floating && this != BOOL && !isComplex() && !isQuantized(); }

    /** c10's ScalarType name, which PyTorch uses in error messages: {@code Float}, {@code Long}, ... */
    public String scalarTypeName() {
        return switch (this) {
            case UINT8 -> "Byte";
            case INT8 -> "Char";
            case INT16 -> "Short";
            case INT32 -> "Int";
            case INT64 -> "Long";
            case FLOAT16 -> "Half";
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case BOOL -> "Bool";
            case BFLOAT16 -> "BFloat16";
            case COMPLEX64 -> "ComplexFloat";
            case COMPLEX128 -> "ComplexDouble";
            case QUINT8 -> "QUInt8";
            case QINT8 -> "QInt8";
            case QINT32 -> "QInt32";
            case QUINT4X2 -> "QUInt4x2";
        };
    }

    /** PyTorch's short name: {@code float32}, {@code int64}, ... */
    public String pyName() { return pyName; }

    /** PyTorch's printed form: {@code torch.float32}. */
    @Override public String toString() { return "torch." + pyName; }
}
