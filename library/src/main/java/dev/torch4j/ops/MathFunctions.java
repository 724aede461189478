package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;

/**
 * Small pointwise functions PyTorch defines in terms of others (nan_to_num, fmax/fmin, signbit, deg2rad...), written
 * with the primitives so that their gradients, dtypes and devices follow from those.
 */
public final class MathFunctions {
    private MathFunctions() {}

    /** {@code torch.deg2rad(x)}. */
    public static Tensor deg2rad(Tensor x) { return x.mul(Math.PI / 180); }

    /** {@code torch.rad2deg(x)}. */
    public static Tensor rad2deg(Tensor x) { return x.mul(180 / Math.PI); }

    /** {@code torch.signbit(x)}: true where the sign bit is set (-0.0 included), bool. */
    public static Tensor signbit(Tensor x) {
        if (!x.dtype().isFloatingPoint()) return x.lt(0L);
        return x.lt(0.0).logicalOr(x.eq(0.0).logicalAnd(x.reciprocal().lt(0.0)));
    }

    /**
     * {@code torch.nan_to_num(x, nan, posinf, neginf)}: NaN, +inf and -inf replaced; null posinf/neginf mean the
     * dtype's largest and lowest finite values. Integer and bool tensors come back as copies.
     */
    public static Tensor nanToNum(Tensor x, double nan, Double posinf, Double neginf) {
        if (!x.dtype().isFloatingPoint()) return x.clone();
        double max = maxFinite(x.dtype());
        return x.maskedFill(x.isnan(), nan).maskedFill(x.eq(Double.POSITIVE_INFINITY), posinf == null ? max : posinf)
                .maskedFill(x.eq(Double.NEGATIVE_INFINITY), neginf == null ? -max : neginf);
    }

    private static double maxFinite(DType d) {
        return switch (d) {
            case FLOAT16 -> 65504.0;
            case BFLOAT16 -> 0x1.fep127;
            case FLOAT64 -> Double.MAX_VALUE;
            default -> Float.MAX_VALUE;
        };
    }

    /**
     * {@code torch.fmax(a, b)}: the larger, ignoring a NaN when the other is a number. As PyTorch's derivative, a tie
     * sends the whole gradient to {@code a}.
     */
    public static Tensor fmax(Tensor a, Tensor b) { return a.where(a.ge(b).logicalOr(b.isnan()), b); }

    /** {@code torch.fmin(a, b)}: the smaller, ignoring a NaN when the other is a number. */
    public static Tensor fmin(Tensor a, Tensor b) { return a.where(a.le(b).logicalOr(b.isnan()), b); }

    /** {@code torch.isposinf(x)}. */
    public static Tensor isposinf(Tensor x) { return x.dtype().isFloatingPoint() ? x.eq(Double.POSITIVE_INFINITY) : x.ne(x); }

    /** {@code torch.isneginf(x)}. */
    public static Tensor isneginf(Tensor x) { return x.dtype().isFloatingPoint() ? x.eq(Double.NEGATIVE_INFINITY) : x.ne(x); }

    /** {@code torch.positive(x)}: x itself; PyTorch refuses bool. */
    public static Tensor positive(Tensor x) {
        if (x.dtype() == DType.BOOL) throw new IllegalArgumentException("The `+` operator, on a bool tensor is not supported.");
        return x;
    }
}
