package dev.torch4j;

import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.UnaryOp;
import dev.torch4j.ops.Elementwise;

/**
 * The pointwise functions of the {@code torch} namespace ({@code torch.add(a, b)}, {@code torch.exp(x)}), each also
 * with PyTorch's {@code out=} argument: {@code torch.mul(a, b, out=c)} is {@code mul(a, b, out(c))} (see {@link Out}).
 * {@link Torch} inherits them, so {@code import static dev.torch4j.Torch.*} brings them in; without out= each is the
 * tensor method of the same name.
 */
abstract class PointwiseFunctions extends ComposedFunctions {
    PointwiseFunctions() {}

    private static Tensor into(BinaryOp op, Tensor a, Tensor b, Out out) { return Elementwise.binaryOut(op, a, b, out.tensor()); }

    private static Tensor into(UnaryOp op, Tensor a, Out out) { return Elementwise.unaryOut(op, a, out.tensor()); }

    /** {@code torch.add(a, b)}: {@code a + b}, broadcast. */
    public static Tensor add(Tensor a, Tensor b) { return a.add(b); }

    /** {@code torch.add(a, b, out=out)}: {@code a + b} written into {@code out}, which is returned. */
    public static Tensor add(Tensor a, Tensor b, Out out) { return into(BinaryOp.ADD, a, b, out); }

    /** {@code torch.add(a, b)} with a Python float {@code b}. */
    public static Tensor add(Tensor a, double b) { return a.add(b); }

    /** {@code torch.add(a, b, out=out)} with a Python float {@code b}. */
    public static Tensor add(Tensor a, double b, Out out) { return into(BinaryOp.ADD, a, Tensor.scalar(b), out); }

    /** {@code torch.add(a, b)} with a Python int {@code b} (an integer tensor stays integer). */
    public static Tensor add(Tensor a, long b) { return a.add(b); }

    /** {@code torch.add(a, b, out=out)} with a Python int {@code b}. */
    public static Tensor add(Tensor a, long b, Out out) { return into(BinaryOp.ADD, a, Tensor.scalar(b), out); }

    /** {@code torch.add(a, b, alpha=alpha)}: {@code a + alpha * b}. */
    public static Tensor add(Tensor a, Tensor b, double alpha) { return a.add(b, alpha); }

    /** {@code torch.add(a, b, alpha=alpha, out=out)}: {@code a + alpha * b} written into {@code out}. */
    public static Tensor add(Tensor a, Tensor b, double alpha, Out out) {
        return into(BinaryOp.ADD, a, alpha == 1 ? b : a.scaled("add", b, alpha), out);
    }

    /** {@code torch.sub(a, b)}: {@code a - b}, broadcast. */
    public static Tensor sub(Tensor a, Tensor b) { return a.sub(b); }

    /** {@code torch.sub(a, b, out=out)}: {@code a - b} written into {@code out}, which is returned. */
    public static Tensor sub(Tensor a, Tensor b, Out out) { return into(BinaryOp.SUB, a, b, out); }

    /** {@code torch.sub(a, b)} with a Python float {@code b}. */
    public static Tensor sub(Tensor a, double b) { return a.sub(b); }

    /** {@code torch.sub(a, b, out=out)} with a Python float {@code b}. */
    public static Tensor sub(Tensor a, double b, Out out) { return into(BinaryOp.SUB, a, Tensor.scalar(b), out); }

    /** {@code torch.sub(a, b)} with a Python int {@code b} (an integer tensor stays integer). */
    public static Tensor sub(Tensor a, long b) { return a.sub(b); }

    /** {@code torch.sub(a, b, out=out)} with a Python int {@code b}. */
    public static Tensor sub(Tensor a, long b, Out out) { return into(BinaryOp.SUB, a, Tensor.scalar(b), out); }

    /** {@code torch.sub(a, b, alpha=alpha)}: {@code a - alpha * b}. */
    public static Tensor sub(Tensor a, Tensor b, double alpha) { return a.sub(b, alpha); }

    /** {@code torch.sub(a, b, alpha=alpha, out=out)}: {@code a - alpha * b} written into {@code out}. */
    public static Tensor sub(Tensor a, Tensor b, double alpha, Out out) {
        return into(BinaryOp.SUB, a, alpha == 1 ? b : a.scaled("sub", b, alpha), out);
    }

