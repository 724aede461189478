package dev.torch4j.core;

/** Conversions between float and the 16-bit float formats, both rounding to nearest-even like PyTorch. */
public final class Half {
    private Half() {}

    /** IEEE binary16 bits to float. */
    public static float f16ToFloat(short bits) { return Float.float16ToFloat(bits); }

    /** float to IEEE binary16 bits. */
    public static short floatToF16(float v) { return Float.floatToFloat16(v); }

    /** bfloat16 bits to float: the upper half of a float32. */
    public static float bf16ToFloat(short bits) { return Float.intBitsToFloat((bits & 0xffff) << 16); }

    /** float to bfloat16 bits, round-to-nearest-even; NaN stays a quiet NaN (as c10::BFloat16). */
    public static short floatToBf16(float v) {
        if (Float.isNaN(v)) return (short) 0x7fc0;
        int u = Float.floatToRawIntBits(v);
        int rounding = 0x7fff + ((u >>> 16) & 1);
        return (short) ((u + rounding) >>> 16);
    }
}
