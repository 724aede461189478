package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.core.Shapes;

/**
 * Small pointwise functions PyTorch defines in terms of others (nan_to_num, fmax/fmin, signbit, deg2rad...), written
 * with the primitives so that their gradients, dtypes and devices follow from those.
 */
public final class MathFunctions {
    private MathFunctions() {}

    /** {@code torch.deg2rad(x)}. */
    public static Tensor deg2rad(Tensor x) {
        if (x.isComplex()) throw new IllegalArgumentException("deg2rad is not supported for complex tensors.");
        return x.mul(Math.PI / 180);
    }

    /** {@code torch.rad2deg(x)}. */
    public static Tensor rad2deg(Tensor x) {
        if (x.isComplex()) throw new IllegalArgumentException("rad2deg is not supported for complex tensors.");
        return x.mul(180 / Math.PI);
    }

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
        // complex: each part on its own (PyTorch 2.1+; 1.13 refuses complex input)
        if (x.isComplex()) return ComplexOps.ofParts(nanToNum(ComplexOps.real(x), nan, posinf, neginf), nanToNum(ComplexOps.imag(x), nan, posinf, neginf));
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
    public static Tensor fmax(Tensor a, Tensor b) {
        DType t = Elementwise.resultType(a, b);   // compared in the result dtype (a 0-d -1 is 255 against uint8)
        Tensor x = a.to(t), y = b.to(t);
        return x.where(x.ge(y).logicalOr(y.isnan()), y);
    }

    /** {@code torch.fmin(a, b)}: the smaller, ignoring a NaN when the other is a number. */
    public static Tensor fmin(Tensor a, Tensor b) {
        DType t = Elementwise.resultType(a, b);
        Tensor x = a.to(t), y = b.to(t);
        return x.where(x.le(y).logicalOr(y.isnan()), y);
    }

    /** {@code torch.isposinf(x)}. */
    public static Tensor isposinf(Tensor x) { return x.dtype().isFloatingPoint() ? x.eq(Double.POSITIVE_INFINITY) : x.ne(x); }

    /** {@code torch.isneginf(x)}. */
    public static Tensor isneginf(Tensor x) { return x.dtype().isFloatingPoint() ? x.eq(Double.NEGATIVE_INFINITY) : x.ne(x); }

    /** {@code torch.positive(x)}: x itself; PyTorch refuses bool. */
    public static Tensor positive(Tensor x) {
        if (x.dtype() == DType.BOOL) throw new IllegalArgumentException("The `+` operator, on a bool tensor is not supported.");
        return x;
    }

    /**
     * {@code torch.trapezoid(y, dx=dx, dim=dim)}: the trapezoidal rule with constant spacing, computed as PyTorch
     * does ({@code (sum(y) - (y[0] + y[-1]) / 2) * dx}).
     */
    public static Tensor trapezoid(Tensor y, double dx, long dim) {
        int d = Shapes.wrapDim("trapezoid", dim, y.dim());
        long n = y.size(d);
        if (n == 0) return y.sum(d);
        return y.sum(d).sub(y.select(d, 0).add(y.select(d, n - 1)).mul(0.5)).mul(dx);
    }

    /** {@code torch.trapezoid(y, x, dim=dim)}: the trapezoidal rule at sample points x (broadcast along dim). */
    public static Tensor trapezoid(Tensor y, Tensor x, long dim) {
        int d = Shapes.wrapDim("trapezoid", dim, y.dim());
        long n = y.size(d);
        if (n == 0) return y.sum(d);
        Tensor dx = x.dim() == 1 ? x.diff().view(spacingShape(y.dim(), d, n - 1)) : x.diff(1, dim);
        return dx.mul(y.narrow(d, 0, n - 1).add(y.narrow(d, 1, n - 1))).sum(d).div(2.0);
    }

    /** {@code torch.cumulative_trapezoid(y, dx=dx, dim=dim)}: the running trapezoidal integral (one element shorter). */
    public static Tensor cumulativeTrapezoid(Tensor y, double dx, long dim) {
        int d = Shapes.wrapDim("cumulative_trapezoid", dim, y.dim());
        long n = y.size(d);
        if (n == 0) return y.narrow(d, 0, 0);
        return y.narrow(d, 0, n - 1).add(y.narrow(d, 1, n - 1)).mul(dx / 2.0).cumsum(d);
    }

    /** {@code torch.cumulative_trapezoid(y, x, dim=dim)}. */
    public static Tensor cumulativeTrapezoid(Tensor y, Tensor x, long dim) {
        int d = Shapes.wrapDim("cumulative_trapezoid", dim, y.dim());
        long n = y.size(d);
        if (n == 0) return y.narrow(d, 0, 0);
        Tensor dx = x.dim() == 1 ? x.diff().view(spacingShape(y.dim(), d, n - 1)) : x.diff(1, dim);
        return dx.mul(y.narrow(d, 0, n - 1).add(y.narrow(d, 1, n - 1))).cumsum(d).div(2.0);
    }

    private static long[] spacingShape(int rank, int d, long len) {
        long[] s = new long[rank];
        java.util.Arrays.fill(s, 1);
        s[d] = len;
        return s;
    }

    /**
     * {@code torch.renorm(input, p, dim, maxnorm)}: each slice along {@code dim} whose p-norm exceeds maxnorm is
     * scaled down to it ({@code maxnorm / (norm + 1e-7)}, as PyTorch).
     */
    public static Tensor renorm(Tensor x, double p, long dim, double maxnorm) {
        if (p <= 0) throw new IllegalArgumentException("renorm: non-positive-norm not supported");
        if (maxnorm < 0) throw new IllegalArgumentException("renorm: expected maxnorm to be >= 0 but got " + maxnorm);
        if (x.dim() < 2) throw new IllegalArgumentException("renorm: input needs at least 2 dimensions, got " + x.dim() + " dimensions");
        if (!x.isFloatingPoint() && !x.isComplex()) {
            throw new IllegalArgumentException("linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                    + x.dtype().scalarTypeName());
        }
        int d = Shapes.wrapDim("renorm", dim, x.dim());
        long[] others = new long[x.dim() - 1];
        for (int i = 0, k = 0; i < x.dim(); i++) if (i != d) others[k++] = i;
        Tensor norm = others.length == 0 ? x.abs() : x.norm(p, others, true);
        Tensor factor = norm.add(1e-7).reciprocal().mul(maxnorm).where(norm.gt(maxnorm), 1.0);
        return x.mul(factor);
    }
}
