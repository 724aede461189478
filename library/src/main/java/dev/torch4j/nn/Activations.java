package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.backend.ActivationOp;
import dev.torch4j.ops.AutocastMode;
import dev.torch4j.ops.Fused;

import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The activation functions behind {@link Functional}'s {@code relu6}, {@code hardtanh}, {@code softplus},
 * {@code prelu}, {@code selu}, {@code celu}, {@code mish}, {@code hardswish}, {@code hardsigmoid},
 * {@code logsigmoid}, {@code threshold}, {@code softshrink} and {@code hardshrink}: PyTorch's formulas, recorded
 * under PyTorch 2's node names ({@code PreluKernelBackward0}, where 1.13 said {@code PreluBackward0}) with derivatives composed from differentiable ops (so second derivatives work). The
 * kinks take PyTorch's side (hardtanh passes the gradient strictly inside its range, and so on).
 */
final class Activations {
    /**
     * An activation module's {@code inplace=True}: {@code f(input)} written over {@code input}. When autograd records,
     * {@code f} reads a copy, since its backward may need the input that the write replaces (PyTorch's in-place
     * kernels save a clone of self the same way).
     */
    static Tensor inplace(Tensor input, UnaryOperator<Tensor> f) {
        Tensor src = GradMode.isEnabled() && input.requiresGrad() ? input.clone() : input;
        return input.copy_(f.apply(src));
    }

    private Activations() {}

    /** A one-input op recorded as {@code name}, with its derivative {@code d(x, grad)}. */
    static Tensor pointwise(String name, Tensor x, UnaryOperator<Tensor> f, BinaryOperator<Tensor> d) {
        if (!Graph.isRecording(x)) return f.apply(x);
        Tensor y;
        try (var g = GradMode.noGrad()) {
            y = f.apply(x);
        }
        FnNode n = Graph.node(name, x);
        var sx = n.save(x);
        n.backward(gs -> new Tensor[] {d.apply(sx.get(), gs[0])});
        return n.output(y);
    }

    /**
     * {@link #pointwise(String, Tensor, UnaryOperator, BinaryOperator)} with the forward and backward each in one
     * backend pass where it has a kernel for {@code op} (float32 on the CPU), else composed from {@code f} and
     * {@code d}; the backward also composed while a graph is recorded (create_graph).
     */
    static Tensor pointwise(String name, Tensor x, ActivationOp op, double p0, double p1, double p2, UnaryOperator<Tensor> f,
                            BinaryOperator<Tensor> d) {
        return pointwise(name, x, v -> {
            Tensor y = Fused.activation(op, v, p0, p1, p2);
            return y != null ? y : f.apply(v);
        }, (v, g) -> {
            Tensor r = Fused.activationBackward(op, g, v, p0, p1, p2);
            return r != null ? r : d.apply(v, g);
        });
    }

    /** Zeros like {@code t} (not {@code t * 0}: that keeps -0 and turns infinities into NaN). */
    private static Tensor zero(Tensor t) { return Torch.zerosLike(t); }