    /** {@code torch.mul(a, b)}: {@code a * b}, broadcast. */
    public static Tensor mul(Tensor a, Tensor b) { return a.mul(b); }

    /** {@code torch.mul(a, b, out=out)}: {@code a * b} written into {@code out}, which is returned. */
    public static Tensor mul(Tensor a, Tensor b, Out out) { return into(BinaryOp.MUL, a, b, out); }

    /** {@code torch.mul(a, b)} with a Python float {@code b}. */
    public static Tensor mul(Tensor a, double b) { return a.mul(b); }

    /** {@code torch.mul(a, b, out=out)} with a Python float {@code b}. */
    public static Tensor mul(Tensor a, double b, Out out) { return into(BinaryOp.MUL, a, Tensor.scalar(b), out); }

    /** {@code torch.mul(a, b)} with a Python int {@code b} (an integer tensor stays integer). */
    public static Tensor mul(Tensor a, long b) { return a.mul(b); }

    /** {@code torch.mul(a, b, out=out)} with a Python int {@code b}. */
    public static Tensor mul(Tensor a, long b, Out out) { return into(BinaryOp.MUL, a, Tensor.scalar(b), out); }

    /** {@code torch.div(a, b)}: true division {@code a / b}, broadcast. */
    public static Tensor div(Tensor a, Tensor b) { return a.div(b); }

    /** {@code torch.div(a, b, out=out)}: true division {@code a / b} written into {@code out}, which is returned. */
    public static Tensor div(Tensor a, Tensor b, Out out) { return into(BinaryOp.DIV, a, b, out); }

    /** {@code torch.div(a, b)} with a Python float {@code b}. */
    public static Tensor div(Tensor a, double b) { return a.div(b); }

    /** {@code torch.div(a, b, out=out)} with a Python float {@code b}. */
    public static Tensor div(Tensor a, double b, Out out) { return into(BinaryOp.DIV, a, Tensor.scalar(b), out); }

    /** {@code torch.div(a, b)} with a Python int {@code b}. */
    public static Tensor div(Tensor a, long b) { return a.div(b); }

    /** {@code torch.div(a, b, out=out)} with a Python int {@code b}. */
    public static Tensor div(Tensor a, long b, Out out) { return into(BinaryOp.DIV, a, Tensor.scalar(b), out); }

    /** {@code torch.pow(a, b)}: {@code a ** b}, broadcast. */
    public static Tensor pow(Tensor a, Tensor b) { return a.pow(b); }

    /** {@code torch.pow(a, b, out=out)}: {@code a ** b} written into {@code out}, which is returned. */
    public static Tensor pow(Tensor a, Tensor b, Out out) { return into(BinaryOp.POW, a, b, out); }

    /** {@code torch.pow(a, b)} with a Python float {@code b}. */
    public static Tensor pow(Tensor a, double b) { return a.pow(b); }

    /** {@code torch.pow(a, b, out=out)} with a Python float {@code b}. */
    public static Tensor pow(Tensor a, double b, Out out) { return into(BinaryOp.POW, a, Tensor.scalar(b), out); }

    /** {@code torch.pow(a, b)} with a Python int {@code b} (an integer tensor stays integer). */
    public static Tensor pow(Tensor a, long b) { return a.pow(b); }

    /** {@code torch.pow(a, b, out=out)} with a Python int {@code b}. */
    public static Tensor pow(Tensor a, long b, Out out) { return into(BinaryOp.POW, a, a.intExponent("pow", b), out); }

    /** {@code torch.remainder(a, b)}: Python's {@code a % b} (the sign of the divisor), broadcast. */
    public static Tensor remainder(Tensor a, Tensor b) { return a.remainder(b); }

    /** {@code torch.remainder(a, b, out=out)}: Python's {@code a % b} (the sign of the divisor) written into {@code out}, which is returned. */
    public static Tensor remainder(Tensor a, Tensor b, Out out) { return into(BinaryOp.REMAINDER, a, b, out); }

