package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.ComplexStorage;
import dev.torch4j.backend.UnaryOp;
import dev.torch4j.core.Shapes;
import dev.torch4j.core.TypePromotion;

import java.util.List;

/**
 * Complex tensors (complex64, complex128), computed on their real view: a complex tensor of shape {@code s} is a
 * real tensor of shape {@code s + [2]} read in pairs (PyTorch's layout). Every complex op here is composed of real
 * ops on that view, so it runs on every device and its derivative is recorded by the real ops' own nodes. The
 * gradient that reaches a complex leaf is then {@code dL/dRe + i dL/dIm}, PyTorch's convention (the conjugate
 * Wirtinger derivative, times two). {@code conj()} returns a copy here; PyTorch's is a lazy view.
 */
public final class ComplexOps {
    private ComplexOps() {}

    // ---------------------------------------------------------------- views between complex and real

    /** {@code torch.view_as_real(z)}: the complex tensor's memory as a real tensor with a last dim of 2 (re, im). */
    public static Tensor viewAsReal(Tensor z) {
        if (!z.isComplex()) {
            throw new IllegalArgumentException("view_as_real is only supported for complex tensors");
        }
        ComplexStorage cs = (ComplexStorage) z.storage();
        int n = z.dim();
        long[] shape = java.util.Arrays.copyOf(z.shapeArray(), n + 1), strides = new long[n + 1];
        shape[n] = 2;
        long[] zs = z.stride();
        for (int d = 0; d < n; d++) strides[d] = 2 * zs[d];
        strides[n] = 1;
        Tensor r = Tensor.wrap(cs.real(), shape, strides, 2 * z.storageOffset());
        Graph.linkBase(z, r);
        if (!Graph.isRecording(z)) return r;
        return Graph.node("ViewAsRealBackward0", z).backward(g -> new Tensor[] {complexResult(g[0].contiguous())}).output(r);
    }

    /** {@code torch.view_as_complex(r)}: a float32/float64 tensor whose last dim is (re, im) pairs, as complex. */
    public static Tensor viewAsComplex(Tensor r) { return viewAsComplex(r, true); }

    /** A complex tensor as its real parts (a real one as it is): memory a complex and a real tensor can share, compared. */
    private static Tensor parts(Tensor t) { return t.isComplex() ? viewAsReal(t) : t; }

    /**
     * A complex op's result from its real pairs: {@link #viewAsComplex}, but a view only of what {@code r} is a view
     * of, so a result computed into a fresh real tensor is no view, as PyTorch's results are not.
     */
    public static Tensor complexResult(Tensor r) {
        var m = r.autogradMetaOrNull();
        return viewAsComplex(r, m != null && m.base != null);
    }

