package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.backend.Backend;
import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.Strided;
import dev.torch4j.backend.UnaryOp;
import dev.torch4j.core.Defaults;
import dev.torch4j.core.Shapes;
import dev.torch4j.core.TypePromotion;

/**
 * Elementwise ops with PyTorch's broadcasting and type promotion. Kernels compute in float32, float64, int64 or
 * int32; other dtypes are cast to one of those and the result cast back, as PyTorch's CPU kernels do for half
 * types.
 */
public final class Elementwise {
    private Elementwise() {}

    /** The dtype a kernel computes in for a given result dtype. */
    static DType computeType(DType t) {
        return switch (t) {
            case COMPLEX64, COMPLEX128 -> throw new IllegalArgumentException("complex dtypes reach this code only through their real view");
            case QUINT8, QINT8, QINT32, QUINT4X2 -> throw Quantized.unsupported(t);
            case FLOAT32, FLOAT64, INT64, INT32 -> t;
            case FLOAT16, BFLOAT16 -> DType.FLOAT32;
            case INT16, INT8, UINT8, BOOL -> DType.INT32;
        };
    }

    static TypePromotion.Operand operand(Tensor t) {
        TypePromotion.Kind k = t.isWrappedNumber() ? TypePromotion.Kind.WRAPPED_SCALAR
                : t.dim() == 0 ? TypePromotion.Kind.ZERO_DIM : TypePromotion.Kind.DIMENSIONED;
        return new TypePromotion.Operand(t.dtype(), k);
    }

    /** {@code torch.result_type} of the operands. */
    public static DType resultType(Tensor... ts) {
        TypePromotion.Operand[] ops = new TypePromotion.Operand[ts.length];
        for (int i = 0; i < ts.length; i++) ops[i] = operand(ts[i]);
        return TypePromotion.resultType(ops);
    }

    // ---- unary ----

    /** The unary ops autocast runs in float32 (its list: acos, asin, cosh, exp, expm1, log, log10, log2, log1p, ...). */
    private static final java.util.Set<UnaryOp> AUTOCAST_FP32 = java.util.EnumSet.of(UnaryOp.EXP, UnaryOp.LOG, UnaryOp.LOG1P,
            UnaryOp.EXPM1, UnaryOp.RSQRT, UnaryOp.TAN, UnaryOp.RECIPROCAL, UnaryOp.ACOS, UnaryOp.ASIN, UnaryOp.COSH, UnaryOp.SINH,
            UnaryOp.LOG2, UnaryOp.LOG10);

