package dev.torch4j.testing;

import dev.torch4j.DType;

import java.util.Arrays;

/** The real dtypes, for the tests that sweep every dtype through real kernels (complex and quantized dtypes have their own tests). */
public final class RealDTypes {
    private RealDTypes() {}

    /** Every dtype but the complex and the quantized ones, in declaration order. */
    public static DType[] values() {
        return Arrays.stream(DType.values()).filter(d -> !d.isComplex() && !d.isQuantized()).toArray(DType[]::new);
    }
}
