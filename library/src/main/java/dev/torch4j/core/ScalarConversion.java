package dev.torch4j.core;

import dev.torch4j.DType;

/**
 * PyTorch's checked conversion of a Python number to a dtype ({@code c10::checked_convert}): fills, {@code full},
 * {@code masked_fill} and {@code torch.tensor} with an explicit dtype refuse a value the dtype cannot hold instead
 * of wrapping it silently.
 */
public final class ScalarConversion {
    private ScalarConversion() {}

    /**
     * True when a floating value does not fit {@code d}: outside an integral dtype's range, or finite and beyond a
     * floating dtype's largest value (infinities and NaN convert to floating dtypes; bool takes anything).
     */
    public static boolean overflows(double v, DType d) {
        if (d.isComplex()) return overflows(v, d.toReal());
        if (d == DType.BOOL || d == DType.FLOAT64) return false;
        if (d.isFloatingPoint()) return Double.isFinite(v) && Math.abs(v) > maxFinite(d);
        return Double.isNaN(v) || v < minIntegral(d) || v > maxIntegral(d);   // integers have no NaN
    }

    /**
     * True when an integer value does not fit {@code d}. As in c10, a negative value may go to uint8 when its
     * magnitude fits (it wraps: -2 becomes 254); integers always fit floating dtypes (rounding, at worst to inf).
     */
    public static boolean overflows(long v, DType d) {
        if (d.isComplex()) return false;
        if (d == DType.BOOL || d.isFloatingPoint()) return false;
        if (d == DType.UINT8) return v > 255 || v < -255;
        return v < (long) minIntegral(d) || v > maxIntegral(d);
    }

    /** c10's message, with the C++ type name PyTorch prints for {@code Scalar.to<T>()} ({@code int8_t}, {@code at::Half}). */
    public static String overflowMessage(String op, Object value, DType d) {
        return op + ": value cannot be converted to type " + cppName(d) + " without overflow: " + value;
    }

    /** The C++ type name of a dtype as a {@code caffe2::TypeMeta} prints it ("expected dtype float ... got dtype long int"). */
    public static String typeMetaName(DType d) {
        return switch (d) {
            case UINT8 -> "unsigned char";
            case INT8 -> "signed char";
            case INT16 -> "short int";
            case INT64 -> "long int";
            default -> cppName(d);
        };
    }

    /** The C++ type name of a dtype as c10 prints it in conversion errors. */
    public static String cppName(DType d) {
        return switch (d) {
            case COMPLEX64 -> "c10::complex<float>";
            case COMPLEX128 -> "c10::complex<double>";
            case QUINT8 -> "c10::quint8";
            case QINT8 -> "c10::qint8";
            case QINT32 -> "c10::qint32";
            case QUINT4X2 -> "c10::quint4x2";
            case UINT8 -> "uint8_t";
            case INT8 -> "int8_t";
            case INT16 -> "int16_t";
            case INT32 -> "int";
            case INT64 -> "int64_t";
            case FLOAT16 -> "at::Half";
            case BFLOAT16 -> "at::BFloat16";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case BOOL -> "bool";
        };
    }

    private static double maxFinite(DType d) {
        return switch (d) {
            case FLOAT16 -> 65504.0;
            case BFLOAT16 -> 0x1.fep127;
            default -> Float.MAX_VALUE;
        };
    }

    private static double minIntegral(DType d) {
        return switch (d) {
            case UINT8 -> 0;
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            default -> -0x1p63;
        };
    }

    private static long maxIntegral(DType d) {
        return switch (d) {
            case UINT8 -> 255;
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
    }
}