    /** {@code torch.remainder(a, b)} with a Python float {@code b}. */
    public static Tensor remainder(Tensor a, double b) { return a.remainder(b); }

    /** {@code torch.remainder(a, b, out=out)} with a Python float {@code b}. */
    public static Tensor remainder(Tensor a, double b, Out out) { return into(BinaryOp.REMAINDER, a, Tensor.scalar(b), out); }

    /** {@code torch.remainder(a, b)} with a Python int {@code b} (an integer tensor stays integer). */
    public static Tensor remainder(Tensor a, long b) { return a.remainder(b); }

    /** {@code torch.remainder(a, b, out=out)} with a Python int {@code b}. */
    public static Tensor remainder(Tensor a, long b, Out out) { return into(BinaryOp.REMAINDER, a, Tensor.scalar(b), out); }

    /** {@code torch.eq(a, b)}: {@code a == b}, broadcast. */
    public static Tensor eq(Tensor a, Tensor b) { return a.eq(b); }

    /** {@code torch.eq(a, b, out=out)}: {@code a == b} written into {@code out}, which is returned. */
    public static Tensor eq(Tensor a, Tensor b, Out out) { return into(BinaryOp.EQ, a, b, out); }

    /** {@code torch.eq(a, b)} with a Python float {@code b}. */
    public static Tensor eq(Tensor a, double b) { return a.eq(b); }

    /** {@code torch.eq(a, b, out=out)} with a Python float {@code b}. */
    public static Tensor eq(Tensor a, double b, Out out) { return into(BinaryOp.EQ, a, Tensor.scalar(b), out); }

    /** {@code torch.eq(a, b)} with a Python int {@code b}. */
    public static Tensor eq(Tensor a, long b) { return a.eq(b); }

    /** {@code torch.eq(a, b, out=out)} with a Python int {@code b}. */
    public static Tensor eq(Tensor a, long b, Out out) { return into(BinaryOp.EQ, a, Tensor.scalar(b), out); }

    /** {@code torch.ne(a, b)}: {@code a != b}, broadcast. */
    public static Tensor ne(Tensor a, Tensor b) { return a.ne(b); }

    /** {@code torch.ne(a, b, out=out)}: {@code a != b} written into {@code out}, which is returned. */
    public static Tensor ne(Tensor a, Tensor b, Out out) { return into(BinaryOp.NE, a, b, out); }

    /** {@code torch.ne(a, b)} with a Python float {@code b}. */
    public static Tensor ne(Tensor a, double b) { return a.ne(b); }

    /** {@code torch.ne(a, b, out=out)} with a Python float {@code b}. */
    public static Tensor ne(Tensor a, double b, Out out) { return into(BinaryOp.NE, a, Tensor.scalar(b), out); }

    /** {@code torch.ne(a, b)} with a Python int {@code b}. */
    public static Tensor ne(Tensor a, long b) { return a.ne(b); }

    /** {@code torch.ne(a, b, out=out)} with a Python int {@code b}. */
    public static Tensor ne(Tensor a, long b, Out out) { return into(BinaryOp.NE, a, Tensor.scalar(b), out); }

    /** {@code torch.lt(a, b)}: {@code a < b}, broadcast. */
    public static Tensor lt(Tensor a, Tensor b) { return a.lt(b); }

    /** {@code torch.lt(a, b, out=out)}: {@code a < b} written into {@code out}, which is returned. */
    public static Tensor lt(Tensor a, Tensor b, Out out) { return into(BinaryOp.LT, a, b, out); }

    /** {@code torch.lt(a, b)} with a Python float {@code b}. */
    public static Tensor lt(Tensor a, double b) { return a.lt(b); }

    /** {@code torch.lt(a, b, out=out)} with a Python float {@code b}. */
    public static Tensor lt(Tensor a, double b, Out out) { return into(BinaryOp.LT, a, Tensor.scalar(b), out); }

    /** {@code torch.lt(a, b)} with a Python int {@code b}. */
    public static Tensor lt(Tensor a, long b) { return a.lt(b); }

    /** {@code torch.lt(a, b, out=out)} with a Python int {@code b}. */
    public static Tensor lt(Tensor a, long b, Out out) { return into(BinaryOp.LT, a, Tensor.scalar(b), out); }

