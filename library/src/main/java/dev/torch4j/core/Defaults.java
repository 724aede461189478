package dev.torch4j.core;

import dev.torch4j.DType;

/** Process-wide defaults, as {@code torch.get_default_dtype()}. */
public final class Defaults {
    private static volatile DType defaultFloat = DType.FLOAT32;

    private Defaults() {}

    /** The dtype of floating tensors created without an explicit dtype. */
    public static DType floatDType() { return defaultFloat; }

    /** {@code torch.set_default_dtype}: float32 or float64 only, as PyTorch allows. */
    public static void setFloatDType(DType d) {
        if (d != DType.FLOAT32 && d != DType.FLOAT64 && d != DType.FLOAT16 && d != DType.BFLOAT16) {
            throw new IllegalArgumentException("only floating-point types are supported as the default type, got " + d);
        }
        defaultFloat = d;
    }
}
