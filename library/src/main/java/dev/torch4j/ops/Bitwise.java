package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.backend.BinaryOp;
import dev.torch4j.core.Shapes;

/**
 * The integer-only elementwise ops: bitwise and/or/xor/not, shifts, gcd and lcm. Each is a {@link BinaryOp} (or
 * {@link dev.torch4j.backend.UnaryOp#BITWISE_NOT}) primitive run by {@link Elementwise} with PyTorch's type
 * promotion; {@link Elementwise} refuses floating operands (and bool for shifts, gcd and lcm) with PyTorch's
 * "not implemented" error. None of them is differentiable (integers carry no gradient).
 */
public final class Bitwise {
    private Bitwise() {}

    /** {@code op(a, b)}, into {@code out} when not null (in place when out is a). */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (op == BinaryOp.GCD) return gcd(a, b, out);
        return Elementwise.binary(op, a, b, out);
    }

    /**
     * {@code torch.gcd}. The kernels compute int8 and int16 in int32, where |MIN| of the narrow dtype does not wrap
     * as it does in PyTorch's kernel (gcd(-128, 6) is -2 in int8). Scaling both operands by 2^(32 - width) moves
     * that wrap to int32's MIN, and Euclid's steps scale with it exactly (truncating % commutes with a common
     * factor), so the scaled gcd shifted back is PyTorch's.
     */
    static Tensor gcd(Tensor a, Tensor b, Tensor out) {
        DType r = Elementwise.resultType(a, b);
        if (r != DType.INT8 && r != DType.INT16) return Elementwise.binary(BinaryOp.GCD, a, b, out);
        long shift = 32 - 8L * r.itemSize();
        Tensor x = a.to(DType.INT32).bitwiseLeftShift(shift), y = b.to(DType.INT32).bitwiseLeftShift(shift);
        Tensor g = Elementwise.binary(BinaryOp.GCD, x, y, null).bitwiseRightShift(shift);
        if (out == null) return g.to(r);
        Elementwise.checkOut("gcd", Shapes.broadcast("gcd", a.shapeArray(), b.shapeArray()), r, out);
        return out.copy_(g);
    }
}