    /** {@code torch.le(a, b)}: {@code a <= b}, broadcast. */
    public static Tensor le(Tensor a, Tensor b) { return a.le(b); }

    /** {@code torch.le(a, b, out=out)}: {@code a <= b} written into {@code out}, which is returned. */
    public static Tensor le(Tensor a, Tensor b, Out out) { return into(BinaryOp.LE, a, b, out); }

    /** {@code torch.le(a, b)} with a Python float {@code b}. */
    public static Tensor le(Tensor a, double b) { return a.le(b); }

    /** {@code torch.le(a, b, out=out)} with a Python float {@code b}. */
    public static Tensor le(Tensor a, double b, Out out) { return into(BinaryOp.LE, a, Tensor.scalar(b), out); }

    /** {@code torch.le(a, b)} with a Python int {@code b}. */
    public static Tensor le(Tensor a, long b) { return a.le(b); }

    /** {@code torch.le(a, b, out=out)} with a Python int {@code b}. */
    public static Tensor le(Tensor a, long b, Out out) { return into(BinaryOp.LE, a, Tensor.scalar(b), out); }

    /** {@code torch.gt(a, b)}: {@code a > b}, broadcast. */
    public static Tensor gt(Tensor a, Tensor b) { return a.gt(b); }

    /** {@code torch.gt(a, b, out=out)}: {@code a > b} written into {@code out}, which is returned. */
    public static Tensor gt(Tensor a, Tensor b, Out out) { return into(BinaryOp.GT, a, b, out); }

    /** {@code torch.gt(a, b)} with a Python float {@code b}. */
    public static Tensor gt(Tensor a, double b) { return a.gt(b); }

    /** {@code torch.gt(a, b, out=out)} with a Python float {@code b}. */
    public static Tensor gt(Tensor a, double b, Out out) { return into(BinaryOp.GT, a, Tensor.scalar(b), out); }

    /** {@code torch.gt(a, b)} with a Python int {@code b}. */
    public static Tensor gt(Tensor a, long b) { return a.gt(b); }

    /** {@code torch.gt(a, b, out=out)} with a Python int {@code b}. */
    public static Tensor gt(Tensor a, long b, Out out) { return into(BinaryOp.GT, a, Tensor.scalar(b), out); }

    /** {@code torch.ge(a, b)}: {@code a >= b}, broadcast. */
    public static Tensor ge(Tensor a, Tensor b) { return a.ge(b); }

    /** {@code torch.ge(a, b, out=out)}: {@code a >= b} written into {@code out}, which is returned. */
    public static Tensor ge(Tensor a, Tensor b, Out out) { return into(BinaryOp.GE, a, b, out); }

    /** {@code torch.ge(a, b)} with a Python float {@code b}. */
    public static Tensor ge(Tensor a, double b) { return a.ge(b); }

    /** {@code torch.ge(a, b, out=out)} with a Python float {@code b}. */
    public static Tensor ge(Tensor a, double b, Out out) { return into(BinaryOp.GE, a, Tensor.scalar(b), out); }

    /** {@code torch.ge(a, b)} with a Python int {@code b}. */
    public static Tensor ge(Tensor a, long b) { return a.ge(b); }

    /** {@code torch.ge(a, b, out=out)} with a Python int {@code b}. */
    public static Tensor ge(Tensor a, long b, Out out) { return into(BinaryOp.GE, a, Tensor.scalar(b), out); }

    /** {@code torch.floor_divide(a, b)}: {@code a // b} (rounded down), broadcast. */
    public static Tensor floorDivide(Tensor a, Tensor b) { return a.floorDivide(b); }

    /** {@code torch.floor_divide(a, b, out=out)}: written into {@code out}, which is returned. */
    public static Tensor floorDivide(Tensor a, Tensor b, Out out) { return into(BinaryOp.FLOOR_DIVIDE, a, b, out); }

    /** {@code torch.maximum(a, b)}: the larger of each pair (NaN if either is), broadcast. */
    public static Tensor maximum(Tensor a, Tensor b) { return a.maximum(b); }

