package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;

import java.util.ArrayList;
import java.util.List;

/**
 * Arithmetic written with the elementwise ops, reductions and products (their derivatives are those of the parts):
 * lerp, addcmul/addcdiv, addmv/addr/baddbmm/addbmm, logaddexp(2), hypot, xlogy, logit, sinc, frac, copysign,
 * heaviside, fmod, float_power, nansum/nanmean, diff, cov/corrcoef, logcumsumexp.
 */
public final class Arithmetic {
    private Arithmetic() {}

    private static final double LN2 = Math.log(2);

    /** {@code torch.lerp(start, end, weight)}: {@code start + weight * (end - start)}. */
    public static Tensor lerp(Tensor start, Tensor end, Tensor weight) {
        checkLerp(start, end, weight, "lerp_kernel_tensor");
        // PyTorch's two-sided formula: exact at both ends (weight 0 gives start, weight 1 gives end)
        Tensor diff = end.sub(start);
        return start.add(diff.mul(weight)).where(weight.abs().lt(0.5), end.sub(diff.mul(weight.neg().add(1.0))));
    }

    /** {@code torch.lerp(start, end, weight)} with a number weight. */
    public static Tensor lerp(Tensor start, Tensor end, double weight) {
        checkLerp(start, end, null, "lerp_kernel_scalar");
        Tensor diff = end.sub(start);
        return Math.abs(weight) < 0.5 ? start.add(diff.mul(weight)) : end.sub(diff.mul(1 - weight));
    }

    /** PyTorch's checks: end (and a tensor weight) of start's dtype, and a floating one. */
    private static void checkLerp(Tensor start, Tensor end, Tensor weight, String kernel) {
        for (Object[] o : new Object[][] {{end, "end"}, {weight, "weight"}}) {
            if (o[0] instanceof Tensor t && t.dtype() != start.dtype()) {
                throw new IllegalArgumentException("expected dtype " + dev.torch4j.core.ScalarConversion.typeMetaName(start.dtype())
                        + " for `" + o[1] + "` but got dtype " + dev.torch4j.core.ScalarConversion.typeMetaName(t.dtype()));
            }
        }
        if (!start.isFloatingPoint() && !start.isComplex()) {
            throw new IllegalArgumentException("\"" + kernel + "\" not implemented for '" + start.dtype().scalarTypeName() + "'");
        }
    }

