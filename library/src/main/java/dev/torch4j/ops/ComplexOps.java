package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Graph;
import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.ComplexStorage;
import dev.torch4j.backend.UnaryOp;
import dev.torch4j.core.Shapes;
import dev.torch4j.core.TypePromotion;

import java.util.List;
import java.util.function.BinaryOperator;

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
        return Graph.node("ViewAsRealBackward0", z).backward(g -> new Tensor[] {viewAsComplex(g[0].contiguous())}).output(r);
    }

    /** {@code torch.view_as_complex(r)}: a float32/float64 tensor whose last dim is (re, im) pairs, as complex. */
    public static Tensor viewAsComplex(Tensor r) {
        DType t = r.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64) {
            throw new IllegalArgumentException("view_as_complex is only supported for float and double tensors, but got a tensor "
                    + "of scalar type: " + t.scalarTypeName());
        }
        int n = r.dim();
        if (n == 0 || r.size(-1) != 2) throw new IllegalArgumentException("Tensor must have a last dimension of size 2");
        if (r.stride(-1) != 1) throw new IllegalArgumentException("Tensor must have a last dimension with stride 1");
        long[] rs = r.stride(), strides = new long[n - 1];
        for (int d = 0; d < n - 1; d++) {
            if (rs[d] % 2 != 0) throw new IllegalArgumentException("Tensor must have a stride divisible by 2 for all but last dimension");
            strides[d] = rs[d] / 2;
        }
        if (r.storageOffset() % 2 != 0) throw new IllegalArgumentException("Tensor must have a storage_offset divisible by 2");
        Tensor z = Tensor.wrap(new ComplexStorage(r.storage()), java.util.Arrays.copyOf(r.shapeArray(), n - 1), strides,
                r.storageOffset() / 2);
        Graph.linkBase(r, z);
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
        return viewAsComplex(Torch.stack(List.of(re.expand(shape), im.expand(shape)), -1));
    }

    // ---------------------------------------------------------------- conversions and copies

    /** {@code t} as the complex dtype {@code c}: real tensors get a zero imaginary part. */
    static Tensor asComplex(Tensor t, DType c) {
        if (t.dtype() == c) return t;
        if (t.isComplex()) return viewAsComplex(viewAsReal(t).to(c.toReal()));
        Tensor re = t.to(c.toReal());
        return ofParts(re, Torch.zerosLike(re));
    }

    /** {@code t.to(device, dtype)} where either side is complex; complex to real keeps the real part, as PyTorch. */
    public static Tensor to(Tensor t, DType dtype, Device device) {
        if (!dtype.isComplex()) return real(t).to(device, dtype);
        return asComplex(t.to(device, t.isComplex() ? t.dtype() : dtype.toReal()), dtype);
    }

    /** A contiguous copy ({@code clone()}). */
    public static Tensor clone(Tensor z) { return viewAsComplex(viewAsReal(z).clone()); }

    /** {@code dst.copy_(src)} where either is complex (a complex source written to a real tensor keeps its real part). */
    public static Tensor copyInto(Tensor dst, Tensor src) {
        if (!dst.isComplex()) return dst.copy_(real(src));
        Tensor s = asComplex(src.to(src.device(), src.isComplex() ? src.dtype() : dst.dtype().toReal()), dst.dtype());
        viewAsReal(dst).copy_(viewAsReal(s));
        return dst;
    }

    /** {@code z.fill_(value)}: real part {@code value}, imaginary part 0. */
    public static Tensor fill(Tensor z, double value) {
        Tensor r = viewAsReal(z);
        r.select(-1, 0).fill_(value);
        r.select(-1, 1).fill_(0);
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
        if (out != null && (out.isComplex() || op == BinaryOp.EQ || op == BinaryOp.NE)) {
            return out.copy_(binary(op, a, b, null));
        }
        if (out != null) {
            throw new IllegalArgumentException("result type " + t.scalarTypeName() + " can't be cast to the desired output type "
                    + out.dtype().scalarTypeName());
        }
        Device dev = Dispatch.commonDevice(op.opName(), a, b);
        Tensor x = asComplex(Dispatch.onDevice(a, dev), t), y = asComplex(Dispatch.onDevice(b, dev), t);
        return switch (op) {
            case ADD -> viewAsComplex(viewAsReal(x).add(viewAsReal(y)));
            case SUB -> viewAsComplex(viewAsReal(x).sub(viewAsReal(y)));
            case MUL -> mul(x, y);
            case DIV -> div(x, y);
            case POW -> pow(x, y);
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

    /** {@code (a+bi)/(c+di)}: Smith's method, scaled by the larger of |c|, |d| so that neither square overflows. */
    static Tensor div(Tensor x, Tensor y) {
        Tensor a = real(x), b = imag(x), c = real(y), d = imag(y);
        Tensor cBigger = c.abs().ge(d.abs());
        // c >= d: r = d/c, den = c + d r; re = (a + b r)/den, im = (b - a r)/den; else the same with c, d swapped
        Tensor r = Torch.where(cBigger, d.div(c), c.div(d));
        Tensor den = Torch.where(cBigger, c.add(d.mul(r)), d.add(c.mul(r)));
        Tensor re = Torch.where(cBigger, a.add(b.mul(r)), a.mul(r).add(b)).div(den);
        Tensor im = Torch.where(cBigger, b.sub(a.mul(r)), b.mul(r).sub(a)).div(den);
        return ofParts(re, im);
    }

    /** {@code x ** y = exp(y log x)}, with {@code 0 ** 0 = 1}. */
    static Tensor pow(Tensor x, Tensor y) {
        Tensor p = unary(UnaryOp.EXP, mul(y, unary(UnaryOp.LOG, x)));
        Tensor zeroExp = real(y).eq(0).logicalAnd(imag(y).eq(0));
        return ofParts(Torch.where(zeroExp, Torch.onesLike(real(p)), real(p)), Torch.where(zeroExp, Torch.zerosLike(imag(p)), imag(p)));
    }

    /** {@code op(z)} for a complex z; abs, angle and the predicates return real tensors. */
    public static Tensor unary(UnaryOp op, Tensor z) {
        Tensor x = real(z), y = imag(z);
        return switch (op) {
            case NEG -> viewAsComplex(viewAsReal(z).neg());
            case ABS -> x.hypot(y);
            case SQUARE -> mul(z, z);
            case EXP -> {
                Tensor m = x.exp();
                yield ofParts(m.mul(y.cos()), m.mul(y.sin()));
            }
            case LOG -> ofParts(x.hypot(y).log(), y.atan2(x));
            case SQRT -> {
                // principal root from the polar form: the branch cut on the negative real axis, as std::sqrt
                Tensor m = x.hypot(y).sqrt(), half = y.atan2(x).mul(0.5);
                yield ofParts(m.mul(half.cos()), m.mul(half.sin()));
            }
            case RECIPROCAL -> div(asComplex(Torch.onesLike(x), z.dtype()), z);
            case SIN -> ofParts(x.sin().mul(y.cosh()), x.cos().mul(y.sinh()));
            case COS -> ofParts(x.cos().mul(y.cosh()), x.sin().mul(y.sinh()).neg());
            case SINH -> ofParts(x.sinh().mul(y.cos()), x.cosh().mul(y.sin()));
            case COSH -> ofParts(x.cosh().mul(y.cos()), x.sinh().mul(y.sin()));
            case TANH -> {
                Tensor den = x.mul(2).cosh().add(y.mul(2).cos());
                yield ofParts(x.mul(2).sinh().div(den), y.mul(2).sin().div(den));
            }
            case SIGMOID -> {
                Tensor e = unary(UnaryOp.EXP, unary(UnaryOp.NEG, z));
                yield div(asComplex(Torch.onesLike(x), z.dtype()), ofParts(real(e).add(1), imag(e)));
            }
            case ISNAN -> x.isnan().logicalOr(y.isnan());
            case ISINF -> x.isinf().logicalOr(y.isinf());
            case ISFINITE -> x.isfinite().logicalAnd(y.isfinite());
            default -> throw new IllegalArgumentException("\"" + op.opName() + "\" is not supported for complex tensors ("
                    + z.dtype().scalarTypeName() + ")");
        };
    }

    /** {@code z.conj()}: the imaginary parts negated (a copy; PyTorch returns a lazy view). */
    public static Tensor conj(Tensor z) { return z.isComplex() ? ofParts(real(z), imag(z).neg()) : z; }

    /** {@code torch.angle(z)}: {@code atan2(im, re)}; for real tensors 0 where x >= 0, pi where x < 0, nan for nan. */
    public static Tensor angle(Tensor z) {
        if (z.isComplex()) return imag(z).atan2(real(z));
        Tensor x = z.isFloatingPoint() ? z : z.to(dev.torch4j.core.Defaults.floatDType());
        return Torch.where(x.lt(0), Torch.fullLike(x, Math.PI), x.mul(0));
    }

    /** {@code torch.sgn(z)}: {@code z / |z|}, 0 at 0. */
    public static Tensor sgn(Tensor z) {
        Tensor m = unary(UnaryOp.ABS, z);
        Tensor zero = m.eq(0), safe = Torch.where(zero, Torch.onesLike(m), m);
        return ofParts(Torch.where(zero, Torch.zerosLike(m), real(z).div(safe)), Torch.where(zero, Torch.zerosLike(m), imag(z).div(safe)));
    }

    // ---------------------------------------------------------------- reductions and products

    /** {@code z.sum(dims)} or {@code z.mean(dims)} (dims null: all) of a complex tensor. */
    public static Tensor sumOrMean(Tensor z, long[] dims, boolean keepdim, DType dtype, boolean mean) {
        Tensor c = dtype == null ? z : asComplex(z, dtype);
        if (dtype != null && !dtype.isComplex()) {
            throw new IllegalArgumentException((mean ? "mean" : "sum") + "(): a complex input needs a complex dtype, got " + dtype);
        }
        int n = c.dim();
        long[] d = dims == null || dims.length == 0 ? java.util.stream.LongStream.range(0, n).toArray() : dims.clone();
        for (int i = 0; i < d.length; i++) d[i] = Shapes.wrapDim(d[i], Math.max(n, 1));
        Tensor r = viewAsReal(c);
        if (n == 0) return clone(c);
        Tensor s = mean ? r.mean(d, keepdim) : r.sum(d, keepdim);
        return viewAsComplex(s.contiguous());
    }

    /**
     * A product that is bilinear over the reals ({@code mm}, {@code bmm}, {@code matmul}, {@code mv}, {@code dot})
     * applied to complex operands: four real products.
     */
    public static Tensor bilinear(Tensor a, Tensor b, BinaryOperator<Tensor> f) {
        DType t = TypePromotion.promoteTypes(a.dtype(), b.dtype());
        Tensor x = asComplex(a, t), y = asComplex(b, t);
        Tensor ar = real(x), ai = imag(x), br = real(y), bi = imag(y);
        return ofParts(f.apply(ar, br).sub(f.apply(ai, bi)), f.apply(ar, bi).add(f.apply(ai, br)));
    }

    /** Tensors of which any is complex are joined on their real views (dims wrapped against the complex rank). */
    public static Tensor join(List<Tensor> ts, long dim, boolean stack) {
        DType t = ts.get(0).dtype();
        for (Tensor x : ts) t = TypePromotion.promoteTypes(t, x.dtype());
        int rank = ts.get(0).dim() + (stack ? 1 : 0);
        long d = Shapes.wrapDim(dim, rank);
        DType c = t;
        List<Tensor> views = ts.stream().map(x -> viewAsReal(asComplex(x, c))).toList();
        return viewAsComplex(stack ? Torch.stack(views, d) : Torch.cat(views, d));
    }

    // ---------------------------------------------------------------- errors

    /**
     * The error for a complex tensor that reached a real kernel: names the public method the user called (the
     * outermost torch4j frame below the caller's code).
     */
    public static IllegalArgumentException unsupported(DType t) {
        String op = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> {
            var source = Tensor.class.getProtectionDomain().getCodeSource();
            String name = null;
            for (var f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                Class<?> c = f.getDeclaringClass();
                if (!c.getName().startsWith("dev.torch4j.") || !java.util.Objects.equals(c.getProtectionDomain().getCodeSource(), source)) {
                    if (name != null) break;
                    continue;
                }
                name = f.getMethodName();
            }
            return name == null ? "this operation" : "\"" + name + "\"";
        });
        return new IllegalArgumentException(op + " is not implemented for complex tensors (" + t.scalarTypeName() + ") in torch4j; "
                + "complex tensors support views, copies, arithmetic, exp/log/sqrt/trigonometry, abs/angle/conj, sum/mean, "
                + "matmul and torch.fft");
    }

    static boolean anyComplex(Tensor... ts) {
        for (Tensor t : ts) if (t != null && t.isComplex()) return true;
        return false;
    }
}