    /** {@code op(a)} into a new tensor, or into {@code out} when not null (in-place when out == a); recorded for autograd. */
    public static Tensor unary(UnaryOp op, Tensor a, Tensor out) {
        // relu is one of the few ops PyTorch runs on quantized tensors (on the integers)
        if (op == UnaryOp.RELU && a.isQuantized()) return QuantizedNn.relu(a, out);
        if ((op == UnaryOp.SIGMOID || op == UnaryOp.TANH) && a.isQuantized() && out == null) {
            return op == UnaryOp.SIGMOID ? QuantizedActivations.sigmoid(a) : QuantizedActivations.tanh(a);
        }
        if (a.isComplex()) return out == null ? ComplexOps.unary(op, a) : ComplexOps.unaryInto(op, a, out);
        if (op == UnaryOp.BITWISE_NOT) {
            // PyTorch's bitwise_not of bool is logical not; floating point has no kernel
            if (a.dtype() == DType.BOOL) return unary(UnaryOp.LOGICAL_NOT, a, out);
            if (a.isFloatingPoint()) throw notImplemented(op.opName(), a.device(), a.dtype());
        }
        if (out == null && AUTOCAST_FP32.contains(op) && AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.UNARY_FP32, x -> unary(op, x[0], null), a);
        }
        if (!Graph.isRecording(a) || op.predicate) return unaryImpl(op, a, out);
        if (out != null) {
            Graph.checkInplace(op.opName() + "_", out);
            checkNoInternalOverlap(op.opName() + "_", out);
            return Graph.commitInplace(out, unary(op, a, null));
        }
        Tensor r;
        try (var g = GradMode.noGrad()) {
            r = unaryImpl(op, a, null);
        }
        return ElementwiseGrad.unary(op, a, r);
    }

    /**
     * {@code torch.<op>(a, out=out)}: the result written into {@code out} (any layout of the result's shape, a dtype
     * the result casts to) and returned; not recorded for autograd (see {@link OutArgs}).
     */
    public static Tensor unaryOut(UnaryOp op, Tensor a, Tensor out) {
        String name = op.opName();
        if (op.predicate) Graph.checkInplace(name, out);
        else OutArgs.checkNotRecording(name, out, a);
        OutArgs.checkSameDevice(name, a.device(), out);
        OutArgs.checkShape(name, a.shapeArray(), out);
        OutArgs.checkNoPartialOverlap(name, out, a);
        try (var g = GradMode.noGrad()) {
            return unaryImpl(op, a, out);
        }
    }

    private static Tensor unaryImpl(UnaryOp op, Tensor a, Tensor out) {
        DType in = a.dtype();
        if (op == UnaryOp.NEG && in == DType.BOOL) {
            throw new IllegalArgumentException("neg: Negation, the `-` operator, on a bool tensor is not supported. "
                    + "If you are trying to invert a mask, use the `~` or `logicalNot()` operator instead.");
        }
        if (in == DType.BOOL) {   // PyTorch's CPU kernels have no bool form of these (its messages name the kernel)
            if (op == UnaryOp.RELU) throw new IllegalArgumentException("Boolean inputs not supported for relu");
            String kernel = switch (op) {
                case ABS -> "abs_cpu";
                case FLOOR -> "floor_vml_cpu";
                case CEIL -> "ceil_vml_cpu";
                case ROUND -> "round_vml_cpu";
                case TRUNC -> "trunc_vml_cpu";
                default -> null;
            };
            if (kernel != null) throw new IllegalArgumentException("\"" + kernel + "\" not implemented for 'Bool'");
        }
        DType result;
        if (op.predicate) result = DType.BOOL;
        else if (!op.integral && !in.isFloatingPoint()) result = Defaults.floatDType();
        else if (op == UnaryOp.SQUARE && in == DType.BOOL) result = DType.INT64; // square is pow(x, 2): bool and int -> int64
        else result = in;
        DType compute = op.predicate ? computeType(in) : computeType(result);
        Tensor converted = a.dtype() == compute ? a : a.to(compute);
        // an input that aliases the output with another layout is read from a copy (as in binaryImpl)
        Tensor src = out != null && aliasesDifferently(converted, out) ? converted.clone() : converted;
        return run(op.opName(), a.shapeArray(), result, op.predicate ? DType.BOOL : compute, out, a.device(),
                (be, o) -> be.unary(op, o, src.strided()), a);
    }

    // ---- binary ----

    /** {@code op(a, b)} with broadcasting into a new tensor, or into {@code out} (in-place when out == a); recorded for autograd. */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (a.isComplex() || b.isComplex()) return ComplexOps.binary(op, a, b, out);
        if (out == null && (op == BinaryOp.POW || op == BinaryOp.ATAN2) && AutocastMode.active()) {
            return AutocastMode.apply(op == BinaryOp.POW ? AutocastMode.Op.POW : AutocastMode.Op.PROMOTE, x -> binary(op, x[0], x[1], null), a, b);
        }
        if (!Graph.isRecording(a, b) || op.predicate || op == BinaryOp.FLOOR_DIVIDE || op.integerOnly()) {
            if (out != null) OutArgs.checkNoPartialOverlap(op.opName() + "_", out, a, b);
            return binaryImpl(op, a, b, out);
        }
        if (out != null) {
            Graph.checkInplace(op.opName() + "_", out);
            checkNoInternalOverlap(op.opName() + "_", out); // before the shapes, as PyTorch's TensorIterator
            OutArgs.checkNoPartialOverlap(op.opName() + "_", out, a, b);
            return Graph.commitInplace(out, binary(op, a, b, null));
        }
        Tensor r;
        try (var g = GradMode.noGrad()) {
            r = binaryImpl(op, a, b, null);
        }
        return ElementwiseGrad.binary(op, a, b, r);
    }

    /**
     * {@code torch.<op>(a, b, out=out)}: the broadcast result written into {@code out} (any layout of the result's
     * shape, a dtype the result casts to) and returned; not recorded for autograd (see {@link OutArgs}).
     */
    public static Tensor binaryOut(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        String name = op.opName();
        if (op.predicate || op == BinaryOp.FLOOR_DIVIDE) Graph.checkInplace(name, out);
        else OutArgs.checkNotRecording(name, out, a, b);
        OutArgs.checkSameDevice(name, Dispatch.commonDevice(name, a, b), out);
        OutArgs.checkShape(name, Shapes.broadcast(name, a.shapeArray(), b.shapeArray()), out);
        OutArgs.checkNoPartialOverlap(name, out, a, b);
        try (var g = GradMode.noGrad()) {
            return binaryImpl(op, a, b, out);
        }
    }

    private static Tensor binaryImpl(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (out == null) {
            Tensor r = sameShapeAndDtype(op, a, b);
            if (r != null) return r;
        }
        String name = op.opName();
        Device dev = Dispatch.commonDevice(name, a, b);
        DType result = resultType(a, b);
        if (op == BinaryOp.SUB && (a.dtype() == DType.BOOL || b.dtype() == DType.BOOL)) {
            if (a.dtype() == b.dtype()) {
                throw new IllegalArgumentException("sub: Subtraction, the `-` operator, with two bool tensors is not supported. "
                        + "Use the `^` or `logicalXor()` operator instead.");
            }
            throw new IllegalArgumentException("sub: Subtraction, the `-` operator, with a bool tensor is not supported. "
                    + "If you are trying to invert a mask, use the `~` or `logicalNot()` operator instead.");
        }
        if (op == BinaryOp.POW && result == DType.BOOL) throw new IllegalArgumentException("\"pow\" not implemented for 'Bool'");
        if (op == BinaryOp.REMAINDER && result == DType.BOOL) {
            throw new IllegalArgumentException("\"remainder_cpu\" not implemented for 'Bool'");
        }
        if (op == BinaryOp.FLOOR_DIVIDE && result == DType.BOOL) {
            throw new IllegalArgumentException("\"div_floor_cpu\" not implemented for 'Bool'");
        }
        if (op == BinaryOp.POW && b.isWrappedNumber() && result.isFloatingPoint() && b.dim() == 0
                && (out == null || TypePromotion.canCast(result, out.dtype()))) { // else the cast error comes below
            Tensor special = powByNumber(a.dtype() == result ? a : a.to(result), b.item());
            if (special != null) {
                if (out == null) return special;
                // pow_ and out= take the same forms as a new result (pow_(0.5) of -inf is NaN, as pow(0.5)): a
                // temporary written into out, which may alias a
                return out.copy_(special);
            }
        }
        if ((op == BinaryOp.DIV || op == BinaryOp.ATAN2) && !result.isFloatingPoint()) result = Defaults.floatDType();
        if (op.integerOnly() && (result.isFloatingPoint() || result == DType.BOOL && op.refusesBool())
                && (out == null || TypePromotion.canCast(result, out.dtype()))) { // else the cast error comes first
            throw notImplemented(op.opName(), dev, result);
        }
        DType compute = computeType(result);
        if (!op.hasIntegerForm() && !compute.isFloatingPoint()) compute = DType.FLOAT32;
        DType outType = op.predicate ? DType.BOOL : result;
        long[] shape = Shapes.broadcast(name, a.shapeArray(), b.shapeArray());
        Tensor x = Dispatch.onDevice(toCompute(a, result, compute), dev);
        Tensor y = Dispatch.onDevice(toCompute(b, result, compute), dev);
        if (out != null) {
            // inputs that alias the output with another layout are read from a copy, so no element is read after it was written
            if (aliasesDifferently(x, out)) x = x.clone();
            if (aliasesDifferently(y, out)) y = y.clone();
        }
        Strided xs = broadcastTo(name, x, shape), ys = broadcastTo(name, y, shape);
        return run(name, shape, outType, op.predicate ? DType.BOOL : compute, out, dev,
                (be, o) -> be.binary(op, o, xs, ys), a, b);
    }

    /**
     * The common case of {@link #binaryImpl} without its promotion and broadcasting work, which costs as much as
     * the kernel on small tensors: operands of one shape, one device and one compute dtype that is also the result
     * dtype, no wrapped scalars. Then the result dtype is that dtype (bool for comparisons), nothing is cast, and
     * the operands' layouts go to the kernel as they are. Returns null when this does not apply.
     */
    /**
     * PyTorch's {@code pow(tensor, number)} for the exponents its CPU kernel computes another way: 0.5 as sqrt, -0.5
     * as rsqrt, -1 as the reciprocal, 3 as {@code x * x * x} and -2 as {@code 1 / (x * x)} in the dtype; so
     * {@code pow(-inf, 0.5)} is NaN and {@code pow(-0.0, -0.5)} is -inf, as there. Null for other exponents.
     */
    private static Tensor powByNumber(Tensor a, double e) {
        if (e == 0.5) return a.sqrt();
        if (e == -0.5) return a.rsqrt();
        if (e == -1) return a.reciprocal();
        if (e == 3) return a.mul(a).mul(a);
        if (e == -2) return a.mul(a).reciprocal();
        return null;
    }

    private static Tensor sameShapeAndDtype(BinaryOp op, Tensor a, Tensor b) {
        DType t = a.dtype();
        if (t != b.dtype() || a.isWrappedNumber() || b.isWrappedNumber()) return null;
        boolean computes = (t == DType.FLOAT32 || t == DType.FLOAT64) && !op.integerOnly()
                || (t == DType.INT64 || t == DType.INT32) && op.hasIntegerForm();
        if (!computes) return null;
        Device dev = a.device();
        if (!dev.equals(b.device())) return null;
        Strided xs = a.strided(), ys = b.strided();
        if (!java.util.Arrays.equals(xs.shape(), ys.shape())) return null;
        Tensor r = Dispatch.empty(xs.shape(), op.predicate ? DType.BOOL : t, dev);
        Dispatch.backend(dev).binary(op, r.strided(), xs, ys);
        return r;
    }

    /**
     * An operand cast to the kernel's compute dtype. When the result dtype is narrower than the compute dtype
     * (int8, float16, ...), an operand of another dtype is first cast to the result dtype, as PyTorch casts every
     * operand to the common dtype: {@code int8_tensor + 300} adds 300 wrapped to int8 (44), and
     * {@code half_tensor + 0.1} adds 0.1 rounded to half.
     */
    private static Tensor toCompute(Tensor t, DType result, DType compute) {
        // to the result dtype first when that narrows: a 0-d int32 -2^31 against an int8 tensor is 0 there, as in
        // PyTorch (then a division by it fails), even when the op computes in int32
        if (t.dtype() != result && !widens(t.dtype(), result)) t = t.to(result);
        return t.dtype() == compute ? t : t.to(compute);
    }

    /** True when every value of {@code from} is exactly a value of {@code to} (so a cast to {@code to} can be skipped). */
    private static boolean widens(DType from, DType to) {
        return from == DType.BOOL
                || TypePromotion.category(from) == TypePromotion.category(to) && TypePromotion.promoteTypes(from, to) == to;
    }

    /**
     * {@code torch.div(a, b, rounding_mode=)}: null is true division, "trunc" rounds toward zero, "floor" down. The
     * rounded forms are piecewise constant: their gradient is zero ({@code DivBackward2}).
     */
    public static Tensor div(Tensor a, Tensor b, String roundingMode) {
        if (roundingMode == null) return binary(BinaryOp.DIV, a, b, null);
        if (!roundingMode.equals("floor") && !roundingMode.equals("trunc")) {
            throw new IllegalArgumentException("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '"
                    + roundingMode + "'");
        }
        boolean record = Graph.isRecording(a, b);
        Tensor r;
        try (var g = GradMode.setGradEnabled(false)) {
            if (roundingMode.equals("floor")) {
                r = binaryImpl(BinaryOp.FLOOR_DIVIDE, a, b, null);
            } else if (resultType(a, b).isFloatingPoint()) {
                r = a.div(b).trunc();
            } else {
                // integers, exactly (a double quotient loses int64 digits): the floor quotient, plus one where the
                // division is inexact and the signs differ
                Tensor inexactNegative = a.remainder(b).ne(0L).logicalAnd(a.lt(0L).logicalXor(b.lt(0L)));
                r = a.floorDivide(b).add(inexactNegative);
            }
        }
        if (!record || !r.dtype().isFloatingPoint()) return r;
        return Graph.node("DivBackward2", a, b).backward(g -> new Tensor[] {
                dev.torch4j.Torch.zerosLike(g[0]), dev.torch4j.Torch.zerosLike(g[0])}).output(r);
    }

    /** {@code where(cond, a, b)} with broadcasting of all three; recorded for autograd. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (ComplexOps.anyComplex(a, b)) return ComplexSelection.where(cond, a, b);
        if (!Graph.isRecording(a, b)) return whereImpl(cond, a, b);
        Tensor r;
        try (var g = GradMode.noGrad()) {
            r = whereImpl(cond, a, b);
        }
        return ElementwiseGrad.where(cond, a, b, r);
    }

    private static Tensor whereImpl(Tensor cond, Tensor a, Tensor b) {
        Device dev = Dispatch.commonDevice("where", cond, a, b);
        if (cond.dtype() != DType.BOOL && cond.dtype() != DType.UINT8) {
            throw new IllegalArgumentException("where expected condition to be a boolean tensor, but got a tensor with dtype "
                    + cond.dtype().scalarTypeName());
        }
        DType result = resultType(a, b);
        long[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shapeArray(), a.shapeArray()), b.shapeArray());
        Tensor c = Dispatch.onDevice(cond.dtype() == DType.BOOL ? cond : cond.to(DType.BOOL), dev);
        Tensor x = Dispatch.onDevice(a.dtype() == result ? a : a.to(result), dev);
        Tensor y = Dispatch.onDevice(b.dtype() == result ? b : b.to(result), dev);
        Strided cs = broadcastTo("where", c, shape), xs = broadcastTo("where", x, shape), ys = broadcastTo("where", y, shape);
        return run("where", shape, result, result, null, dev, (be, o) -> be.where(o, cs, xs, ys), a, b);
    }

    /**
     * PyTorch's error for an op without a kernel for a dtype, named by the kernel ({@code "bitwise_and_cpu" not
     * implemented for 'Float'}).
     */
    static IllegalArgumentException notImplemented(String kernel, Device dev, DType t) {
        return new IllegalArgumentException("\"" + kernel + "_" + (dev.isCuda() ? "cuda" : "cpu") + "\" not implemented for '"
                + t.scalarTypeName() + "'");
    }

    /** The operand's descriptor read as if expanded to {@code shape}. */
    static Strided broadcastTo(String op, Tensor t, long[] shape) {
        Strided s = t.strided();
        return s.as(shape, Shapes.expandStrides(op, t.shapeArray(), t.stride(), shape));
    }

    static boolean aliasesDifferently(Tensor in, Tensor out) {
        if (in.storage() != out.storage()) return false;
        return in.storageOffset() != out.storageOffset() || !java.util.Arrays.equals(in.shapeArray(), out.shapeArray())
                || !java.util.Arrays.equals(in.stride(), out.stride());
    }

    @FunctionalInterface
    interface Kernel {
        void run(Backend be, Strided out);
    }

    /**
     * Runs a kernel that writes a {@code compute}-typed result of {@code shape}, returning a new tensor of dtype
     * {@code result}, or writing into {@code out} after PyTorch's shape and cast checks.
     */
    static Tensor run(String op, long[] shape, DType result, DType compute, Tensor out, Device dev, Kernel k, Tensor... inputs) {
        Backend be = Dispatch.backend(dev);
        if (out == null) {
            Tensor r = Dispatch.empty(shape, compute, dev);
            k.run(be, r.strided());
            return result == compute ? r : r.to(result);
        }
        checkOut(op, shape, result, out);
        if (out.dtype() == compute) {
            k.run(be, out.strided());
        } else {
            Tensor tmp = Dispatch.empty(shape, compute, dev);
            k.run(be, tmp.strided());
            be.copy(out.strided(), tmp.strided());
        }
        out.storage().bumpVersion();
        return out;
    }

    /** PyTorch's checks for writing a result into an existing tensor. */
    static void checkOut(String op, long[] shape, DType result, Tensor out) {
        Graph.checkInferenceInplace(op, out);
        if (!java.util.Arrays.equals(shape, out.shapeArray())) {
            throw new IllegalArgumentException(op + ": output with shape " + Shapes.str(out.shapeArray())
                    + " doesn't match the broadcast shape " + Shapes.str(shape));
        }
        if (!TypePromotion.canCast(result, out.dtype())) {
            throw new IllegalArgumentException(op + ": result type " + result.scalarTypeName()
                    + " can't be cast to the desired output type " + out.dtype().scalarTypeName());
        }
        checkNoInternalOverlap(op, out);
    }

    /** An in-place write to an expanded tensor would write one element several times: PyTorch refuses. */
    static void checkNoInternalOverlap(String op, Tensor out) {
        if (hasInternalOverlap(out)) {
            throw new IllegalArgumentException(op + ": unsupported operation: more than one element of the written-to tensor "
                    + "refers to a single memory location. Please clone() the tensor before performing the operation.");
        }
    }

    /**
     * index_put_, index_fill_ and masked_fill_ still write into an expanded tensor (each place as often as it is
     * addressed), as PyTorch 1.13 and 2.x do, with PyTorch's deprecation warning; {@code usage} names the indexing form.
     */
    static void warnIfInternalOverlap(String op, Tensor out, String usage) {
        if (hasInternalOverlap(out)) {
            dev.torch4j.core.Warnings.warnOnce("dev.torch4j", op + "-expanded", "Use of " + op + " on expanded tensors is "
                    + "deprecated. Please clone() the tensor before performing this operation. This also applies to advanced "
                    + "indexing e.g. " + usage);
        }
    }

    /** PyTorch's has_internal_overlap == YES: a dim of size > 1 with stride 0 (an empty tensor has none). */
    private static boolean hasInternalOverlap(Tensor t) {
        if (t.numel() == 0) return false;
        long[] sh = t.shapeArray(), st = t.stride();
        for (int i = 0; i < sh.length; i++) if (st[i] == 0 && sh[i] > 1) return true;
        return false;
    }
}