    /** {@code torch.maximum(a, b, out=out)}: written into {@code out}, which is returned. */
    public static Tensor maximum(Tensor a, Tensor b, Out out) { return into(BinaryOp.MAXIMUM, a, b, out); }

    /** {@code torch.minimum(a, b)}: the smaller of each pair (NaN if either is), broadcast. */
    public static Tensor minimum(Tensor a, Tensor b) { return a.minimum(b); }

    /** {@code torch.minimum(a, b, out=out)}: written into {@code out}, which is returned. */
    public static Tensor minimum(Tensor a, Tensor b, Out out) { return into(BinaryOp.MINIMUM, a, b, out); }

    /** {@code torch.atan2(a, b)}: the angle of the point {@code (b, a)}, broadcast. */
    public static Tensor atan2(Tensor a, Tensor b) { return a.atan2(b); }

    /** {@code torch.atan2(a, b, out=out)}: written into {@code out}, which is returned. */
    public static Tensor atan2(Tensor a, Tensor b, Out out) { return into(BinaryOp.ATAN2, a, b, out); }

    /** {@code torch.logical_and(a, b)}: {@code a && b} of the truth values, broadcast. */
    public static Tensor logicalAnd(Tensor a, Tensor b) { return a.logicalAnd(b); }

    /** {@code torch.logical_and(a, b, out=out)}: written into {@code out}, which is returned. */
    public static Tensor logicalAnd(Tensor a, Tensor b, Out out) { return into(BinaryOp.LOGICAL_AND, a, b, out); }

    /** {@code torch.logical_or(a, b)}: {@code a || b} of the truth values, broadcast. */
    public static Tensor logicalOr(Tensor a, Tensor b) { return a.logicalOr(b); }

    /** {@code torch.logical_or(a, b, out=out)}: written into {@code out}, which is returned. */
    public static Tensor logicalOr(Tensor a, Tensor b, Out out) { return into(BinaryOp.LOGICAL_OR, a, b, out); }

    /** {@code torch.logical_xor(a, b)}: {@code a ^ b} of the truth values, broadcast. */
    public static Tensor logicalXor(Tensor a, Tensor b) { return a.logicalXor(b); }

    /** {@code torch.logical_xor(a, b, out=out)}: written into {@code out}, which is returned. */
    public static Tensor logicalXor(Tensor a, Tensor b, Out out) { return into(BinaryOp.LOGICAL_XOR, a, b, out); }

    /** {@code torch.abs(x)}. */
    public static Tensor abs(Tensor x) { return x.abs(); }

    /** {@code torch.abs(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor abs(Tensor x, Out out) { return into(UnaryOp.ABS, x, out); }

    /** {@code torch.neg(x)}. */
    public static Tensor neg(Tensor x) { return x.neg(); }

    /** {@code torch.neg(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor neg(Tensor x, Out out) { return into(UnaryOp.NEG, x, out); }

    /** {@code torch.sign(x)}. */
    public static Tensor sign(Tensor x) { return x.sign(); }

    /** {@code torch.sign(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor sign(Tensor x, Out out) { return into(UnaryOp.SIGN, x, out); }

    /** {@code torch.exp(x)}. */
    public static Tensor exp(Tensor x) { return x.exp(); }

    /** {@code torch.exp(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor exp(Tensor x, Out out) { return into(UnaryOp.EXP, x, out); }

    /** {@code torch.log(x)}. */
    public static Tensor log(Tensor x) { return x.log(); }

    /** {@code torch.log(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor log(Tensor x, Out out) { return into(UnaryOp.LOG, x, out); }

    /** {@code torch.log1p(x)}. */
    public static Tensor log1p(Tensor x) { return x.log1p(); }

    /** {@code torch.log1p(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor log1p(Tensor x, Out out) { return into(UnaryOp.LOG1P, x, out); }

    /** {@code torch.expm1(x)}. */
    public static Tensor expm1(Tensor x) { return x.expm1(); }

    /** {@code torch.expm1(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor expm1(Tensor x, Out out) { return into(UnaryOp.EXPM1, x, out); }

    /** {@code torch.sqrt(x)}. */
    public static Tensor sqrt(Tensor x) { return x.sqrt(); }

