package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Function;
import dev.torch4j.autograd.FunctionCtx;
import dev.torch4j.core.Defaults;

import java.util.function.ToDoubleFunction;

/**
 * The special functions the distributions need, as differentiable tensor ops with PyTorch's derivatives:
 * {@code lgamma' = digamma}, {@code digamma' = polygamma(1)}, {@code polygamma(n)' = polygamma(n + 1)}, {@code xlogy},
 * {@code gammainc} (differentiable in x only, as in PyTorch) and {@code erfinv}. Values are computed elementwise in
 * double on the CPU ({@link SpecialMath}) and returned in the input's dtype and device. The tensor methods {@code lgamma}, {@code digamma}, {@code polygamma}, {@code erfinv} and
 * {@code torch.special} use them.
 */
public final class SpecialOps {
    private SpecialOps() {}

    /** {@code torch.lgamma(x)}. */
    public static Tensor lgamma(Tensor x) { return new Polygamma(-1).apply(floating("lgamma", x)); }

    /** {@code torch.digamma(x)}. */
    public static Tensor digamma(Tensor x) { return new Polygamma(0).apply(floating("digamma", x)); }

    /** {@code torch.polygamma(n, x)}. */
    public static Tensor polygamma(int n, Tensor x) {
        if (n < 0) throw new IllegalArgumentException("polygamma(n, x) does not support negative n.");
        return new Polygamma(n).apply(floating("polygamma", x));
    }

    /** {@code torch.xlogy(x, y)}: {@code x log(y)}, 0 where x is 0 unless y is NaN; x's gradient {@code log(y)} even there. */
    public static Tensor xlogy(Tensor x, Tensor y) { return new Xlogy().apply(x, y); }

    /** {@code torch.special.gammainc(a, x)}: the regularised lower incomplete gamma function. */
    public static Tensor gammainc(Tensor a, Tensor x) { return new Igamma().apply(floatingPair("igamma_cpu", a, x)); }

    /** Both operands, refused as PyTorch's kernel refuses them when their promoted dtype is not floating. */
    private static Tensor[] floatingPair(String kernel, Tensor a, Tensor x) {
        DType t = Elementwise.resultType(a, x);
        if (!t.isFloatingPoint()) throw new IllegalArgumentException("\"" + kernel + "\" not implemented for '" + t.scalarTypeName() + "'");
        return new Tensor[] {a, x};
    }

    /** {@code torch.erfinv(y)}. */
    public static Tensor erfinv(Tensor y) { return new Erfinv().apply(floating("erfinv", y)); }

    /**
     * {@code torch.mvlgamma(x, p)}: {@code sum_i lgamma(x - i/2) + p(p-1)/4 log(pi)} for i below p. As in PyTorch
     * 1.13 and 2.x, elements at or below (p-1)/2 are not refused: they give lgamma's values there (infinite at the
     * poles).
     */
    public static Tensor mvlgamma(Tensor x, long p) {
        if (p < 1) throw new IllegalArgumentException("p has to be greater than or equal to 1");
        Tensor xf = floating("mvlgamma", x);
        Tensor offsets = Creation.arange(0, p, 1, xf.dtype(), xf.device()).mul(-0.5);
        return lgamma(xf.unsqueeze(-1).add(offsets)).sum(-1).add(p * (p - 1) / 4.0 * Math.log(Math.PI));
    }

    /** {@code torch.special.gammaincc(a, x)}: the regularised upper incomplete gamma function. */
    public static Tensor gammaincc(Tensor a, Tensor x) {
        floatingPair("igammac_cpu", a, x);
        return gammainc(a, x).neg().add(1.0);
    }

    /** {@code torch.special.zeta(x, q)}: the Hurwitz zeta function (differentiable in q, as in PyTorch). */
    public static Tensor zeta(Tensor x, Tensor q) { return new Zeta().apply(x, q); }