    /** {@code torch.addcmul(t, t1, t2, value)}: {@code t + value * t1 * t2}. */
    public static Tensor addcmul(Tensor t, Tensor t1, Tensor t2, double value) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.PROMOTE, a -> addcmul(a[0], a[1], a[2], value), t, t1, t2);
        }
        DType rt = Elementwise.resultType(t, t1, t2);
        if (rt == DType.BOOL) throw new IllegalArgumentException("\"addcmul_cpu_out\" not implemented for 'Bool'");
        if (dev.torch4j.core.ScalarConversion.overflows(value, rt)) {
            throw new IllegalArgumentException("addcmul: value cannot be converted to type "
                    + dev.torch4j.core.ScalarConversion.cppName(rt) + " without overflow");
        }
        // all three in the result dtype first (a 0-d operand must not narrow the product), and in an integer result
        // the value is that integer type's too (truncated), as PyTorch casts it
        Tensor x = t.to(rt), y = t1.to(rt), z = t2.to(rt);
        if (!rt.isFloatingPoint() && !rt.isComplex()) return x.add(y.mul(z).mul((long) value));
        if (rt.isComplex()) return x.add(y.mul(z).mul(value));
        // PyTorch's derivatives, each taken at the full broadcast shape before it is summed to its input's shape
        // (grad * t2 * value, not sum(grad) * t2 * value: they differ where infinities meet gradients of both signs)
        return recorded("AddcmulBackward0", () -> x.add(y.mul(z).mul(value)), (n, g, in, r) -> new Tensor[] {
                n.needsInputGrad(0) ? g : null,
                n.needsInputGrad(1) ? g.mul(in[2]).mul(value) : null,
                n.needsInputGrad(2) ? g.mul(in[1]).mul(value) : null}, x, y, z);
    }

    /** {@code torch.addcdiv(t, t1, t2, value)}: {@code t + value * t1 / t2}. */
    public static Tensor addcdiv(Tensor t, Tensor t1, Tensor t2, double value) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.PROMOTE, a -> addcdiv(a[0], a[1], a[2], value), t, t1, t2);
        }
        if (!t1.isFloatingPoint() && !t1.isComplex() && !t2.isFloatingPoint() && !t2.isComplex()) {
            throw new IllegalArgumentException("Integer division with addcdiv is no longer supported, and in a future release addcdiv "
                    + "will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as "
                    + "(input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * "
                    + "tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + "
                    + "value * tensor1 / tensor2), for all dtypes.");
        }
        DType rt = Elementwise.resultType(t, t1, t2);   // all three in the result dtype (a 0-d float64 must not widen it)
        Tensor x = t.to(rt), y = t1.to(rt), z = t2.to(rt);
        if (rt.isComplex()) return x.add(y.div(z).mul(value));
        // PyTorch's derivatives grad * (value / t2) and -grad * value * t1 / t2^2, at the broadcast shape (see addcmul)
        return recorded("AddcdivBackward0", () -> x.add(y.div(z).mul(value)), (n, g, in, r) -> new Tensor[] {
                n.needsInputGrad(0) ? g : null,
                n.needsInputGrad(1) ? g.mul(in[2].reciprocal().mul(value)) : null,
                n.needsInputGrad(2) ? g.neg().mul(in[1].mul(value).div(in[2].mul(in[2]))) : null}, x, y, z);
    }

    private static Tensor scaled(Tensor t, double beta) { return beta == 1 ? t : t.mul(beta); }

    /** {@code torch.addmv(t, mat, vec, beta, alpha)}: {@code beta t + alpha mat @ vec}. */
    public static Tensor addmv(Tensor t, Tensor mat, Tensor vec, double beta, double alpha) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.ADDMV, a -> addmv(a[0], a[1], a[2], beta, alpha), t, mat, vec);
        }
        Tensor p = scaled(mat.mv(vec), alpha);
        return beta == 0 ? p.add(t.mul(0)) : scaled(t, beta).add(p);
    }

    /** {@code torch.addr(t, v1, v2, beta, alpha)}: {@code beta t + alpha outer(v1, v2)}. */
    public static Tensor addr(Tensor t, Tensor v1, Tensor v2, double beta, double alpha) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.ADDR, a -> addr(a[0], a[1], a[2], beta, alpha), t, v1, v2);
        }
        Tensor p = scaled(Linalg.outer(v1, v2), alpha);
        return beta == 0 ? p.add(t.mul(0)) : scaled(t, beta).add(p);
    }

    /** {@code torch.baddbmm(t, b1, b2, beta, alpha)}: {@code beta t + alpha b1 @ b2} per batch. */
    public static Tensor baddbmm(Tensor t, Tensor b1, Tensor b2, double beta, double alpha) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.BADDBMM, a -> baddbmm(a[0], a[1], a[2], beta, alpha), t, b1, b2);
        }
        Tensor p = scaled(b1.bmm(b2), alpha);
        return beta == 0 ? p.add(t.mul(0)) : scaled(t, beta).add(p);
    }

    /** {@code torch.addbmm(t, b1, b2, beta, alpha)}: {@code beta t + alpha sum_b b1[b] @ b2[b]}. */
    public static Tensor addbmm(Tensor t, Tensor b1, Tensor b2, double beta, double alpha) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.ADDBMM, a -> addbmm(a[0], a[1], a[2], beta, alpha), t, b1, b2);
        }
        Tensor p = scaled(b1.bmm(b2).sum(0, false), alpha);
        return beta == 0 ? p.add(t.mul(0)) : scaled(t, beta).add(p);
    }

    /** {@code torch.logaddexp(a, b)}: {@code log(exp(a) + exp(b))} without overflow. */
    public static Tensor logaddexp(Tensor a, Tensor b) {
        floatingOnly("logaddexp_cpu", a, b);
        DType t = Elementwise.resultType(a, b);
        if (t.isComplex()) {
            // PyTorch 2.x's complex logaddexp (1.13 refuses complex input)
            long[] shape = Shapes.broadcast("logaddexp", a.shapeArray(), b.shapeArray());
            return ComplexElementary.logAddExp(a.to(t).expand(shape), b.to(t).expand(shape));
        }
        Tensor x = a.to(t), y = b.to(t);
        // PyTorch's derivatives grad / (1 + exp(b - a)) and grad / (1 + exp(a - b)): NaN where both are the same
        // infinity, as there (the composite's chain rule gives 1/2)
        return recorded("LogaddexpBackward0", () -> logaddexpValue(x, y, false), (n, g, in, r) -> new Tensor[] {
                n.needsInputGrad(0) ? g.div(in[1].sub(in[0]).exp().add(1.0)) : null,
                n.needsInputGrad(1) ? g.div(in[0].sub(in[1]).exp().add(1.0)) : null}, x, y);
    }

    private static Tensor logaddexpValue(Tensor a, Tensor b, boolean base2) {
        Tensor m = a.maximum(b);
        // equal infinities: log(2 e^inf) is inf (and -inf for -inf), where the difference would be NaN
        Tensor d = a.sub(b).abs().where(a.ne(b), 0.0);
        return base2 ? m.add(d.neg().mul(LN2).exp().log1p().div(LN2)) : m.add(d.neg().exp().log1p());
    }

    /** {@code torch.logaddexp2(a, b)}: {@code log2(2^a + 2^b)}. */
    public static Tensor logaddexp2(Tensor a, Tensor b) {
        floatingOnly("logaddexp2_cpu", a, b);
        DType t = Elementwise.resultType(a, b);
        Tensor x = a.to(t), y = b.to(t);
        // PyTorch's derivatives grad / (1 + 2^(b - a)) and grad / (1 + 2^(a - b))
        return recorded("Logaddexp2Backward0", () -> logaddexpValue(x, y, true), (n, g, in, r) -> new Tensor[] {
                n.needsInputGrad(0) ? g.div(in[1].sub(in[0]).exp2().add(1.0)) : null,
                n.needsInputGrad(1) ? g.div(in[0].sub(in[1]).exp2().add(1.0)) : null}, x, y);
    }

    /** {@code torch.hypot(a, b)}: {@code sqrt(a^2 + b^2)}. */
    public static Tensor hypot(Tensor a, Tensor b) {
        DType t = Elementwise.resultType(a, b);
        if (!t.isFloatingPoint()) throw new IllegalArgumentException("\"hypot_cpu\" not implemented for '" + t.scalarTypeName() + "'");
        // as C's hypot, no overflow or underflow in the squares: narrower floats go through float64 (squares of
        // float32 fit there), float64 is scaled by the larger magnitude; an infinity wins over a NaN
        Tensor x = a.to(t), y = b.to(t);
        // PyTorch's derivatives: grad * a / result and grad * b / result (NaN at the origin, as there)
        return recorded("HypotBackward0", () -> hypotValue(x, y), (n, g, in, r) -> new Tensor[] {
                n.needsInputGrad(0) ? g.mul(in[0]).div(r) : null, n.needsInputGrad(1) ? g.mul(in[1]).div(r) : null}, x, y);
    }

    /** The gradients of a recorded node: {@code g} the output's, {@code in} the inputs and {@code r} the result as saved. */
    private interface Grads {
        Tensor[] of(dev.torch4j.autograd.FnNode n, Tensor g, Tensor[] in, Tensor r);
    }

    /**
     * {@code value} computed without recording; when an input requires grad, one node {@code name} over the inputs
     * (saved, with the result) whose backward is {@code grads}: ops whose PyTorch derivative differs from their
     * composite's chain rule at NaN, zero or the domain's edge.
     */
    private static Tensor recorded(String name, java.util.function.Supplier<Tensor> value, Grads grads, Tensor... inputs) {
        if (!dev.torch4j.autograd.Graph.isRecording(inputs)) return value.get();
        Tensor r;
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            r = value.get();
        }
        dev.torch4j.autograd.FnNode n = dev.torch4j.autograd.Graph.node(name, inputs);
        var saved = new java.util.ArrayList<dev.torch4j.autograd.SavedTensor>();
        for (Tensor t : inputs) saved.add(n.save(t));
        var sr = n.save(r);
        return n.backward(gs -> {
            Tensor[] in = new Tensor[saved.size()];
            for (int i = 0; i < in.length; i++) in[i] = saved.get(i).get();
            return grads.of(n, gs[0], in, sr.get());
        }).output(r);
    }

    private static Tensor hypotValue(Tensor x, Tensor y) {
        DType t = x.dtype();
        if (t != DType.FLOAT64) return hypotValue(x.to(DType.FLOAT64), y.to(DType.FLOAT64)).to(t);
        Tensor ax = x.abs(), ay = y.abs(), big = ax.maximum(ay), small = ax.minimum(ay);
        Tensor ratio = small.div(big.where(big.ne(0.0), 1.0));
        Tensor r = big.mul(ratio.square().add(1.0).sqrt());
        return r.where(ax.isinf().logicalOr(ay.isinf()).logicalNot(), Double.POSITIVE_INFINITY);
    }

    /** {@code torch.xlogy(x, y)}: {@code x log(y)}, 0 where x is 0 (NaN where y is). */
    public static Tensor xlogy(Tensor x0, Tensor y0) {
        DType t = Elementwise.resultType(x0, y0);
        if (t.isComplex()) throw new IllegalArgumentException("\"xlogy_cpu\" not implemented for '" + t.scalarTypeName() + "'");
        if (!t.isFloatingPoint()) t = Torch.getDefaultDtype();
        Tensor x = x0.to(t), y = y0.to(t);   // log(y) in the result dtype: an int8 y against float64 x in float64
        // PyTorch's derivatives: d/dx = xlogy(grad, y), zero where x == 0 and y <= 0; d/dy = grad * x / y (a composite
        // would give 0 * log(0) = NaN for x at x == 0)
        return recorded("XlogyBackward0", () -> xlogyValue(x, y), (n, g, in, r) -> new Tensor[] {
                n.needsInputGrad(0) ? xlogy(g, in[1]).maskedFill(in[0].eq(0.0).logicalAnd(in[1].le(0.0)), 0.0) : null,
                n.needsInputGrad(1) ? g.mul(in[0]).div(in[1]) : null}, x, y);
    }

    private static Tensor xlogyValue(Tensor x, Tensor y) {
        Tensor r = x.mul(y.log());
        return r.where(x.ne(0.0).logicalOr(y.isnan()), 0.0);
    }

    /** {@code torch.logit(p, eps)}: {@code log(p / (1 - p))}, p clamped to [eps, 1 - eps] when eps is given. */
    public static Tensor logit(Tensor p, Double eps) {
        if (p.isComplex()) throw new IllegalArgumentException("\"logit_cpu\" not implemented for '" + p.dtype().scalarTypeName() + "'");
        Tensor x = !p.isFloatingPoint() ? p.to(Torch.getDefaultDtype()) : p;   // integers and bool as floats
        // PyTorch's derivative: grad / (x (1 - x)), NaN outside [0, 1] without eps and 0 outside [eps, 1 - eps] with it
        // (the composite's chain rule gave finite values outside the domain, and none of the clamp's zeros)
        return recorded("LogitBackward0", () -> logitValue(x, eps), (n, g, in, r) -> {
            Tensor xs = in[0], d = g.div(xs.mul(xs.neg().add(1.0)));
            Tensor outside = eps == null ? xs.lt(0.0).logicalOr(xs.gt(1.0)) : xs.lt(eps).logicalOr(xs.gt(1 - eps));
            return new Tensor[] {d.maskedFill(outside, eps == null ? Double.NaN : 0.0)};
        }, x);
    }

    private static Tensor logitValue(Tensor p, Double eps) {
        Tensor q = eps == null ? p : p.clamp(eps.doubleValue(), 1 - eps);
        return q.div(q.neg().add(1)).log();
    }

    /** {@code torch.sinc(x)}: {@code sin(pi x) / (pi x)}, 1 at 0. */
    public static Tensor sinc(Tensor x) {
        if (x.isComplex() || !x.isFloatingPoint()) return sincValue(x);
        // PyTorch's derivative (pi x cos(pi x) - sin(pi x)) / (pi x^2), 0 where pi x^2 is 0: the derivative of the
        // quotient as composed cancels catastrophically near 0 (1e24 instead of 0 at x = 1e-40)
        return recorded("SincBackward0", () -> sincValue(x), (n, g, in, r) -> {
            Tensor px = in[0].mul(Math.PI), sq = in[0].mul(in[0]).mul(Math.PI);
            Tensor d = g.mul(px.mul(px.cos()).sub(px.sin())).div(sq);
            return new Tensor[] {d.where(sq.ne(0.0), 0.0)};
        }, x);
    }

    private static Tensor sincValue(Tensor x) {
        Tensor px = x.mul(Math.PI);
        Tensor r = px.sin().div(px);
        return r.where(x.ne(0.0), 1.0);
    }

    /** {@code torch.frac(x)}: {@code x - trunc(x)}. */
    public static Tensor frac(Tensor x) {
        if (!x.isFloatingPoint()) throw new IllegalArgumentException("\"frac_cpu\" not implemented for '" + x.dtype().scalarTypeName() + "'");
        return x.sub(x.detach().trunc());
    }

    /** {@code torch.copysign(a, b)}: |a| with b's sign (the sign bit: -0.0 counts as negative). */
    public static Tensor copysign(Tensor a, Tensor b) {
        DType t = Elementwise.resultType(a, b);
        if (!t.isFloatingPoint() && !t.isComplex()) t = Torch.getDefaultDtype();   // integers and bool give floats
        Tensor x = a.to(t), y = b.to(t);
        // PyTorch's derivatives: grad * (result / a), 0 where a is 0 (NaN where a is NaN or infinite); none for b
        return recorded("CopysignBackward0", () -> copysignValue(x, y), (n, g, in, r) -> new Tensor[] {
                n.needsInputGrad(0) ? g.mul(r.div(in[0]).maskedFill(in[0].eq(0.0), 0.0)) : null,
                n.needsInputGrad(1) ? Torch.zerosLike(g) : null}, x, y);
    }

    private static Tensor copysignValue(Tensor a, Tensor b) {
        Tensor negative = b.lt(0.0).logicalOr(b.eq(0.0).logicalAnd(b.reciprocal().lt(0.0)));
        Tensor mag = a.abs();
        return mag.neg().where(negative, mag);
    }

    /** {@code torch.heaviside(x, values)}: 0 below 0, 1 above, values at 0. */
    public static Tensor heaviside(Tensor x, Tensor values) {
        if (x.dtype() != values.dtype()) throw new IllegalArgumentException("heaviside is not yet implemented for tensors with different dtypes.");
        long[] s = Shapes.broadcast("heaviside", x.shapeArray(), values.shapeArray());
        Tensor one = Creation.full(s, 1, x.dtype(), x.device()), zero = Creation.full(s, 0, x.dtype(), x.device());
        Tensor v = values.expand(s).to(x.dtype());
        // values at 0, else (x > 0): NaN gives 0, as PyTorch's kernel
        return v.where(x.eq(0.0).expand(s), one.where(x.gt(0.0).expand(s), zero));
    }

    /** {@code torch.fmod(a, b)}: the remainder with a's sign ({@code a - b trunc(a / b)}). */
    public static Tensor fmod(Tensor a, Tensor b) {
        DType rt = Elementwise.resultType(a, b);
        if (rt == DType.BOOL) throw new IllegalArgumentException("\"fmod_cpu\" not implemented for 'Bool'");
        if (!rt.isFloatingPoint()) {   // in the result dtype: a negative divisor of a uint8 is 256 less
            a = a.to(rt);
            b = b.to(rt);
            Tensor r = a.remainder(b);
            // remainder takes b's sign; fmod a's
            return r.sub(b).where(r.ne(0L).logicalAnd(a.lt(0L).logicalXor(b.lt(0L))), r);
        }
        // C's fmod: |a| mod |b| (exact: Java's % on positive operands) with a's sign; a - trunc(a / b) * b lost the
        // remainder of large quotients in float32
        Tensor x = a.to(rt), y = b.to(rt);
        // PyTorch's derivatives: grad for a (also at a NaN or zero divisor), -grad * trunc(a / b) for b
        return recorded(b.isWrappedNumber() ? "FmodBackward0" : "FmodBackward1", () -> x.abs().remainder(y.abs()).copysign(x),
                (n, g, in, r) -> new Tensor[] {n.needsInputGrad(0) ? g : null,
                        n.needsInputGrad(1) ? g.neg().mul(in[0].div(in[1], "trunc")) : null}, x, y);
    }

    /** {@code torch.float_power(a, b)}: the power in float64. */
    public static Tensor floatPower(Tensor a, Tensor b) {
        // complex128 when either side is complex (a Python-number exponent keeps pow's special cases)
        if (a.isComplex() || b.isComplex()) return a.to(DType.COMPLEX128).pow(b.isWrappedNumber() ? b : b.to(DType.COMPLEX128));
        return a.to(DType.FLOAT64).pow(b.to(DType.FLOAT64));
    }

    /** {@code torch.nansum(t, dims, keepdim)}: the sum with NaNs counting as 0. */
    public static Tensor nansum(Tensor t, long[] dims, boolean keepdim) {
        if (t.isComplex()) throw new IllegalArgumentException("nansum does not support complex inputs");
        Tensor z = t.isFloatingPoint() ? t.where(t.isnan().logicalNot(), 0.0) : t;
        return dims == null ? (keepdim ? z.sum(allDims(t), true) : z.sum()) : z.sum(dims, keepdim);
    }

    /** {@code torch.nanmean(t, dims, keepdim)}: the mean of the elements that are not NaN. */
    public static Tensor nanmean(Tensor t, long[] dims, boolean keepdim) {
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException("nanmean(): expected input to have floating point or complex dtype but got "
                    + t.dtype().scalarTypeName());
        }
        Tensor count = t.isnan().logicalNot().to(t.dtype());
        return nansum(t, dims, keepdim).div(dims == null ? (keepdim ? count.sum(allDims(t), true) : count.sum()) : count.sum(dims, keepdim));
    }

    private static long[] allDims(Tensor t) {
        long[] d = new long[t.dim()];
        for (int i = 0; i < d.length; i++) d[i] = i;
        return d;
    }

    /** {@code torch.diff(t, n, dim, prepend, append)}: the n-th forward difference along dim. */
    public static Tensor diff(Tensor t, long n, long dim, Tensor prepend, Tensor append) {
        if (t.dim() == 0) throw new IllegalArgumentException("diff expects input to be at least one-dimensional");
        if (n < 0) throw new IllegalArgumentException("order must be non-negative but got " + n);
        int d = Shapes.wrapDim("diff", dim, t.dim());
        Tensor x = t;
        if (prepend != null || append != null) {
            List<Tensor> parts = new ArrayList<>();
            if (prepend != null) parts.add(prepend);
            parts.add(t);
            if (append != null) parts.add(append);
            x = Joining.cat(parts, d);
        }
        for (long k = 0; k < n && x.size(d) > 0; k++) {
            long len = x.size(d) - 1;
            x = x.dtype() == DType.BOOL ? x.narrow(d, 1, len).logicalXor(x.narrow(d, 0, len)) : x.narrow(d, 1, len).sub(x.narrow(d, 0, len));
        }
        return x;
    }

    /** {@code torch.cov(t, correction, fweights=None, aweights=None)}: rows are variables, columns observations. */
    public static Tensor cov(Tensor t, long correction) {
        if (t.dim() > 2) throw new IllegalArgumentException("cov(): expected input to have two or fewer dimensions but got an input with "
                + t.dim() + " dimensions");
        Tensor x = t.dim() < 2 ? t.reshape(1, -1) : t;
        if (!x.isFloatingPoint() && !x.isComplex()) x = x.to(DType.FLOAT32);
        long n = x.size(1);
        Tensor centred = x.sub(x.mean(new long[] {1}, true));
        Tensor c = centred.mm(centred.mH()).div((double) Math.max(0, n - correction)); // mH: complex rows conjugated
        return t.dim() < 2 ? c.reshape(new long[0]) : c;
    }

    /**
     * {@code torch.corrcoef(t)}: Pearson correlation coefficients of the rows, clipped to [-1, 1] (for complex input
     * the real and imaginary parts each, over the real standard deviations, as PyTorch does).
     */
    public static Tensor corrcoef(Tensor t) {
        Tensor c = cov(t, 1);
        if (c.dim() == 0) return c.div(c);
        Tensor diag = c.diagonal(0, 0, 1);
        Tensor d = (c.isComplex() ? diag.real() : diag).sqrt();
        c = c.div(d.unsqueeze(1)).div(d.unsqueeze(0));
        return c.isComplex() ? Torch.complex(c.real().clamp(-1, 1), c.imag().clamp(-1, 1)) : c.clamp(-1, 1);
    }

    /**
     * {@code torch.logcumsumexp(t, dim)}: a Hillis-Steele scan of logaddexp (log2(n) rounds of combining each element
     * with the one 2^k before it), stable for any spread of values, unlike one shift by the maximum.
     */
    public static Tensor logcumsumexp(Tensor t, long dim) {
        floatingOnly("logcumsumexp_out_cpu", t, t);
        int d = Shapes.wrapDim("logcumsumexp", dim, Math.max(1, t.dim()));
        if (t.isComplex()) return ComplexReductions.logcumsumexp(t, d);
        // one element along dim: the input itself, recorded with PyTorch's derivative grad * exp(x - result) (= grad,
        // but a function of x, so it requires grad under create_graph as PyTorch's does)
        if (t.dim() == 0 || t.size(d) <= 1) {
            return recorded("LogcumsumexpBackward0", t::clone, (n, g, in, r) -> new Tensor[] {g.mul(in[0].sub(r).exp())}, t);
        }
        long n = t.size(d);
        Tensor y = t;
        for (long s = 1; s < n; s <<= 1) {
            Tensor tail = logaddexp(y.narrow(d, s, n - s), y.narrow(d, 0, n - s));
            y = Joining.cat(List.of(y.narrow(d, 0, s), tail), d);
        }
        return y;
    }

    /** PyTorch's refusal of an op with no integer or bool kernel, for the operands' promoted dtype. */
    private static void floatingOnly(String kernel, Tensor a, Tensor b) {
        DType t = Elementwise.resultType(a, b);
        if (!t.isFloatingPoint() && !t.isComplex()) {
            throw new IllegalArgumentException("\"" + kernel + "\" not implemented for '" + t.scalarTypeName() + "'");
        }
    }
}