    private static Tensor floating(String op, Tensor x) {
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point tensor, got " + x.dtype().pyName());
        }
        return x;
    }

    static Tensor hardtanh(Tensor x, double min, double max) {
        if (min > max) throw new IllegalArgumentException("hardtanh: min_val cannot be greater than max_val");
        if (x.dtype() == DType.BOOL) throw new IllegalArgumentException("\"hardtanh_cpu\" not implemented for 'Bool'");
        if (!x.isFloatingPoint()) return x.clamp((double) (long) min, (double) (long) max).to(x.dtype());   // bounds in the integer type
        return pointwise("HardtanhBackward0", x, ActivationOp.HARDTANH, min, max, 0, v -> v.clamp(min, max),
                (v, g) -> Torch.where(v.le(min).logicalOr(v.ge(max)), zero(g), g));
    }

    static Tensor softplus(Tensor x, double beta, double threshold) {
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.SOFTPLUS, a -> softplus(a[0], beta, threshold), x);
        floating("softplus", x);
        return pointwise("SoftplusBackward0", x, ActivationOp.SOFTPLUS, beta, threshold, 0, v -> {
            Tensor bx = v.mul(beta);
            return Torch.where(bx.gt(threshold), v, bx.exp().log1p().div(beta));
        }, (v, g) -> {
            Tensor bx = v.mul(beta);
            Tensor z = bx.exp();
            return Torch.where(bx.gt(threshold), g, g.mul(z).div(z.add(1.0)));
        });
    }

    /** ELU with PyTorch's {@code scale} and {@code input_scale} (how it computes selu and celu), recorded as {@code node}. */
    static Tensor elu(String node, Tensor x, double alpha, double scale, double inputScale) {
        floating("elu", x);
        return pointwise(node, x, ActivationOp.ELU, alpha, scale, inputScale,
                v -> Torch.where(v.le(0.0), v.mul(inputScale).expm1().mul(alpha * scale), v.mul(scale)),
                (v, g) -> Torch.where(v.le(0.0), g.mul(v.mul(inputScale).exp().mul(alpha * scale * inputScale)), g.mul(scale)));
    }

    static Tensor mish(Tensor x) {
        floating("mish", x);
        // PyTorch's kernel: x * tanh(log1p(exp(x))), no softplus threshold
        return pointwise("MishBackward0", x, ActivationOp.MISH, 0, 0, 0, v -> v.mul(v.exp().log1p().tanh()), (v, g) -> {
            Tensor t = v.exp().log1p().tanh();
            return g.mul(t.add(v.mul(v.sigmoid()).mul(t.mul(t).neg().add(1.0))));
        });
    }

    static Tensor hardswish(Tensor x) {
        floating("hardswish", x);
        return pointwise("HardswishBackward0", x, ActivationOp.HARDSWISH, 0, 0, 0, v -> v.mul(v.add(3.0).clamp(0.0, 6.0)).div(6.0),
                // PyTorch 2's boundaries (pytorch#148049): 0 up to and at -3, the linear piece strictly inside, 1 from 3 on
                (v, g) -> Torch.where(v.le(-3.0), zero(g), Torch.where(v.lt(3.0), g.mul(v.div(3.0).add(0.5)), g)));
    }

    static Tensor hardsigmoid(Tensor x) {
        floating("hardsigmoid", x);
        return pointwise("HardsigmoidBackward0", x, ActivationOp.HARDSIGMOID, 0, 0, 0, v -> v.add(3.0).clamp(0.0, 6.0).div(6.0),
                (v, g) -> Torch.where(v.gt(-3.0).logicalAnd(v.lt(3.0)), g.div(6.0), zero(g)));
    }

    static Tensor logsigmoid(Tensor x) {
        floating("log_sigmoid", x);
        return pointwise("LogSigmoidBackward0", x, ActivationOp.LOG_SIGMOID, 0, 0, 0, v -> v.clamp(null, 0.0).sub(v.abs().neg().exp().log1p()),
                (v, g) -> g.mul(v.neg().sigmoid()));
    }

    static Tensor threshold(Tensor x, double threshold, double value) {
        if (x.dtype() == DType.BOOL) throw new IllegalArgumentException("\"threshold_cpu\" not implemented for 'Bool'");
        return pointwise("ThresholdBackward0", x, v -> Torch.where(v.le(threshold), Torch.fullLike(v, value), v),
                (v, g) -> Torch.where(v.le(threshold), zero(g), g));
    }

    static Tensor softshrink(Tensor x, double lambd) {
        if (lambd < 0) throw new IllegalArgumentException("softshrink: lambda must be greater or equal to 0, but found to be " + lambd + ".");
        floating("softshrink", x);
        return pointwise("SoftshrinkBackward0", x,
                v -> Torch.where(v.gt(lambd), v.sub(lambd), Torch.where(v.lt(-lambd), v.add(lambd), zero(v))),
                (v, g) -> Torch.where(inside(v, lambd), zero(g), g));
    }

    /** {@code -lambd <= x <= lambd}: false for NaN, which the shrinks pass through as PyTorch does. */
    private static Tensor inside(Tensor v, double lambd) { return v.ge(-lambd).logicalAnd(v.le(lambd)); }

    static Tensor hardshrink(Tensor x, double lambd) {
        floating("hardshrink", x);
        return pointwise("HardshrinkBackward0", x, v -> Torch.where(inside(v, lambd), zero(v), v),
                (v, g) -> Torch.where(inside(v, lambd), zero(g), g));
    }

    /**
     * PReLU: {@code x} where positive, else {@code weight * x}, with one weight or one per channel (dim 1), recorded
     * as {@code PreluKernelBackward0}; the weight's gradient sums over every dim but the channel.
     */
    static Tensor prelu(Tensor x, Tensor weight) {
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.PRELU, a -> prelu(a[0], a[1]), x, weight);
        floating("prelu", x);
        if (weight.dim() > 1) throw new IllegalArgumentException("prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = " + weight.dim());
        if (weight.dtype() != x.dtype()) {
            throw new IllegalArgumentException("prelu: Type promoting not supported. Got " + x.dtype().scalarTypeName() + " and "
                    + weight.dtype().scalarTypeName());
        }
        long n = weight.numel();
        long channels = x.dim() >= 2 ? x.size(1) : 1;
        if (n != 1 && n != channels) {
            throw new IllegalArgumentException("prelu: Mismatch of parameter numbers and input channel size. Found parameter numbers = " + n
                    + " and channel size = " + channels + ".");
        }
        long[] wShape = new long[x.dim()];   // a 0-d input keeps its shape
        java.util.Arrays.fill(wShape, 1);
        if (n != 1) wShape[1] = n;
        boolean record = Graph.isRecording(x, weight);
        Tensor y;
        try (var g = GradMode.noGrad()) {
            Tensor w = weight.reshape(wShape);
            y = Torch.where(x.gt(0.0), x, w.mul(x));
        }
        if (!record) return y;
        FnNode node = Graph.node("PreluKernelBackward0", x, weight);
        var sx = node.save(x);
        var sw = node.save(weight);
        node.backward(gs -> {
            Tensor xv = sx.get(), wv = sw.get(), g = gs[0];
            Tensor w = wv.reshape(wShape);
            Tensor pos = xv.gt(0.0);
            Tensor gx = Torch.where(pos, g, g.mul(w));
            Tensor contrib = Torch.where(pos, zero(g), g.mul(xv));
            Tensor gw;
            if (n == 1) {
                gw = contrib.sum().reshape(wv.shapeArray());
            } else {
                long[] dims = new long[xv.dim() - 1];
                for (int i = 0, k = 0; i < xv.dim(); i++) if (i != 1) dims[k++] = i;
                gw = contrib.sum(dims, false).reshape(wv.shapeArray());
            }
            return new Tensor[] {gx, gw};
        });
        return node.output(y);
    }
}
