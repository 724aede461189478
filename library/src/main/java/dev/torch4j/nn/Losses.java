package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.ops.Nondeterministic;
import dev.torch4j.Torch;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.backend.Backend;
import dev.torch4j.backend.Indexer;
import dev.torch4j.core.Shapes;
import dev.torch4j.ops.AutocastMode;
import dev.torch4j.ops.Fused;
import dev.torch4j.ops.Gathering;

import java.util.Arrays;
import java.util.function.BinaryOperator;

/**
 * The loss functions behind {@link Functional}. Where PyTorch has a fused op with its own derivative
 * ({@code mse_loss}, {@code nll_loss}, {@code binary_cross_entropy}, ...) the loss is computed without recording
 * and one node with PyTorch's name and formula is recorded; where PyTorch 2.x composes ({@code l1_loss},
 * {@code cross_entropy}, {@code kl_div}) it is composed here too.
 */
final class Losses {
    private Losses() {}

    /** Logs a warning once per JVM and kind (every time under torch.set_warn_always), as Python shows a UserWarning once per call site. */
    private static void warnOnce(String kind, String message) { dev.torch4j.core.Warnings.warnOnce("dev.torch4j.nn", kind, message); }

    static Tensor reduce(Tensor loss, Reduction r) {
        return switch (r) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
            case BATCHMEAN -> throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        };
    }

    /** Derivatives of a pointwise loss with respect to its input and target (null where not needed). */
    @FunctionalInterface
    interface Derivative {
        Tensor[] apply(Tensor input, Tensor target, boolean needInput, boolean needTarget);
    }

    /** Broadcasts input and target as PyTorch's losses do (which warn when the shapes differ). */
    /** PyTorch's binary cross entropies compute in the target's type: an integer or bool target is refused. */
    private static void floatTarget(String op, Tensor t) {
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point target, got " + t.dtype().pyName());
        }
    }

    private static Tensor[] broadcast(String op, Tensor x, Tensor t) {
        if (Arrays.equals(x.shapeArray(), t.shapeArray())) return new Tensor[] {x, t};
        long[] s = Shapes.broadcast(op, x.shapeArray(), t.shapeArray());
        warnOnce(op, "Using a target size (" + t.shape()
                + ") that is different to the input size (" + x.shape() + "). This will likely lead to incorrect results "
                + "due to broadcasting. Please ensure they have the same size.");
        return new Tensor[] {x.expand(s), t.expand(s)};
    }

    /**
     * A pointwise loss reduced by {@code r}: computed without a graph and recorded as one node named {@code node}
     * whose gradient is {@code derivative} times the (reduction-scaled) output gradient.
     */
    private static Tensor pointwise(String op, String node, Tensor input, Tensor target, Reduction r,
                                    BinaryOperator<Tensor> loss, Derivative derivative) {
        r.checkNotBatchmean();
        // a bool side takes the other's dtype, as PyTorch's loss kernels promote (its sub would refuse bool)
        if (input.dtype() == DType.BOOL && target.dtype() != DType.BOOL) input = input.to(target.dtype());
        else if (target.dtype() == DType.BOOL && input.dtype() != DType.BOOL) target = target.to(input.dtype());
        Tensor[] xt = broadcast(op, input, target);
        Tensor x = xt[0], t = xt[1];
        if (!Graph.isRecording(x, t)) return reduce(loss.apply(x, t), r);
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = reduce(loss.apply(x, t), r);
        }
        FnNode n = Graph.node(node, x, t);
        SavedTensor sx = n.save(x), st = n.save(t);
        long[] shape = x.shapeArray();
        long numel = x.numel();
        n.backward(gs -> {
            Tensor g = gs[0];
            Tensor ge = switch (r) {
                case NONE -> g;
                case SUM -> g.expand(shape);
                default -> g.div(numel).expand(shape);
            };
            Tensor[] d = derivative.apply(sx.get(), st.get(), n.needsInputGrad(0), n.needsInputGrad(1));
            return new Tensor[] {d[0] == null ? null : ge.mul(d[0]), d[1] == null ? null : ge.mul(d[1])};
        });
        return n.output(out);
    }

    // ---------------------------------------------------------------- regression losses

    static Tensor mseLoss(Tensor x, Tensor t, Reduction r) {
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.LOSS, a -> mseLoss(a[0], a[1], r), x, t);
        return pointwise("mse_loss", "MseLossBackward0", x, t, r, (a, b) -> a.sub(b).square(), (a, b, nx, nt) -> {
            Tensor d = a.sub(b).mul(2.0);
            return new Tensor[] {nx ? d : null, nt ? d.neg() : null};
        });
    }

    /** PyTorch 2.x composes l1_loss: {@code (input - target).abs()} reduced. */
    static Tensor l1Loss(Tensor x, Tensor t, Reduction r) {
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.LOSS, a -> l1Loss(a[0], a[1], r), x, t);
        r.checkNotBatchmean();
        Tensor[] xt = broadcast("l1_loss", x, t);
        return reduce(xt[0].sub(xt[1]).abs(), r);
    }

    static Tensor smoothL1Loss(Tensor x, Tensor t, Reduction r, double beta) {
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.LOSS, a -> smoothL1Loss(a[0], a[1], r, beta), x, t);
        if (beta < 0) throw new IllegalArgumentException("smooth_l1_loss does not support negative values for beta.");
        if (beta == 0) {   // smooth_l1's kernel promotes a bool side (l1_loss's subtraction would refuse it)
            if (x.dtype() == DType.BOOL && t.dtype() != DType.BOOL) x = x.to(t.dtype());
            else if (t.dtype() == DType.BOOL && x.dtype() != DType.BOOL) t = t.to(x.dtype());
            return l1Loss(x, t, r);
        }
        return pointwise("smooth_l1_loss", "SmoothL1LossBackward0", x, t, r, (a, b) -> {
            Tensor d = a.sub(b).abs();
            return Torch.where(d.lt(beta), d.square().mul(0.5 / beta), d.sub(0.5 * beta));
        }, (a, b, nx, nt) -> {
            Tensor d = a.sub(b);   // PyTorch's branches: a NaN difference takes the middle one (a NaN gradient)
            Tensor g = Torch.where(d.gt(beta), Torch.onesLike(d), Torch.where(d.lt(-beta), Torch.onesLike(d).neg(), d.div(beta)));
            return new Tensor[] {nx ? g : null, nt ? g.neg() : null};
        });
    }

    static Tensor huberLoss(Tensor x, Tensor t, Reduction r, double delta) {
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.LOSS, a -> huberLoss(a[0], a[1], r, delta), x, t);
        if (!(delta > 0)) throw new IllegalArgumentException("huber_loss does not support non-positive values for delta.");
        if (!x.isFloatingPoint() && t.isFloatingPoint()) {   // PyTorch writes into an input-typed output
            throw new IllegalArgumentException("result type " + t.dtype().scalarTypeName() + " can't be cast to the desired output type "
                    + x.dtype().scalarTypeName());
        }
        if (x.isFloatingPoint() && t.dtype() != x.dtype()) t = t.to(x.dtype());   // PyTorch's output has the input's dtype
        return pointwise("huber_loss", "HuberLossBackward0", x, t, r, (a, b) -> {
            Tensor d = a.sub(b).abs();
            return Torch.where(d.lt(delta), d.square().mul(0.5), d.sub(0.5 * delta).mul(delta));
        }, (a, b, nx, nt) -> {
            Tensor d = a.sub(b);   // PyTorch's branches: a NaN difference takes the middle one (a NaN gradient)
            Tensor g = Torch.where(d.gt(delta), Torch.fullLike(d, delta), Torch.where(d.lt(-delta), Torch.fullLike(d, -delta), d));
            return new Tensor[] {nx ? g : null, nt ? g.neg() : null};
        });
    }

    // ---------------------------------------------------------------- binary classification

    private static void checkSameSize(Tensor x, Tensor t) {
        if (!Arrays.equals(x.shapeArray(), t.shapeArray())) {
            throw new IllegalArgumentException("Using a target size (" + t.shape() + ") that is different to the input size ("
                    + x.shape() + ") is deprecated. Please ensure they have the same size.");
        }
    }

    private static Tensor expandWeight(Tensor w, Tensor t) {
        return w == null ? null : w.expand(Shapes.broadcast("binary_cross_entropy", t.shapeArray(), w.shapeArray()));
    }

    /** {@code binary_cross_entropy}: logs are clamped to >= -100, as PyTorch does. */
    static Tensor binaryCrossEntropy(Tensor x, Tensor t, Tensor weight, Reduction r) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.BINARY_CROSS_ENTROPY, a -> binaryCrossEntropy(a[0], a[1], a[2], r),
                    x, t, weight);
        }
        floatTarget("binary_cross_entropy", t);
        floatTarget("binary_cross_entropy", x);
        if (t.dtype() != x.dtype()) {
            throw new IllegalArgumentException("binary_cross_entropy: expected scalar type " + x.dtype().scalarTypeName() + " but found "
                    + t.dtype().scalarTypeName());
        }
        if (weight != null && weight.dtype() != x.dtype()) weight = weight.to(x.dtype());   // PyTorch weighs in place: the input's dtype
        checkSameSize(x, t);
        Tensor w = expandWeight(weight, t);
        try (var g = GradMode.noGrad()) {
            if (x.numel() > 0 && (x.lt(0.0).any().itemBool() || x.gt(1.0).any().itemBool())) {
                throw new IllegalArgumentException("binary_cross_entropy: all elements of input should be between 0 and 1");
            }
        }
        return pointwise("binary_cross_entropy", "BinaryCrossEntropyBackward0", x, t, r, (a, b) -> {
            // PyTorch's kernel: (t - 1) * max(log1p(-x), -100) - t * max(log(x), -100)
            Tensor l = b.sub(1.0).mul(a.neg().log1p().clampMin(-100)).sub(b.mul(a.log().clampMin(-100)));
            return w == null ? l : l.mul(w);
        }, (a, b, nx, nt) -> {
            Tensor dx = null, dt = null;
            if (nx) dx = a.sub(b).div(a.neg().add(1.0).mul(a).clampMin(1e-12));
            if (nt) dt = a.neg().log1p().clampMin(-100).sub(a.log().clampMin(-100));
            if (w != null) {
                if (dx != null) dx = dx.mul(w);
                if (dt != null) dt = dt.mul(w);
            }
            return new Tensor[] {dx, dt};
        });
    }

    /**
     * {@code binary_cross_entropy_with_logits} as PyTorch 2.x computes it:
     * {@code (1 - t) x - (1 + (pos_weight - 1) t) log_sigmoid(x)}, times weight.
     */
    static Tensor binaryCrossEntropyWithLogits(Tensor x, Tensor t, Tensor weight, Tensor posWeight, Reduction r) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.LOSS, a -> binaryCrossEntropyWithLogits(a[0], a[1], a[2], a[3], r),
                    x, t, weight, posWeight);
        }
        floatTarget("binary_cross_entropy_with_logits", t);
        floatTarget("binary_cross_entropy_with_logits", x);
        checkSameSize(x, t);
        return pointwise("binary_cross_entropy_with_logits", "BinaryCrossEntropyWithLogitsBackward0", x, t, r, (a, b) -> {
            Tensor logSig = a.clampMax(0).sub(a.abs().neg().exp().log1p());
            if (posWeight != null) logSig = logSig.mul(posWeight.sub(1.0).mul(b).add(1.0));
            Tensor l = b.neg().add(1.0).mul(a).sub(logSig);
            return weight == null ? l : l.mul(weight);
        }, (a, b, nx, nt) -> {
            Tensor dx = null, dt = null;
            if (nx) {
                if (posWeight != null) {
                    Tensor pt = posWeight.mul(b);
                    dx = pt.add(1.0).sub(b).mul(a.sigmoid()).sub(pt);
                } else {
                    dx = a.sigmoid().sub(b);
                }
            }
            if (nt) {
                Tensor logSig = a.clampMax(0).sub(a.abs().neg().exp().log1p());
                dt = posWeight != null ? a.neg().sub(posWeight.sub(1.0).mul(logSig)) : a.neg();
            }
            if (weight != null) {
                if (dx != null) dx = dx.mul(weight);
                if (dt != null) dt = dt.mul(weight);
            }
            return new Tensor[] {dx, dt};
        });
    }

    // ---------------------------------------------------------------- classification

    private static String dtypeName(DType d) { return d.scalarTypeName(); }

    /**
     * {@code nll_loss} over input {@code (C)}, {@code (N, C)} or {@code (N, C, d1, ...)} and int64 class indices;
     * one {@code NllLossBackward0} node (the input's gradient is {@code -weight[target]} at the target class).
     */
    static Tensor nllLoss(Tensor x, Tensor target, Tensor weight, long ignoreIndex, Reduction r) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.LOSS, a -> nllLoss(a[0], a[1], a[2], ignoreIndex, r), x, target, weight);
        }
        if (!x.isFloatingPoint()) throw new IllegalArgumentException("\"nll_loss\" not implemented for '" + x.dtype().scalarTypeName() + "'");
        if (weight != null && weight.dtype() != x.dtype()) {
            throw new IllegalArgumentException("nll_loss: expected scalar type " + x.dtype().scalarTypeName() + " but found " + weight.dtype().scalarTypeName());
        }
        r.checkNotBatchmean();
        if (x.dim() >= 3 && r != Reduction.NONE) Nondeterministic.onCuda("nll_loss2d_forward_out_cuda_template", x);
        int nd = x.dim();
        if (nd < 1) throw new IllegalArgumentException("nll_loss: Expected 1 or more dimensions (got " + nd + ")");
        if (target.dtype() != DType.INT64 && target.dtype() != DType.UINT8) {
            throw new IllegalArgumentException("nll_loss: expected scalar type Long but found " + dtypeName(target.dtype())
                    + " (target of shape " + Shapes.str(target.shapeArray()) + ")");
        }
        if (nd != 1 && target.dim() > 0 && x.size(0) != target.size(0)) {
            throw new IllegalArgumentException("Expected input batch_size (" + x.size(0) + ") to match target batch_size ("
                    + target.size(0) + ").");
        }
        long classes = nd == 1 ? x.size(0) : x.size(1);
        long[] expectTarget;
        if (nd == 1) {
            expectTarget = new long[0];
        } else {
            expectTarget = new long[nd - 1];
            expectTarget[0] = x.size(0);
            for (int d = 2; d < nd; d++) expectTarget[d - 1] = x.size(d);
        }
        if (nd <= 2 && target.dim() > 1) {
            throw new IllegalArgumentException("nll_loss: 0D or 1D target tensor expected, multi-target not supported");
        }
        if (!Arrays.equals(expectTarget, target.shapeArray()) && !(nd == 1 && target.dim() == 1 && target.size(0) == 1)) {
            throw new IllegalArgumentException("nll_loss: Expected target size " + Shapes.str(expectTarget) + ", got "
                    + Shapes.str(target.shapeArray()));
        }
        if (weight != null && (weight.dim() != 1 || weight.size(0) != classes)) {
            throw new IllegalArgumentException("weight tensor should be defined either for all " + classes
                    + " classes or no classes but got weight tensor of shape: " + Shapes.str(weight.shapeArray()));
        }
        // (M, C) rows with the class dim last, and the M targets
        long[] perm = new long[nd];
        if (nd >= 3) {
            perm[0] = 0;
            for (int d = 2; d < nd; d++) perm[d - 1] = d;
            perm[nd - 1] = 1;
        } else {
            for (int d = 0; d < nd; d++) perm[d] = d;
        }
        Tensor tFlat = target.to(DType.INT64).reshape(-1);
        long m = tFlat.numel();
        long[] permuted = new long[nd];
        for (int d = 0; d < nd; d++) permuted[d] = x.size((int) perm[d]);
        Tensor wx = weight == null ? null : weight.to(x.dtype());
        Tensor rows;
        Tensor[] fused;
        try (var g = GradMode.noGrad()) {
            rows = x.permute(perm).reshape(-1, classes);
            fused = Fused.nllLoss(rows, tFlat, wx, ignoreIndex, code(r), BAD_TARGET);
        }
        if (fused != null) {
            Tensor out = r == Reduction.NONE ? fused[0].reshape(target.shapeArray()) : fused[0];
            if (!Graph.isRecording(x)) return out;
            Tensor totalWeight = fused[1];
            FnNode n = Graph.node("NllLossBackward0", x);
            n.backward(gs -> {
                Tensor g = r == Reduction.NONE ? gs[0].reshape(m) : gs[0];
                Tensor gradRows = Graph.isRecording(g) ? null // create_graph: the differentiable composition below
                        : Fused.nllLossBackward(g, tFlat, wx, r == Reduction.MEAN ? totalWeight : null, ignoreIndex, code(r), classes);
                if (gradRows == null) {
                    Tensor valid = tFlat.ne(ignoreIndex), ignored = valid.logicalNot(), safe = tFlat.maskedFill(ignored, 0.0);
                    Tensor w = wx == null ? valid.to(x.dtype()) : wx.indexSelect(0, safe).mul(valid);
                    gradRows = composedGrad(g, r, w, totalWeight, m, classes, safe.unsqueeze(1), ignored);
                }
                return new Tensor[] {gradRows.reshape(permuted).permute(inverse(perm))};
            });
            return n.output(out);
        }
        // plain: no class weights and no ignored target, so every weight is 1 and the mask ops can be skipped
        // (multiplying by 1 and dividing by the count of ones give the same bits as the weighted form). Off the CPU
        // the targets are not read: that would wait for the device; the gather below checks them there.
        boolean plain = weight == null && x.device().isCpu() && !checkTargets(tFlat, ignoreIndex, classes);
        Tensor valid = plain ? null : tFlat.ne(ignoreIndex), ignored = plain ? null : valid.logicalNot();
        Tensor safe = plain ? tFlat : tFlat.maskedFill(ignored, 0.0);
        Tensor rowsIdx = safe.unsqueeze(1);
        Tensor w;
        Tensor out;
        try (var g = GradMode.noGrad()) {
            // the gather first: on CUDA the first bad index launched is the one reported
            Tensor picked = Gathering.gather(rows, 1, rowsIdx, BAD_TARGET).squeeze(1);
            w = plain ? null : wx == null ? valid.to(x.dtype()) : wx.indexSelect(0, safe).mul(valid);
            // an ignored row's loss is 0 whatever its log-probabilities hold (-inf * 0 would be NaN), as in PyTorch
            Tensor losses = plain ? picked.neg() : picked.mul(w).neg().maskedFill(ignored, 0.0);
            out = switch (r) {
                case NONE -> losses.reshape(target.shapeArray());
                case SUM -> losses.sum();
                default -> plain ? losses.sum().div((double) m) : losses.sum().div(w.sum());
            };
        }
        if (!Graph.isRecording(x)) return out;
        Tensor totalWeight = r == Reduction.MEAN && !plain ? w.sum() : null;
        FnNode n = Graph.node("NllLossBackward0", x);
        n.backward(gs -> {
            Tensor g = r == Reduction.NONE ? gs[0].reshape(m) : gs[0];
            Tensor gradRows = plain ? composedGrad(g, r, null, null, m, classes, rowsIdx, null)
                    : composedGrad(g, r, w, totalWeight, m, classes, rowsIdx, ignored);
            return new Tensor[] {gradRows.reshape(permuted).permute(inverse(perm))};
        });
        return n.output(out);
    }

    /** PyTorch's message for a class index outside [0, C). */
    private static final Indexer.Wording BAD_TARGET = (k, v, size) -> "Target " + v + " is out of bounds.";

    /** ATen's reduction code for the backend's fused kernels. */
    private static int code(Reduction r) {
        return switch (r) {
            case NONE -> Backend.REDUCTION_NONE;
            case SUM -> Backend.REDUCTION_SUM;
            default -> Backend.REDUCTION_MEAN;
        };
    }

    /**
     * nll_loss's input gradient as {@code [m, classes]} rows, composed: {@code -(w * scale)} scattered to each row's
     * target ({@code rowsIdx}), scale being g (none: per row; sum) or {@code g / totalWeight} (mean), and 0 on the
     * {@code ignored} rows (null: none), as PyTorch leaves them even when the mean's total weight is 0; {@code w}
     * null means every weight is 1 and then the mean divides by m.
     */
    private static Tensor composedGrad(Tensor g, Reduction r, Tensor w, Tensor totalWeight, long m, long classes, Tensor rowsIdx,
                                       Tensor ignored) {
        Tensor scale = switch (r) {
            case NONE -> g;
            case SUM -> g.expand(m);
            default -> (w == null ? g.div((double) m) : g.div(totalWeight)).expand(m);
        };
        Tensor src = (w == null ? scale : w.mul(scale)).neg();
        if (ignored != null) src = src.maskedFill(ignored, 0.0);
        src = src.unsqueeze(1);
        return Torch.zeros(Torch.shape(m, classes), Torch.dtype(src.dtype()).device(src.device())).scatter(1, rowsIdx, src);
    }

    private static long[] inverse(long[] perm) {
        long[] inv = new long[perm.length];
        for (int i = 0; i < perm.length; i++) inv[(int) perm[i]] = i;
        return inv;
    }

    /**
     * PyTorch's "Target 7 is out of bounds." for the first target (in order) outside [0, C); returns whether any
     * target is {@code ignoreIndex}.
     */
    private static boolean checkTargets(Tensor tFlat, long ignoreIndex, long classes) {
        boolean ignored = false;
        for (long v : tFlat.toLongArray()) {
            if (v == ignoreIndex) ignored = true;
            else if (v < 0 || v >= classes) throw new IndexOutOfBoundsException("Target " + v + " is out of bounds.");
        }
        return ignored;
    }

    /** {@code cross_entropy}: class indices (with ignore_index and label smoothing) or class probabilities. */
    static Tensor crossEntropy(Tensor x, Tensor t, Tensor weight, long ignoreIndex, Reduction r, double ls) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.LOSS, a -> crossEntropy(a[0], a[1], a[2], ignoreIndex, r, ls),
                    x, t, weight);
        }
        if (weight != null && weight.dtype() != x.dtype()) {
            throw new IllegalArgumentException("cross_entropy: expected scalar type " + x.dtype().scalarTypeName() + " but found " + weight.dtype().scalarTypeName());
        }
        r.checkNotBatchmean();
        if (!(ls >= 0.0 && ls <= 1.0)) {
            throw new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: " + ls);
        }
        int classDim = x.dim() == 1 ? 0 : 1;
        if (x.dim() < 1) throw new IllegalArgumentException("cross_entropy: Expected 1 or more dimensions (got 0)");
        long classes = x.size(classDim);
        if (Arrays.equals(x.shapeArray(), t.shapeArray())) {
            if (!t.isFloatingPoint()) {
                throw new IllegalArgumentException("cross_entropy: Expected floating point type for target with class probabilities, got "
                        + dtypeName(t.dtype()));
            }
            if (ignoreIndex >= 0) throw new IllegalArgumentException("ignore_index is not supported for floating point target");
            Tensor target = ls > 0 ? t.mul(1 - ls).add(ls / classes) : t;
            Tensor logp = x.logSoftmax(classDim);
            Tensor prod = logp.mul(target);
            if (weight != null) prod = prod.mul(weight.view(classShape(x, classDim)));
            return switch (r) {
                case NONE -> prod.sum(classDim).neg();
                case SUM -> prod.sum().neg();
                default -> prod.sum().neg().div(x.numel() / classes);
            };
        }
        Tensor logp = x.logSoftmax(classDim);
        Tensor nll = nllLoss(logp, t, weight, ignoreIndex, r);
        if (ls == 0) return nll;
        Tensor ignore = t.eq(ignoreIndex);
        Tensor smooth = (weight != null ? logp.mul(weight.view(classShape(x, classDim))) : logp).sum(classDim).neg();
        smooth = smooth.maskedFill(ignore, 0.0);
        Tensor ret = switch (r) {
            case NONE -> smooth;
            case SUM -> smooth.sum();
            default -> weight != null
                    ? smooth.sum().div(weight.gather(0, t.maskedSelect(ignore.logicalNot()).flatten()).sum())
                    : smooth.sum().div(ignore.logicalNot().sum());
        };
        return nll.mul(1 - ls).add(ret.mul(ls / classes));
    }

    private static long[] classShape(Tensor x, int classDim) {
        long[] s = new long[x.dim()];
        Arrays.fill(s, 1);
        s[classDim] = x.size(classDim);
        return s;
    }

    /** {@code kl_div} as PyTorch 2.x composes it; 'batchmean' divides the sum by the batch size. */
    static Tensor klDiv(Tensor input, Tensor target, Reduction r, boolean logTarget) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.LOSS, a -> klDiv(a[0], a[1], r, logTarget), input, target);
        }
        if (input.isComplex() || target.isComplex()) throw new IllegalArgumentException("kl_div: Complex inputs not supported.");
        if (!input.isFloatingPoint() || !target.isFloatingPoint()) {
            throw new IllegalArgumentException("kl_div: Integral inputs not supported.");
        }
        if (r == Reduction.MEAN) {
            warnOnce("kl_div", "reduction: 'mean' divides the total loss by "
                    + "both the batch size and the support size.'batchmean' divides only by the batch size, and aligns with the "
                    + "KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the next major release.");
        }
        Tensor loss;
        if (logTarget) {
            loss = target.exp().mul(target.sub(input));
        } else {
            Tensor xlogy = Torch.where(target.eq(0.0), Torch.zerosLike(target), target.mul(target.log()));
            loss = xlogy.sub(target.mul(input));
        }
        if (r == Reduction.BATCHMEAN) {
            Tensor s = loss.sum();
            return input.dim() != 0 ? s.div(input.size(0)) : s;
        }
        return reduce(loss, r);
    }
}
