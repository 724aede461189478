package dev.torch4j;

import dev.torch4j.format.PyFormat;

/** {@code torch.finfo} and {@code torch.iinfo}: the numerical limits of a dtype, with PyTorch's reprs. */
public final class TypeInfo {
    private TypeInfo() {}

    /**
     * {@code torch.finfo(dtype)} of a floating (or complex: its real part's) dtype.
     *
     * @param bits the bits of one value
     * @param eps the gap between 1 and the next value
     * @param max the largest finite value
     * @param min the lowest finite value ({@code -max})
     * @param tiny the smallest positive normal value (also {@code smallest_normal})
     * @param resolution {@code 10^-digits}, the decimal precision
     * @param dtype the (real) dtype described
     */
    public record FInfo(int bits, double eps, double max, double min, double tiny, double resolution, DType dtype) {
        /** {@code smallest_normal}: {@link #tiny}. */
        public double smallestNormal() { return tiny; }

        @Override
        public String toString() {
            return "finfo(resolution=" + PyFormat.general(resolution) + ", min=" + PyFormat.general(min) + ", max="
                    + PyFormat.general(max) + ", eps=" + PyFormat.general(eps) + ", smallest_normal=" + PyFormat.general(tiny)
                    + ", tiny=" + PyFormat.general(tiny) + ", dtype=" + dtype.pyName() + ")";
        }
    }

    /**
     * {@code torch.iinfo(dtype)} of an integer dtype.
     *
     * @param bits the bits of one value
     * @param max the largest value
     * @param min the lowest value
     * @param dtype the dtype described
     */
    public record IInfo(int bits, long max, long min, DType dtype) {
        @Override
        public String toString() {
            return "iinfo(min=" + PyFormat.general(min) + ", max=" + PyFormat.general(max) + ", dtype="
                    + dtype.pyName() + ")";
        }
    }

    static FInfo finfo(DType d) {
        return switch (d) {
            case FLOAT32, COMPLEX64 -> new FInfo(32, Math.ulp(1.0f), Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_NORMAL, 1e-6, DType.FLOAT32);
            case FLOAT64, COMPLEX128 -> new FInfo(64, Math.ulp(1.0), Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 1e-15,
                    DType.FLOAT64);
            case FLOAT16 -> new FInfo(16, 0x1p-10, 65504, -65504, 0x1p-14, 1e-3, DType.FLOAT16);
            case BFLOAT16 -> new FInfo(16, 0x1p-7, 0x1.fep127, -0x1.fep127, Float.MIN_NORMAL, 1e-2, DType.BFLOAT16);
            default -> throw new IllegalArgumentException("torch.finfo() requires a floating point input type. Use torch.iinfo to handle "
                    + "'torch.finfo'");
        };
    }

    static IInfo iinfo(DType d) {
        return switch (d) {
            case UINT8 -> new IInfo(8, 255, 0, d);
            case INT8 -> new IInfo(8, Byte.MAX_VALUE, Byte.MIN_VALUE, d);
            case INT16 -> new IInfo(16, Short.MAX_VALUE, Short.MIN_VALUE, d);
            case INT32 -> new IInfo(32, Integer.MAX_VALUE, Integer.MIN_VALUE, d);
            case INT64 -> new IInfo(64, Long.MAX_VALUE, Long.MIN_VALUE, d);
            default -> throw new IllegalArgumentException("torch." + d.pyName() + " is not supported by torch.iinfo");
        };
    }
}