    private static Tensor viewAsComplex(Tensor r, boolean view) {
        DType t = r.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64) {
            throw new IllegalArgumentException("view_as_complex is only supported for float and double tensors, but got a tensor "
                    + "of scalar type: " + t.scalarTypeName());
        }
        int n = r.dim();
        if (n == 0 || r.size(-1) != 2) throw new IllegalArgumentException("Tensor must have a last dimension of size 2");
        if (r.stride(-1) != 1) throw new IllegalArgumentException("Tensor must have a last dimension with stride 1");
        long[] rs = r.stride(), strides = new long[n - 1], rsh = r.shapeArray();
        for (int d = 0; d < n - 1; d++) {
            // a dim of size 1 is never stepped over: its stride is free (PyTorch's halved one where it can be)
            if (rsh[d] == 1) {
                strides[d] = rs[d] % 2 == 0 ? rs[d] / 2 : 1;
                continue;
            }
            if (rs[d] % 2 != 0) throw new IllegalArgumentException("Tensor must have a stride divisible by 2 for all but last dimension");
            strides[d] = rs[d] / 2;
        }
        if (r.storageOffset() % 2 != 0) throw new IllegalArgumentException("Tensor must have a storage_offset divisible by 2");
        Tensor z = Tensor.wrap(new ComplexStorage(r.storage()), java.util.Arrays.copyOf(r.shapeArray(), n - 1), strides,
                r.storageOffset() / 2);
        if (view) Graph.linkBase(r, z);
        if (!Graph.isRecording(r)) return z;
        return Graph.node("ViewAsComplexBackward0", r).backward(g -> new Tensor[] {asComplex(g[0], r.dtype().toComplex()).viewAsReal()}).output(z);
    }

    /** {@code z.real}: a view of the real parts; a real tensor is returned as it is. */
    public static Tensor real(Tensor z) { return z.isComplex() ? viewAsReal(z).select(-1, 0) : z; }

    /** {@code z.imag}: a view of the imaginary parts. */
    public static Tensor imag(Tensor z) {
        if (!z.isComplex()) throw new IllegalArgumentException("imag is not implemented for tensors with non-complex dtypes.");
        return viewAsReal(z).select(-1, 1);
    }

    /** {@code torch.complex(real, imag)}: both float32 or both float64, broadcast together. */
    public static Tensor complex(Tensor re, Tensor im) {
        if (re.dtype() != im.dtype()) {
            throw new IllegalArgumentException("complex: Expected object of scalar type " + re.dtype().scalarTypeName()
                    + " but got scalar type " + im.dtype().scalarTypeName() + " for second argument");
        }
        if (re.dtype() != DType.FLOAT32 && re.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("complex: Expected both inputs to be Half, Float or Double tensors but got "
                    + re.dtype().scalarTypeName() + " and " + im.dtype().scalarTypeName());
        }
        Dispatch.sameDevice("complex", re, im);
        return ofParts(re, im);
    }

    /** {@code torch.polar(abs, angle)}: {@code abs * (cos(angle) + i sin(angle))}. */
    public static Tensor polar(Tensor abs, Tensor angle) {
        if (abs.dtype() != angle.dtype() || abs.dtype() != DType.FLOAT32 && abs.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("polar: Expected both inputs to be Float or Double tensors but got "
                    + abs.dtype().scalarTypeName() + " and " + angle.dtype().scalarTypeName());
        }
        return ofParts(abs.mul(angle.cos()), abs.mul(angle.sin()));
    }

    /** The complex tensor with these parts (same real dtype, broadcast), contiguous; recorded through {@code stack}. */
    static Tensor ofParts(Tensor re, Tensor im) {
        long[] shape = Shapes.broadcast("complex", re.shapeArray(), im.shapeArray());
        return complexResult(Torch.stack(List.of(re.expand(shape), im.expand(shape)), -1));
    }

    // ---------------------------------------------------------------- conversions and copies

    /** {@code t} as the complex dtype {@code c}: real tensors get a zero imaginary part. */
    static Tensor asComplex(Tensor t, DType c) {
        if (!c.isComplex()) throw new IllegalArgumentException("expected a complex dtype, got " + c.scalarTypeName());
        if (t.dtype() == c) return t;
        if (t.isComplex()) return complexResult(viewAsReal(t).to(c.toReal()));
        Tensor re = t.to(c.toReal());
        return ofParts(re, Torch.zerosLike(re));
    }

    /**
     * {@code t.to(device, dtype)} where either side is complex; complex to a real number type keeps the real part, as
     * PyTorch; complex to bool is z != 0.
     */
    public static Tensor to(Tensor t, DType dtype, Device device) {
        // to bool: true where z != 0, as PyTorch 2.3+ casts (1.13 looked at the real part alone)
        if (dtype == DType.BOOL && t.isComplex()) return nonzero(t).to(device, DType.BOOL);
        if (!dtype.isComplex()) {
            warnDiscard();
            return real(t).to(device, dtype);
        }
        // a complex tensor moves as its real view (its own dtype would come straight back here)
        Tensor moved = t.isComplex() ? ComplexSelection.pairs(viewAsReal(t).to(device, t.dtype().toReal())) : t.to(device, dtype.toReal());
        return asComplex(moved, dtype);
    }

    /** PyTorch's warning (once per process) when a complex value is cast to a real dtype. */
    private static void warnDiscard() {
        dev.torch4j.core.Warnings.warnOnce("dev.torch4j", "complex-to-real", "Casting complex values to real discards the imaginary part");
    }

    /** A contiguous copy ({@code clone()}). */
    public static Tensor clone(Tensor z) { return complexResult(viewAsReal(z).clone()); }

    /** {@code dst.copy_(src)} where either is complex (a complex source written to a real tensor keeps its real part). */
    public static Tensor copyInto(Tensor dst, Tensor src) {
        if (dst == src && !Graph.isRecording(dst)) { // a copy into itself writes nothing, as PyTorch's copy_
            dst.storage().bumpVersion();
            return dst;
        }
        OutArgs.checkNoPartialOverlap("copy_", parts(dst), parts(src));
        if (!dst.isComplex()) {
            warnDiscard();
            return dst.copy_(real(src));
        }
        Tensor s = asComplex(src.to(src.device(), src.isComplex() ? src.dtype() : dst.dtype().toReal()), dst.dtype());
        if (Graph.isRecording(dst, s)) return commit("copy_", dst, s.expand(dst.shapeArray()));
        viewAsReal(dst).copy_(viewAsReal(s));
        return dst;
    }

    /**
     * Finishes an in-place op on the complex tensor {@code self} whose new value {@code result} was computed out of
     * place, from a clone of self wherever it reads self (so that no saved tensor sees the write): the values are
     * written through the real views and self takes result's history. An in-place op on a view of another tensor
     * while recording is refused (its base's history would need CopySlices with a complex gradient); a tensor that is a
     * whole real tensor viewed as complex (every op's complex result) is detached from that real tensor first.
     */
    static Tensor commit(String op, Tensor self, Tensor result) {
        if (!Graph.isRecording(self, result)) {
            viewAsReal(self).copy_(viewAsReal(result));
            return self;
        }
        Graph.checkInplace(op, self);
        Tensor base = self.autogradMeta().base;
        if (base != null && (base.isComplex() || base.numel() != 2 * self.numel())) {
            throw new IllegalArgumentException(op + ": an in-place operation on a view of a complex tensor (" + self.dtype().scalarTypeName()
                    + ") is not supported while autograd records in torch4j; apply it to the base tensor or to a clone");
        }
        // a complex result of the real ops is the whole of a real tensor viewed as pairs (viewAsComplex): it takes its
        // own history from here, as a tensor that is no view
        if (base != null) self.autogradMeta().base = null;
        Tensor recorded = result.gradFn() != null ? result : clone(result);
        if (recorded.gradFn() == null) {
            // the new value does not depend on self (copy_ from a tensor that needs no grad): self's old history gets
            // zeros, as PyTorch's CopyBackwards sends, instead of keeping the history of values that are gone
            String name = switch (op) {
                case "copy_" -> "CopyBackwards";
                case "fill_" -> "FillBackward2";
                case "zero_" -> "ZeroBackward0";
                default -> op;
            };
            Graph.node(name, self)
                    .backward(g -> new Tensor[] {dev.torch4j.Torch.zerosLike(g[0])}).output(recorded);
        }
        return Graph.commitInplace(self, recorded);
    }

    /** {@code op(a)} into {@code out} ({@code out == a}: in place): computed from a clone of a when recording. */
    public static Tensor unaryInto(UnaryOp op, Tensor a, Tensor out) {
        Tensor x = a == out && Graph.isRecording(a) ? clone(a) : a;
        Tensor r = unary(op, x);
        if (!out.isComplex()) return out.copy_(r);
        return commit(op.opName() + "_", out, r);
    }

    /** {@code z.fill_(value)} ({@code op} "fill_" or "zero_"): real part {@code value}, imaginary part 0. */
    public static Tensor fill(Tensor z, double value, String op) {
        if (Graph.isRecording(z)) {
            Tensor full;
            try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
                full = fill(Dispatch.empty(z.shapeArray(), z.dtype(), z.device()), value, op);
            }
            return commit(op, z, full);
        }
        Graph.checkInferenceInplace("fill_", z);
        Tensor r = viewAsReal(z);
        // both parts, one write: one version bump, as PyTorch's fill_
        Dispatch.backend(z.device()).fill(r.select(-1, 0).strided(), value);
        Dispatch.backend(z.device()).fill(r.select(-1, 1).strided(), 0);
        z.storage().bumpVersion();
        return z;
    }

    // ---------------------------------------------------------------- arithmetic

    /** The complex dtype of an op's operands, by PyTorch's type promotion. */
    static DType resultType(Tensor a, Tensor b) {
        return TypePromotion.resultType(Elementwise.operand(a), Elementwise.operand(b));
    }

    /** {@code a op b} where either operand is complex; into {@code out} when not null. */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        DType t = resultType(a, b);
        if (out != null) {
            // PyTorch's TensorIterator checks, before the dtypes
            Elementwise.checkNoInternalOverlap(op.opName() + "_", out);
            OutArgs.checkNoPartialOverlap(op.opName() + "_", parts(out), parts(a), parts(b));
        }
        if (out != null && out.isComplex()) {
            boolean rec = Graph.isRecording(a, b, out);
            Tensor r = binary(op, a == out && rec ? clone(a) : a, b == out && rec ? clone(b) : b, null);
            if (!java.util.Arrays.equals(r.shapeArray(), out.shapeArray())) {
                throw new IllegalArgumentException("output with shape " + Shapes.str(out.shapeArray())
                        + " doesn't match the broadcast shape " + Shapes.str(r.shapeArray()));
            }
            return commit(op.opName() + "_", out, r);
        }
        if (out != null && (op == BinaryOp.EQ || op == BinaryOp.NE)) return out.copy_(binary(op, a, b, null));
        if (out != null) {
            throw new IllegalArgumentException("result type " + t.scalarTypeName() + " can't be cast to the desired output type "
                    + out.dtype().scalarTypeName());
        }
        if (op == BinaryOp.SUB && (a.dtype() == DType.BOOL || b.dtype() == DType.BOOL)) {
            throw new IllegalArgumentException("sub: Subtraction, the `-` operator, with a bool tensor is not supported. "
                    + "If you are trying to invert a mask, use the `~` or `logicalNot()` operator instead.");
        }
        if (op == BinaryOp.LOGICAL_AND || op == BinaryOp.LOGICAL_OR || op == BinaryOp.LOGICAL_XOR) {
            // on the truth values: a complex operand is true where it is not 0 (PyTorch's cast to bool)
            return Elementwise.binary(op, a.isComplex() ? nonzero(a) : a, b.isComplex() ? nonzero(b) : b, null);
        }
        Device dev = Dispatch.commonDevice(op.opName(), a, b);
        Tensor x = asComplex(Dispatch.onDevice(a, dev), t), y = asComplex(Dispatch.onDevice(b, dev), t);
        return switch (op) {
            case ADD -> complexResult(viewAsReal(x).add(viewAsReal(y)));
            case SUB -> complexResult(viewAsReal(x).sub(viewAsReal(y)));
            case MUL -> mul(x, y);
            case DIV -> div(x, y);
            case POW -> pow(x, y, b);
            case EQ -> real(x).eq(real(y)).logicalAnd(imag(x).eq(imag(y)));
            case NE -> real(x).ne(real(y)).logicalOr(imag(x).ne(imag(y)));
            default -> throw new IllegalArgumentException("\"" + op.opName() + "\" is not supported for complex tensors ("
                    + t.scalarTypeName() + ")");
        };
    }

    static Tensor mul(Tensor x, Tensor y) {
        Tensor a = real(x), b = imag(x), c = real(y), d = imag(y);
        return ofParts(a.mul(c).sub(b.mul(d)), a.mul(d).add(b.mul(c)));
    }

    /**
     * {@code (a+bi)/(c+di)} as PyTorch 2.x's {@code c10::complex} divides (numpy's algorithm): scaled by the larger
     * of |c|, |d| so that no square overflows; a zero divisor gives {@code a/0 + i b/0}. Each branch reads only safe
     * denominators, so that the branch {@code where} drops cannot put NaN into the gradient (a real divisor has d = 0).
     */
    static Tensor div(Tensor x, Tensor y) {
        Tensor a = real(x), b = imag(x), c = real(y), d = imag(y);
        Tensor ac = c.abs(), ad = d.abs();
        Tensor big = ac.ge(ad), zero = ac.eq(0).logicalAnd(ad.eq(0));
        Tensor p = Torch.where(big, c, d), q = Torch.where(big, d, c);
        Tensor rat = q.div(p.where(zero.logicalNot(), 1.0));
        Tensor scl = p.add(q.mul(rat)).reciprocal();
        // c >= d: re = (a + b rat) scl, im = (b - a rat) scl; else re = (a rat + b) scl, im = (b rat - a) scl
        Tensor u = Torch.where(big, a, b), v = Torch.where(big, b, a);
        Tensor re = u.add(v.mul(rat)).mul(scl), im = v.sub(u.mul(rat)).mul(scl);
        im = Torch.where(big, im, im.neg());
        Tensor den0 = Torch.where(zero, Torch.zerosLike(ac), Torch.onesLike(ac));
        return ofParts(Torch.where(zero, a.div(den0), re), Torch.where(zero, b.div(den0), im));
    }

    /**
     * {@code x ** y = exp(y log x)}, as {@code std::pow} of complex numbers computes it (so {@code 0 ** 0} is NaN, as
     * in PyTorch's tensor-tensor pow). A Java-number exponent takes PyTorch's special cases first: 0 gives ones, 1
     * a copy, 2, 3 and -2 products, 0.5 the square root and -1 the reciprocal.
     */
    static Tensor pow(Tensor x, Tensor y, Tensor exponent) {
        if (exponent.isWrappedNumber() && !exponent.isComplex()) {
            double e = exponent.item();
            if (e == 0) {
                // ones that still take part in autograd (a zero gradient), as PyTorch's PowBackward0 records them
                Tensor ones = Torch.onesLike(x);
                if (!Graph.isRecording(x)) return ones;
                return Graph.node("PowBackward0", x).backward(g -> new Tensor[] {Torch.zerosLike(g[0])}).output(ones);
            }
            if (e == 1) return clone(x);
            if (e == 2) return mul(x, x);
            if (e == 3) return mul(mul(x, x), x);
            if (e == -2) return div(asComplex(Torch.onesLike(real(x)), x.dtype()), mul(x, x));
            if (e == 0.5) return unary(UnaryOp.SQRT, x);
            if (e == -1) return unary(UnaryOp.RECIPROCAL, x);
        }
        return unary(UnaryOp.EXP, mul(y, unary(UnaryOp.LOG, x)));
    }

    /** {@code op(z)} for a complex z; abs, angle and the predicates return real tensors. */
    public static Tensor unary(UnaryOp op, Tensor z) {
        Tensor special = ComplexElementary.unary(op, z);
        if (special != null) return special;
        Tensor x = real(z), y = imag(z);
        return switch (op) {
            case NEG -> complexResult(viewAsReal(z).neg());
            case ABS -> abs(z);
            case SQUARE -> mul(z, z);
            case EXP -> {
                Tensor m = x.exp();
                yield ofParts(m.mul(y.cos()), m.mul(y.sin()));
            }
            case LOG -> ofParts(x.hypot(y).log(), y.atan2(x));
            case RECIPROCAL -> {
                // PyTorch's vectorized kernel: conj(z) / |z|^2 (NaN at 0, where a division would give inf)
                Tensor m2 = x.square().add(y.square());
                yield ofParts(x.div(m2), y.neg().div(m2));
            }
            case RSQRT -> unary(UnaryOp.RECIPROCAL, unary(UnaryOp.SQRT, z)); // PyTorch's complex rsqrt: 1 / sqrt(z)
            case SIN -> ofParts(x.sin().mul(y.cosh()), x.cos().mul(y.sinh()));
            case COS -> ofParts(x.cos().mul(y.cosh()), x.sin().mul(y.sinh()).neg());
            case SINH -> ofParts(x.sinh().mul(y.cos()), x.cosh().mul(y.sin()));
            case COSH -> ofParts(x.cosh().mul(y.cos()), x.sinh().mul(y.sin()));
            case TANH -> tanh(x, y);
            case TAN -> {
                // tan z = -i tanh(iz), iz = -y + ix
                Tensor t = tanh(y.neg(), x);
                yield ofParts(imag(t), real(t).neg());
            }
            case SIGMOID -> {
                Tensor e = unary(UnaryOp.EXP, unary(UnaryOp.NEG, z));
                yield div(asComplex(Torch.onesLike(x), z.dtype()), ofParts(real(e).add(1), imag(e)));
            }
            case ISNAN -> x.isnan().logicalOr(y.isnan());
            case ISINF -> x.isinf().logicalOr(y.isinf());
            case ISFINITE -> x.isfinite().logicalAnd(y.isfinite());
            case LOGICAL_NOT -> nonzero(z).logicalNot();
            default -> throw new IllegalArgumentException("\"" + op.opName() + "\" is not supported for complex tensors ("
                    + z.dtype().scalarTypeName() + ")");
        };
    }

    private static Tensor tanh(Tensor x, Tensor y) {
        Tensor den = x.mul(2).cosh().add(y.mul(2).cos());
        return ofParts(x.mul(2).sinh().div(den), y.mul(2).sin().div(den));
    }

    /**
     * {@code |z|}, recorded as PyTorch's {@code AbsBackward0}: the gradient is {@code g * sgn(z)}, so 0 at 0 where
     * hypot's own derivative is NaN.
     */
    static Tensor abs(Tensor z) {
        Tensor r = ReductionsGrad.untracked(() -> real(z).hypot(imag(z)));
        if (!Graph.isRecording(z)) return r;
        FnNode n = Graph.node("AbsBackward0", z);
        SavedTensor sz = n.save(z);
        return n.backward(g -> new Tensor[] {sgn(sz.get()).mul(g[0])}).output(r);
    }

    /** Where z is not 0 (a NaN part counts as nonzero): complex values as bool, as PyTorch casts them. */
    static Tensor nonzero(Tensor z) { return real(z).ne(0).logicalOr(imag(z).ne(0)); }

    /** {@code z.conj()}: the imaginary parts negated (a copy; PyTorch returns a lazy view). */
    public static Tensor conj(Tensor z) { return z.isComplex() ? ofParts(real(z), imag(z).neg()) : z; }

    /** {@code torch.angle(z)}: {@code atan2(im, re)}; for real tensors 0 where x >= 0, pi where x < 0, nan for nan. */
    public static Tensor angle(Tensor z) {
        if (z.isComplex()) {
            Tensor r = ReductionsGrad.untracked(() -> imag(z).atan2(real(z)));
            if (!Graph.isRecording(z)) return r;
            // PyTorch's angle_backward: g * i z / |z|^2, and 0 at 0 (atan2's own derivative is NaN there)
            FnNode n = Graph.node("AngleBackward0", z);
            SavedTensor sz = n.save(z);
            return n.backward(g -> {
                Tensor v = sz.get(), x = real(v), y = imag(v), m2 = x.square().add(y.square());
                Tensor zero = m2.eq(0), safe = m2.where(zero.logicalNot(), 1.0);
                Tensor s = g[0].div(safe).where(zero.logicalNot(), 0.0);
                return new Tensor[] {ofParts(y.neg().mul(s), x.mul(s))};
            }).output(r);
        }
        Tensor x = z.isFloatingPoint() ? z : z.to(dev.torch4j.core.Defaults.floatDType());
        return Torch.where(x.lt(0), Torch.fullLike(x, Math.PI), x.mul(0));
    }

    /** {@code torch.sgn(z)}: {@code z / |z|}, 0 at 0. */
    public static Tensor sgn(Tensor z) {
        Tensor m = unary(UnaryOp.ABS, z);
        Tensor zero = m.eq(0), safe = Torch.where(zero, Torch.onesLike(m), m);
        return ofParts(Torch.where(zero, Torch.zerosLike(m), real(z).div(safe)), Torch.where(zero, Torch.zerosLike(m), imag(z).div(safe)));
    }

    /** The error of an op that PyTorch refuses for complex tensors, in its words. */
    public static IllegalArgumentException refused(String op, Tensor z) {
        return new IllegalArgumentException(op + " is not supported for complex types (" + z.dtype().scalarTypeName() + ")");
    }

    /** Tensors of which any is complex are joined on their real views (dims wrapped against the complex rank). */
    public static Tensor join(List<Tensor> ts, long dim, boolean stack) {
        DType t = ts.get(0).dtype();
        for (Tensor x : ts) t = TypePromotion.promoteTypes(t, x.dtype());
        int rank = ts.get(0).dim() + (stack ? 1 : 0);
        long d = Shapes.wrapDim(dim, rank);
        DType c = t;
        List<Tensor> views = ts.stream().map(x -> viewAsReal(asComplex(x, c))).toList();
        return complexResult(stack ? Torch.stack(views, d) : Torch.cat(views, d));
    }

    // ---------------------------------------------------------------- errors

    /**
     * The error for a complex tensor that reached a real kernel: names the public method the user called (the
     * outermost torch4j frame below the caller's code).
     */
    public static IllegalArgumentException unsupported(DType t) {
        String op = OpNames.caller();
        return new IllegalArgumentException(op + " is not implemented for complex tensors (" + t.scalarTypeName() + ") in torch4j; "
                + "complex tensors support views, copies, arithmetic, exp/log/sqrt/trigonometry and its inverses, abs/angle/conj, "
                + "sum/mean/prod/norm/var/std/cumsum/cumprod/logsumexp, any/all and the logical ops, matmul, where/masked_fill/indexing/gather/scatter, "
                + "comparisons for equality and torch.fft");
    }

    static boolean anyComplex(Tensor... ts) {
        for (Tensor t : ts) if (t != null && t.isComplex()) return true;
        return false;
    }
}
