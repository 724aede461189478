package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.core.Half;

/**
 * Reads and writes single elements of any CPU carrier as double or long, converting like C++ static_cast does
 * in PyTorch (float to integer truncates; anything to bool tests nonzero). Used by casts and cold paths; hot
 * kernels index the typed arrays directly.
 */
final class CpuAccess {
    private CpuAccess() {}

    static double getD(Object a, DType t, int i) {
        return switch (t) {
            case COMPLEX64, COMPLEX128 -> throw new IllegalArgumentException("complex dtypes reach this code only through their real view");
            case QUINT8, QINT8, QINT32, QUINT4X2 -> throw new IllegalArgumentException("quantized dtypes reach this code only through their integer view");
            case FLOAT32 -> ((float[]) a)[i];
            case FLOAT64 -> ((double[]) a)[i];
            case INT64 -> ((long[]) a)[i];
            case INT32 -> ((int[]) a)[i];
            case INT16 -> ((short[]) a)[i];
            case FLOAT16 -> Half.f16ToFloat(((short[]) a)[i]);
            case BFLOAT16 -> Half.bf16ToFloat(((short[]) a)[i]);
            case INT8, BOOL -> ((byte[]) a)[i];
            case UINT8 -> ((byte[]) a)[i] & 0xff;
        };
    }

    static long getL(Object a, DType t, int i) {
        return switch (t) {
            case INT64 -> ((long[]) a)[i];
            case INT32 -> ((int[]) a)[i];
            case INT16 -> ((short[]) a)[i];
            case INT8, BOOL -> ((byte[]) a)[i];
            case UINT8 -> ((byte[]) a)[i] & 0xff;
            default -> (long) getD(a, t, i);
        };
    }

    static void setD(Object a, DType t, int i, double v) {
        switch (t) {
            case FLOAT32 -> ((float[]) a)[i] = (float) v;
            case FLOAT64 -> ((double[]) a)[i] = v;
            case FLOAT16 -> ((short[]) a)[i] = Half.floatToF16((float) v);
            case BFLOAT16 -> ((short[]) a)[i] = Half.floatToBf16((float) v);
            case BOOL -> ((byte[]) a)[i] = (byte) (v != 0 ? 1 : 0);
            default -> setL(a, t, i, toLong(v));
        }
    }

    static void setL(Object a, DType t, int i, long v) {
        switch (t) {
            case INT64 -> ((long[]) a)[i] = v;
            case INT32 -> ((int[]) a)[i] = (int) v;
            case INT16 -> ((short[]) a)[i] = (short) v;
            case INT8, UINT8 -> ((byte[]) a)[i] = (byte) v;
            case BOOL -> ((byte[]) a)[i] = (byte) (v != 0 ? 1 : 0);
            default -> setD(a, t, i, (double) v);
        }
    }

    /** double to integer as C++ does on x86 for in-range values: truncation toward zero. */
    private static long toLong(double v) {
        return (long) v;
    }
}