    private static final class Zeta extends Function {
        @Override
        protected String backwardName() { return "SpecialZetaBackward0"; }

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return new Tensor[] {pointwise(v -> SpecialMath.zeta(v[0], v[1]), in[0], in[1])};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            if (ctx.needsInputGrad(0)) throw new UnsupportedOperationException("the derivative for 'x' is not implemented.");
            Tensor s = ctx.savedTensors()[0], q = ctx.savedTensors()[1];
            return new Tensor[] {null, grads[0].mul(s.neg()).mul(zeta(s.add(1.0), q))};
        }
    }

    /**
     * {@code torch.special.entr(x)}: {@code -x log x}, 0 at 0, -inf below; its derivative is PyTorch's
     * {@code -(1 + log x)} everywhere (+inf at 0, -inf at +inf, NaN below 0).
     */
    public static Tensor entr(Tensor x) { return new Entr().apply(x.isFloatingPoint() ? x : x.to(Defaults.floatDType())); }

    private static final class Entr extends Function.Unary {
        @Override
        protected String backwardName() { return "SpecialEntrBackward0"; }

        @Override
        protected Tensor forward(FunctionCtx ctx, Tensor f) {
            ctx.saveForBackward(f);
            Tensor r = f.mul(f.log()).neg().where(f.ne(0.0), 0.0);
            return r.where(f.ge(0.0).logicalOr(f.isnan()), Double.NEGATIVE_INFINITY);
        }

        @Override
        protected Tensor backward(FunctionCtx ctx, Tensor grad) {
            return grad.mul(ctx.savedTensors()[0].log().add(1.0).neg());
        }
    }

    /** The input as a floating tensor (integers as float32); complex input is refused, as PyTorch's kernels refuse it. */
    private static Tensor floating(String op, Tensor x) {
        if (x.isComplex()) throw new IllegalArgumentException("\"" + op + "\" not implemented for '" + x.dtype().scalarTypeName() + "'");
        return x.isFloatingPoint() ? x : x.to(DType.FLOAT32);
    }

    /**
     * f evaluated at every element of the broadcast inputs (read as doubles, row-major), returned in the inputs'
     * promoted dtype (the default float dtype for integers and bool; float32 results rounded from the double value)
     * on the inputs' device (PyTorch's error when they differ, 0-d CPU tensors excepted).
     */
    public static Tensor pointwise(ToDoubleFunction<double[]> f, Tensor... in) {
        Device device = Dispatch.commonDevice("special function", in); // computed on the host, so check before
        long[] shape = new long[0];
        for (Tensor t : in) shape = dev.torch4j.core.Shapes.broadcast("pointwise", shape, t.shapeArray());
        DType dtype = in.length == 0 ? DType.FLOAT32 : Elementwise.resultType(in);
        if (!dtype.isFloatingPoint()) dtype = dev.torch4j.core.Defaults.floatDType();
        double[][] cols = new double[in.length][];
        // each operand rounded to the result dtype first, as PyTorch's kernels read it (a float64 0-d x = 2e-65
        // against a float32 a is 0 in float32, so gammainc(a, x) is 0 there)
        for (int k = 0; k < in.length; k++) cols[k] = in[k].detach().to(dtype).expand(shape).cpu().toDoubleArray();
        int n = cols.length == 0 ? 0 : cols[0].length;
        double[] out = new double[n], args = new double[in.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < in.length; k++) args[k] = cols[k][i];
            out[i] = f.applyAsDouble(args);
        }
        return Torch.fromArray(out).reshape(shape).to(device, dtype);
    }

    /** lgamma (n = -1), digamma (0), trigamma (1), polygamma(n); each differentiates to the next. */
    private static final class Polygamma extends Function.Unary {
        private final int n;

        Polygamma(int n) { this.n = n; }

        @Override
        protected String backwardName() { return n == -1 ? "LgammaBackward0" : n == 0 ? "DigammaBackward0" : "PolygammaBackward0"; }

        @Override
        protected Tensor forward(FunctionCtx ctx, Tensor x) {
            ctx.saveForBackward(x);
            return pointwise(v -> n == -1 ? SpecialMath.lgammaPlatform(v[0]) : SpecialMath.polygamma(n, v[0]), x);
        }

        @Override
        protected Tensor backward(FunctionCtx ctx, Tensor grad) {
            return grad.mul(new Polygamma(n + 1).apply(ctx.savedTensors()[0]));
        }
    }

    private static final class Xlogy extends Function {
        @Override
        protected String backwardName() { return "XlogyBackward0"; }

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return new Tensor[] {pointwise(v -> v[0] == 0 && !Double.isNaN(v[1]) ? 0 : v[0] * Math.log(v[1]), in[0], in[1])};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            Tensor x = ctx.savedTensors()[0], y = ctx.savedTensors()[1], g = grads[0];
            // PyTorch: d/dx = xlogy(grad, y), zeroed where x == 0 and y <= 0; d/dy = grad * x / y
            Tensor gx = ctx.needsInputGrad(0) ? xlogy(g, y).maskedFill(x.eq(0.0).logicalAnd(y.le(0.0)), 0.0) : null;
            Tensor gy = ctx.needsInputGrad(1) ? g.mul(x).div(y) : null;
            return new Tensor[] {gx, gy};
        }
    }

    private static final class Igamma extends Function {
        @Override
        protected String backwardName() { return "IgammaBackward0"; }

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return new Tensor[] {pointwise(v -> SpecialMath.gammainc(v[0], v[1]), in[0], in[1])};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            if (ctx.needsInputGrad(0)) throw new UnsupportedOperationException("the derivative for 'igamma: input' is not implemented.");
            Tensor a = ctx.savedTensors()[0], x = ctx.savedTensors()[1];
            // d/dx P(a, x) = x^(a-1) e^-x / Gamma(a)
            Tensor gx = grads[0].mul(a.sub(1).mul(x.log()).sub(x).sub(lgamma(a)).exp());
            return new Tensor[] {null, gx};
        }
    }

    private static final class Erfinv extends Function.Unary {
        @Override
        protected String backwardName() { return "ErfinvBackward0"; }

        @Override
        protected Tensor forward(FunctionCtx ctx, Tensor y) {
            Tensor out;
            // the backend's kernel where it has one (the CPU's float32 vectors: within one float ulp of the scalar
            // loop below, 30-60x faster)
            Tensor c = y.detach().contiguous();
            dev.torch4j.backend.Storage s = y.numel() == 0 ? null : Dispatch.backend(y.device()).erfinv(c.strided());
            if (s != null) {
                out = Fused.wrapNew(s, y.shapeArray());
            } else {
                out = pointwise(v -> SpecialMath.erfinv(v[0]), y);
            }
            ctx.saveForBackward(out);
            return out;
        }

        @Override
        protected Tensor backward(FunctionCtx ctx, Tensor grad) {
            // d/dy erfinv(y) = sqrt(pi) / 2 * exp(erfinv(y)^2)
            return grad.mul(ctx.savedTensors()[0].square().exp()).mul(0.5 * Math.sqrt(Math.PI));
        }
    }
}