    /** {@code torch.sqrt(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor sqrt(Tensor x, Out out) { return into(UnaryOp.SQRT, x, out); }

    /** {@code torch.rsqrt(x)}. */
    public static Tensor rsqrt(Tensor x) { return x.rsqrt(); }

    /** {@code torch.rsqrt(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor rsqrt(Tensor x, Out out) { return into(UnaryOp.RSQRT, x, out); }

    /** {@code torch.sin(x)}. */
    public static Tensor sin(Tensor x) { return x.sin(); }

    /** {@code torch.sin(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor sin(Tensor x, Out out) { return into(UnaryOp.SIN, x, out); }

    /** {@code torch.cos(x)}. */
    public static Tensor cos(Tensor x) { return x.cos(); }

    /** {@code torch.cos(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor cos(Tensor x, Out out) { return into(UnaryOp.COS, x, out); }

    /** {@code torch.tan(x)}. */
    public static Tensor tan(Tensor x) { return x.tan(); }

    /** {@code torch.tan(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor tan(Tensor x, Out out) { return into(UnaryOp.TAN, x, out); }

    /** {@code torch.tanh(x)}. */
    public static Tensor tanh(Tensor x) { return x.tanh(); }

    /** {@code torch.tanh(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor tanh(Tensor x, Out out) { return into(UnaryOp.TANH, x, out); }

    /** {@code torch.sigmoid(x)}. */
    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }

    /** {@code torch.sigmoid(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor sigmoid(Tensor x, Out out) { return into(UnaryOp.SIGMOID, x, out); }

    /** {@code torch.erf(x)}. */
    public static Tensor erf(Tensor x) { return x.erf(); }

    /** {@code torch.erf(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor erf(Tensor x, Out out) { return into(UnaryOp.ERF, x, out); }

    /** {@code torch.floor(x)}. */
    public static Tensor floor(Tensor x) { return x.floor(); }

    /** {@code torch.floor(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor floor(Tensor x, Out out) { return into(UnaryOp.FLOOR, x, out); }

    /** {@code torch.ceil(x)}. */
    public static Tensor ceil(Tensor x) { return x.ceil(); }

    /** {@code torch.ceil(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor ceil(Tensor x, Out out) { return into(UnaryOp.CEIL, x, out); }

    /** {@code torch.round(x)}. */
    public static Tensor round(Tensor x) { return x.round(); }

    /** {@code torch.round(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor round(Tensor x, Out out) { return into(UnaryOp.ROUND, x, out); }

    /** {@code torch.trunc(x)}. */
    public static Tensor trunc(Tensor x) { return x.trunc(); }

    /** {@code torch.trunc(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor trunc(Tensor x, Out out) { return into(UnaryOp.TRUNC, x, out); }

    /** {@code torch.reciprocal(x)}. */
    public static Tensor reciprocal(Tensor x) { return x.reciprocal(); }

    /** {@code torch.reciprocal(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor reciprocal(Tensor x, Out out) { return into(UnaryOp.RECIPROCAL, x, out); }

    /** {@code torch.square(x)}. */
    public static Tensor square(Tensor x) { return x.square(); }

    /** {@code torch.square(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor square(Tensor x, Out out) { return into(UnaryOp.SQUARE, x, out); }

    /** {@code torch.logical_not(x)}. */
    public static Tensor logicalNot(Tensor x) { return x.logicalNot(); }

    /** {@code torch.logical_not(x, out=out)}: written into {@code out}, which is returned. */
    public static Tensor logicalNot(Tensor x, Out out) { return into(UnaryOp.LOGICAL_NOT, x, out); }

    /** {@code torch.relu(x)} (PyTorch's has no out=). */
    public static Tensor relu(Tensor x) { return x.relu(); }

    /** {@code torch.isnan(x)} (PyTorch's has no out=). */
    public static Tensor isnan(Tensor x) { return x.isnan(); }

    /** {@code torch.isinf(x)} (PyTorch's has no out=). */
    public static Tensor isinf(Tensor x) { return x.isinf(); }

    /** {@code torch.isfinite(x)} (PyTorch's has no out=). */
    public static Tensor isfinite(Tensor x) { return x.isfinite(); }
}
