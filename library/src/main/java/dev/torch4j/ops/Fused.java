package dev.torch4j.ops;

import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.backend.ActivationOp;
import dev.torch4j.backend.Backend;
import dev.torch4j.backend.Indexer;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import dev.torch4j.core.Shapes;

import java.util.Arrays;

/**
 * Fused forms of the hot ops of a training step, for autograd formulas and optimizers: one backend pass where the
 * composed form makes several (see the optional kernels of {@link Backend}). Each falls back to the composed form
 * on a backend or layout without a fused kernel. Internal: called by the op layer and {@code optim}.
 */
public final class Fused {
    private Fused() {}

    /**
     * PyTorch's {@code threshold_backward(grad, self, threshold)}: {@code grad} where {@code self > threshold}, else
     * 0 (relu's derivative with threshold 0, applied to its saved result). Differentiable in {@code grad}
     * ({@code ThresholdBackwardBackward0}, as PyTorch records it under create_graph).
     */
    public static Tensor thresholdBackward(Tensor grad, Tensor self, double threshold) {
        if (grad.dtype() == self.dtype() && grad.dtype().isFloatingPoint() && grad.device().equals(self.device())
                && Arrays.equals(grad.shapeArray(), self.shapeArray()) && grad.isContiguous() && self.isContiguous()) {
            Storage s0 = grad.numel() == 0 ? null
                    : Dispatch.backend(grad.device()).thresholdBackward(grad.strided(), self.strided(), threshold);
            if (s0 != null) {
                long[] shape = grad.shapeArray();
                Tensor out = wrapNew(s0, shape);
                if (!Graph.isRecording(grad)) return out;
                FnNode n = Graph.node("ThresholdBackwardBackward0", grad);
                SavedTensor s = n.save(self);
                return n.backward(gg -> new Tensor[] {thresholdBackward(gg[0], s.get(), threshold)}).output(out);
            }
        }
        return grad.maskedFill(self.le(threshold), 0.0); // the same values, composed (NaN in self lets grad pass)
    }

    /**
     * An activation's backward ({@code gelu_backward}, {@code silu_backward}, and {@code tanh_backward},
     * {@code sigmoid_backward} with {@code self} the result: see {@link Backend#unaryBackward}) in one
     * backend pass, or null (the caller composes it) when the operands differ in shape, dtype or device, are not
     * contiguous, the backend has no kernel, or a graph is being recorded (under create_graph the composed formula
     * records its own derivative).
     */
    static Tensor unaryBackward(dev.torch4j.backend.UnaryOp op, Tensor grad, Tensor self) {
        if (self.numel() == 0 || Graph.isRecording(grad, self) || !allCompatible(self, grad)) return null;
        Storage s = Dispatch.backend(self.device()).unaryBackward(op, grad.strided(), self.strided());
        return s == null ? null : wrapNew(s, self.shapeArray());
    }

    /** {@code min(max(x, lo), hi)} in one backend pass (see {@link Backend#clamp}), without autograd; null to compose it. */
    static Tensor clamp(Tensor x, double lo, double hi) {
        if (!x.dtype().isFloatingPoint() || !x.isContiguous() || x.numel() == 0) return null;
        Storage s = Dispatch.backend(x.device()).clamp(x.strided(), lo, hi);
        return s == null ? null : wrapNew(s, x.shapeArray());
    }

    /**
     * {@code op(x)} with parameters {@code p0..p2} in one backend pass (see {@link Backend#activation}), without
     * autograd; null, and the caller composes it, for an empty, non-contiguous or non-floating {@code x} or where the
     * backend has no kernel.
     */
    public static Tensor activation(ActivationOp op, Tensor x, double p0, double p1, double p2) {
        if (x.numel() == 0 || !x.isFloatingPoint() || !x.isContiguous()) return null;
        Storage s = Dispatch.backend(x.device()).activation(op, x.strided(), p0, p1, p2);
        return s == null ? null : wrapNew(s, x.shapeArray());
    }

    /**
     * {@code grad * op'(self)} in one backend pass (see {@link Backend#activationBackward}), or null (the caller
     * composes it) as for {@link #unaryBackward}: also while a graph is recorded, where the composed derivative records
     * its own.
     */
    public static Tensor activationBackward(ActivationOp op, Tensor grad, Tensor self, double p0, double p1, double p2) {
        if (self.numel() == 0 || Graph.isRecording(grad, self) || !allCompatible(self, grad)) return null;
        Storage s = Dispatch.backend(self.device()).activationBackward(op, grad.strided(), self.strided(), p0, p1, p2);
        return s == null ? null : wrapNew(s, self.shapeArray());
    }

    /**
     * Softmax (or log-softmax) of {@code x} along {@code d} in one backend pass (see {@link Backend#softmax}), without
     * autograd; null when {@code d} is not the last dim of a contiguous {@code x} or the backend has no kernel, and
     * the caller composes it.
     */
    static Tensor softmax(Tensor x, int d, boolean log) {
        if (x.dim() == 0 || d != x.dim() - 1 || !x.isContiguous() || x.numel() == 0) return null;
        Storage s = Dispatch.backend(x.device()).softmax(rows(x, d), log);
        return s == null ? null : wrapNew(s, x.shapeArray());
    }

    /**
     * The gradient of {@link #softmax} from its output {@code y} and the output's gradient {@code grad} in one backend
     * pass (see {@link Backend#softmaxBackward}); null, and the caller composes it, when the operands differ in shape,
     * dtype or device, are not contiguous, {@code d} is not the last dim, or the backend has no kernel.
     */
    static Tensor softmaxBackward(Tensor grad, Tensor y, int d, boolean log) {
        if (y.dim() == 0 || d != y.dim() - 1 || y.numel() == 0 || !allCompatible(y, grad)) return null;
        Storage s = Dispatch.backend(y.device()).softmaxBackward(rows(grad, d), rows(y, d), log);
        return s == null ? null : wrapNew(s, y.shapeArray());
    }

    /**
     * nll_loss of log-probability rows {@code x [M, C]} and int64 targets {@code [M]} in one backend pass (see
     * {@link Backend#nllLoss}; {@code weight [C]} of x's dtype or null): {@code {loss, total weight}}, the loss of
     * shape {@code [M]} for {@link Backend#REDUCTION_NONE} (then no total weight) else 0-dim. Null when the operands
     * lie on different devices, are empty, or the backend has no kernel: the caller composes it. No autograd.
     */
    public static Tensor[] nllLoss(Tensor x, Tensor target, Tensor weight, long ignoreIndex, int reduction,
                                   Indexer.Wording wording) {
        if (x.dim() != 2 || x.numel() == 0 || target.dim() != 1 || !target.device().equals(x.device())
                || weight != null && (!weight.device().equals(x.device()) || weight.dim() != 1)) {
            return null;
        }
        Storage s = Dispatch.backend(x.device()).nllLoss(x.strided(), target.strided(),
                weight == null ? null : weight.strided(), ignoreIndex, reduction, wording);
        if (s == null) return null;
        if (reduction == Backend.REDUCTION_NONE) return new Tensor[] {wrapNew(s, new long[] {x.size(0)}), null};
        // two plain tensors over the one storage (not views: the loss becomes a graph output of its own)
        Tensor loss = Tensor.wrap(s, new long[0], new long[0], 0), total = Tensor.wrap(s, new long[0], new long[0], 1);
        if (GradMode.isInference()) loss.autogradMeta().inference = total.autogradMeta().inference = true;
        return new Tensor[] {loss, total};
    }

    /**
     * The gradient of {@link #nllLoss} as {@code [M, classes]} rows in one backend pass (see
     * {@link Backend#nllLossBackward}); null when the backend has no kernel or the gradient is not contiguous.
     */
    public static Tensor nllLossBackward(Tensor grad, Tensor target, Tensor weight, Tensor totalWeight, long ignoreIndex,
                                         int reduction, long classes) {
        if (!grad.isContiguous() || !grad.device().equals(target.device())) return null;
        Storage s = Dispatch.backend(grad.device()).nllLossBackward(grad.strided(), target.strided(),
                weight == null ? null : weight.strided(), totalWeight == null ? null : totalWeight.strided(), ignoreIndex,
                reduction, classes);
        return s == null ? null : wrapNew(s, new long[] {target.size(0), classes});
    }

    /**
     * {@code F.layer_norm} over the last {@code k} dims of a contiguous {@code x} in one backend pass (see
     * {@link Backend#layerNorm}), with {@code weight} and {@code bias} (or null) of the normalized shape; recorded as
     * one {@code NativeLayerNormBackward0} (PyTorch's node) whose input gradient is one backend pass too and whose
     * weight and bias gradients are sums over the rows. Under create_graph the backward is the same formula composed
     * of differentiable ops. Null when the operands do not fit (dtype, device, layout) or the backend has no kernel:
     * the caller composes it.
     */
    public static Tensor layerNorm(Tensor x, int k, Tensor weight, Tensor bias, double eps) {
        long[] shape = x.shapeArray();
        long[] normShape = Arrays.copyOfRange(shape, shape.length - k, shape.length);
        long n = Shapes.numel(normShape);
        if (n == 0 || x.numel() == 0 || !x.isContiguous() || !x.dtype().isFloatingPoint()) return null;
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p != null && (p.dtype() != x.dtype() || !p.device().equals(x.device()) || !p.isContiguous()
                    || !Arrays.equals(p.shapeArray(), normShape))) {
                return null;
            }
        }
        long rows = x.numel() / n;
        Strided xr = x.strided().as(new long[] {rows, n}, new long[] {n, 1});
        Storage[] s = Dispatch.backend(x.device()).layerNorm(xr, weight == null ? null : flat(weight),
                bias == null ? null : flat(bias), eps);
        if (s == null) return null;
        Tensor y = wrapNew(s[0], shape), mean = wrapNew(s[1], new long[] {rows, 1}), rstd = wrapNew(s[2], new long[] {rows, 1});
        if (!Graph.isRecording(x, weight, bias)) return y;
        boolean wGrad = weight != null && weight.requiresGrad(), bGrad = bias != null && bias.requiresGrad();
        FnNode node = Graph.node("NativeLayerNormBackward0", x, weight, bias);
        SavedTensor sx = node.save(x), sw = weight == null ? null : node.save(weight);
        return node.backward(gs -> {
            Tensor g = gs[0].contiguous().reshape(rows, n), x2 = sx.get().reshape(rows, n);
            Tensor w = sw == null ? null : sw.get().reshape(n);
            if (Graph.isRecording(g, x2, w)) return composedLayerNormGrad(g, x2, w, eps, shape, normShape, wGrad, bGrad);
            Storage[] r = Dispatch.backend(g.device()).layerNormBackward(g.strided(), x2.strided(), mean.strided(),
                    rstd.strided(), w == null ? null : w.strided(), wGrad || bGrad);
            Tensor gx = r != null ? wrapNew(r[0], shape)
                    : composedLayerNormGrad(g, x2, w, eps, shape, normShape, false, false)[0];
            if (r != null && (!wGrad || r[1] != null) && (!bGrad || r[2] != null)) {
                return new Tensor[] {gx, wGrad ? wrapNew(r[1], normShape) : null, bGrad ? wrapNew(r[2], normShape) : null};
            }
            Tensor xhat = wGrad ? x2.sub(mean).mul_(rstd) : null;
            long[] rowsDim = {0};
            return new Tensor[] {gx, wGrad ? g.mul(xhat).sum(rowsDim, false).reshape(normShape) : null,
                    bGrad ? g.sum(rowsDim, false).reshape(normShape) : null};
        }).output(y);
    }

    /**
     * Layer norm's gradients as differentiable ops of {@code g}, {@code x} and {@code w} ({@code [rows, n]} and
     * {@code [n]}): mean and rstd recomputed from x, so a second derivative through them is right.
     */
    private static Tensor[] composedLayerNormGrad(Tensor g, Tensor x, Tensor w, double eps, long[] shape,
                                                  long[] normShape, boolean wGrad, boolean bGrad) {
        long[] last = {1};
        Tensor xc = x.sub(x.mean(last, true));
        Tensor rstd = xc.square().mean(last, true).add(eps).rsqrt();
        Tensor xhat = xc.mul(rstd);
        Tensor gh = w == null ? g : g.mul(w);
        Tensor gx = gh.sub(gh.mean(last, true)).sub(xhat.mul(gh.mul(xhat).mean(last, true))).mul(rstd);
        long[] zero = {0};
        return new Tensor[] {gx.reshape(shape), wGrad ? g.mul(xhat).sum(zero, false).reshape(normShape) : null,
                bGrad ? g.sum(zero, false).reshape(normShape) : null};
    }

    /**
     * {@code F.batch_norm} of a contiguous {@code x (N, C, *)} in one backend pass each way (see
     * {@link Backend#batchNorm}), recorded as one {@code NativeBatchNormBackward0} (PyTorch's node); in training the
     * running statistics (or null) are updated in place. Under create_graph the backward is the same formula
     * composed of differentiable ops, with the batch statistics recomputed from x. Null, having changed nothing, when
     * the operands do not fit (dtype, device, layout, shape [C] of the others, a running statistic that needs a
     * gradient or shares memory with another operand) or the backend has no kernel: the caller composes it.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        if (x.dim() < 2 || x.numel() == 0 || !x.isContiguous() || !x.dtype().isFloatingPoint()) return null;
        long[] shape = x.shapeArray();
        long n = shape[0], c = shape[1], s = x.numel() / (n * c);
        Tensor[] operands = {x, weight, bias, runningMean, runningVar};
        for (int i = 1; i < operands.length; i++) {
            Tensor p = operands[i];
            if (p == null) continue;
            if (p.dtype() != x.dtype() || !p.device().equals(x.device()) || !p.isContiguous() || p.dim() != 1
                    || p.size(0) != c) {
                return null;
            }
            if (i >= 3 && (training ? sharesStorage(p, operands) : p.requiresGrad())) return null;
        }
        if (training) {
            if (runningMean != null) Graph.checkInferenceInplace("add_", runningMean);
            if (runningVar != null) Graph.checkInferenceInplace("add_", runningVar);
        }
        long[] shape3 = {n, c, s}, strides3 = {c * s, s, 1};
        Strided x3 = x.strided().as(shape3, strides3);
        Storage[] r = Dispatch.backend(x.device()).batchNorm(x3, flatOrNull(weight), flatOrNull(bias),
                flatOrNull(runningMean), flatOrNull(runningVar), training, momentum, eps);
        if (r == null) return null;
        if (training) bumpVersions(runningMean, runningVar);
        long[] perChannel = {c};
        Tensor y = wrapNew(r[0], shape), mean = wrapNew(r[1], perChannel), invstd = wrapNew(r[2], perChannel);
        if (!Graph.isRecording(x, weight, bias)) return y;
        boolean wGrad = weight != null && weight.requiresGrad(), bGrad = bias != null && bias.requiresGrad();
        FnNode node = Graph.node("NativeBatchNormBackward0", x, weight, bias);
        SavedTensor sx = node.save(x), sw = weight == null ? null : node.save(weight);
        return node.backward(gs -> {
            Tensor g = gs[0].contiguous(), x2 = sx.get(), w = sw == null ? null : sw.get();
            Storage[] gr = Graph.isRecording(g, x2, w) || g.dtype() != x2.dtype() || !g.device().equals(x2.device())
                    ? null
                    : Dispatch.backend(g.device()).batchNormBackward(g.strided().as(shape3, strides3),
                            x2.strided().as(shape3, strides3), mean.strided(), invstd.strided(), flatOrNull(w), training);
            if (gr == null) return composedBatchNormGrad(g, x2, w, mean, invstd, training, eps, wGrad, bGrad);
            return new Tensor[] {wrapNew(gr[0], shape), wGrad ? wrapNew(gr[1], perChannel) : null,
                    bGrad ? wrapNew(gr[2], perChannel) : null};
        }).output(y);
    }

    /**
     * Batch norm's gradients as differentiable ops of {@code g}, {@code x} and {@code w}: in training the batch
     * statistics are recomputed from x (so a second derivative through them is right); in evaluation the saved
     * {@code mean} and {@code invstd} ([C]) are constants.
     */
    private static Tensor[] composedBatchNormGrad(Tensor g, Tensor x, Tensor w, Tensor mean, Tensor invstd,
                                                  boolean training, double eps, boolean wGrad, boolean bGrad) {
        long[] dims = new long[x.dim() - 1], chan = new long[x.dim()];
        for (int d = 1; d < dims.length; d++) dims[d] = d + 1;
        Arrays.fill(chan, 1);
        chan[1] = x.size(1);
        Tensor xhat, is;
        if (training) {
            Tensor xc = x.sub(x.mean(dims, true));
            is = xc.square().mean(dims, true).add(eps).rsqrt();
            xhat = xc.mul(is);
        } else {
            is = invstd.view(chan);
            xhat = x.sub(mean.view(chan)).mul(is);
        }
        Tensor gh = w == null ? g : g.mul(w.view(chan));
        Tensor gx = training ? gh.sub(gh.mean(dims, true)).sub(xhat.mul(gh.mul(xhat).mean(dims, true))).mul(is)
                : gh.mul(is);
        return new Tensor[] {gx, wGrad ? g.mul(xhat).sum(dims, false) : null, bGrad ? g.sum(dims, false) : null};
    }

    /**
     * {@code F.group_norm} of a contiguous {@code x (N, C, *)} recorded as one {@code NativeGroupNormBackward0}
     * (PyTorch's node): the backend's group-norm kernels where it has them (the CPU), else two backend kernels each
     * way: the layer norm of each group's elements
     * ({@link Backend#layerNorm}), then the per-channel affine as an evaluation-mode batch norm with statistics 0 and
     * 1 ({@link Backend#batchNorm}: {@code y = xhat * w + b} exactly), whose backward gives {@code g * w} and the
     * weight and bias gradients in one pass. Under create_graph the backward is composed of differentiable ops. Null
     * when the operands do not fit (dtype, device, layout, weight or bias not {@code [C]}) or the backend lacks a
     * kernel: the caller composes it.
     */
    public static Tensor groupNorm(Tensor x, long groups, Tensor weight, Tensor bias, double eps) {
        if (x.dim() < 2 || x.numel() == 0 || !x.isContiguous() || !x.dtype().isFloatingPoint()) return null;
        long[] shape = x.shapeArray();
        long n = shape[0], c = shape[1], rows = n * groups, len = x.numel() / rows, s = x.numel() / (n * c);
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p != null && (p.dtype() != x.dtype() || !p.device().equals(x.device()) || !p.isContiguous()
                    || p.dim() != 1 || p.size(0) != c)) {
                return null;
            }
        }
        Backend be = Dispatch.backend(x.device());
        long[] rowShape = {rows, len}, rowStrides = {len, 1}, chanShape = {n, c, s}, chanStrides = {c * s, s, 1};
        long[] perRow = {rows}, perChannel = {c};
        Storage[] gn = be.groupNorm(x.strided().as(chanShape, chanStrides), flatOrNull(weight), flatOrNull(bias), groups, eps);
        if (gn != null) {
            return groupNormNode(x, weight, bias, groups, eps, wrapNew(gn[0], shape), wrapNew(gn[1], perRow),
                    wrapNew(gn[2], perRow));
        }
        Storage[] ln = be.layerNorm(x.strided().as(rowShape, rowStrides), null, null, eps);
        if (ln == null) return null;
        Tensor xhat = wrapNew(ln[0], shape), mean = wrapNew(ln[1], perRow), rstd = wrapNew(ln[2], perRow);
        boolean affine = weight != null || bias != null;
        Tensor y = xhat, zero = null, one = null;
        if (affine) {
            // the statistics 0 and 1 (new storages are zero-filled)
            Tensor stat0 = Dispatch.empty(perChannel, x.dtype(), x.device()), stat1 = Dispatch.empty(perChannel, x.dtype(), x.device());
            be.fill(stat1.strided(), 1);
            Storage[] a = be.batchNorm(xhat.strided().as(chanShape, chanStrides), flatOrNull(weight), flatOrNull(bias),
                    flat(stat0), flat(stat1), false, 0, 0);
            if (a == null) return null;
            y = wrapNew(a[0], shape);
            zero = wrapNew(a[1], perChannel); // exactly 0 and 1: the statistics it used
            one = wrapNew(a[2], perChannel);
        }
        if (!Graph.isRecording(x, weight, bias)) return y;
        boolean wGrad = weight != null && weight.requiresGrad(), bGrad = bias != null && bias.requiresGrad();
        FnNode node = Graph.node("NativeGroupNormBackward0", x, weight, bias);
        SavedTensor sx = node.save(x), sw = weight == null ? null : node.save(weight);
        SavedTensor sxhat = affine ? node.save(xhat) : null; // activation-sized: freed after backward like x
        Tensor zeroF = zero, oneF = one;
        return node.backward(gs -> {
            Tensor g = gs[0].contiguous(), x2 = sx.get(), w = sw == null ? null : sw.get();
            if (Graph.isRecording(g, x2, w) || g.dtype() != x2.dtype() || !g.device().equals(x2.device())) {
                return composedGroupNormGrad(g, x2, w, groups, eps, wGrad, bGrad);
            }
            Backend b2 = Dispatch.backend(g.device());
            Tensor gh = g, gw = null, gb = null;
            if (affine) {
                Storage[] r = b2.batchNormBackward(g.strided().as(chanShape, chanStrides),
                        sxhat.get().strided().as(chanShape, chanStrides), zeroF.strided(), oneF.strided(), flatOrNull(w),
                        false);
                if (r == null) return composedGroupNormGrad(g, x2, w, groups, eps, wGrad, bGrad);
                gh = wrapNew(r[0], shape);
                gw = wrapNew(r[1], perChannel);
                gb = wrapNew(r[2], perChannel);
            }
            Storage gx = b2.layerNormBackward(gh.strided().as(rowShape, rowStrides), x2.strided().as(rowShape, rowStrides),
                    mean.strided(), rstd.strided(), null);
            if (gx == null) return composedGroupNormGrad(g, x2, w, groups, eps, wGrad, bGrad);
            return new Tensor[] {wrapNew(gx, shape), wGrad ? gw : null, bGrad ? gb : null};
        }).output(y);
    }

    /** Group norm recorded over a backend's own kernels ({@link Backend#groupNorm}, {@link Backend#groupNormBackward}). */
    private static Tensor groupNormNode(Tensor x, Tensor weight, Tensor bias, long groups, double eps, Tensor y,
                                        Tensor mean, Tensor rstd) {
        if (!Graph.isRecording(x, weight, bias)) return y;
        long[] shape = x.shapeArray(), perChannel = {shape[1]};
        long[] chanShape = {shape[0], shape[1], x.numel() / (shape[0] * shape[1])};
        long[] chanStrides = {chanShape[1] * chanShape[2], chanShape[2], 1};
        boolean wGrad = weight != null && weight.requiresGrad(), bGrad = bias != null && bias.requiresGrad();
        FnNode node = Graph.node("NativeGroupNormBackward0", x, weight, bias);
        SavedTensor sx = node.save(x), sw = weight == null ? null : node.save(weight);
        return node.backward(gs -> {
            Tensor g = gs[0].contiguous(), x2 = sx.get(), w = sw == null ? null : sw.get();
            Storage[] r = Graph.isRecording(g, x2, w) || g.dtype() != x2.dtype() || !g.device().equals(x2.device()) ? null
                    : Dispatch.backend(g.device()).groupNormBackward(g.strided().as(chanShape, chanStrides),
                            x2.strided().as(chanShape, chanStrides), mean.strided(), rstd.strided(), flatOrNull(w), groups,
                            wGrad || bGrad);
            if (r == null) return composedGroupNormGrad(g, x2, w, groups, eps, wGrad, bGrad);
            return new Tensor[] {wrapNew(r[0], shape), wGrad ? wrapNew(r[1], perChannel) : null,
                    bGrad ? wrapNew(r[2], perChannel) : null};
        }).output(y);
    }

    /** Group norm's gradients as differentiable ops of g, x and w, the statistics recomputed from x. */
    private static Tensor[] composedGroupNormGrad(Tensor g, Tensor x, Tensor w, long groups, double eps, boolean wGrad,
                                                  boolean bGrad) {
        long[] shape = x.shapeArray(), last = {-1}, dims = new long[x.dim() - 1], chan = new long[x.dim()];
        for (int d = 1; d < dims.length; d++) dims[d] = d + 1;
        Arrays.fill(chan, 1);
        chan[1] = x.size(1);
        Tensor xg = x.reshape(x.size(0), groups, -1);
        Tensor xc = xg.sub(xg.mean(last, true));
        Tensor rstd = xc.square().mean(last, true).add(eps).rsqrt();
        Tensor xhat = xc.mul(rstd);
        Tensor gh = (w == null ? g : g.mul(w.view(chan))).reshape(x.size(0), groups, -1);
        Tensor gx = gh.sub(gh.mean(last, true)).sub(xhat.mul(gh.mul(xhat).mean(last, true))).mul(rstd).reshape(shape);
        Tensor xh = xhat.reshape(shape);
        return new Tensor[] {gx, wGrad ? g.mul(xh).sum(dims, false) : null, bGrad ? g.sum(dims, false) : null};
    }

    /** Whether {@code t} shares its storage with another of {@code others} (nulls and t itself skipped). */
    private static boolean sharesStorage(Tensor t, Tensor[] others) {
        for (Tensor o : others) if (o != null && o != t && o.storage() == t.storage()) return true;
        return false;
    }

    private static Strided flatOrNull(Tensor t) { return t == null ? null : flat(t); }

    /** A contiguous tensor as a vector. */
    private static Strided flat(Tensor t) {
        return t.strided().as(new long[] {t.numel()}, new long[] {1});
    }

    /** A contiguous tensor as {@code [rows, n]}, n its size along {@code d}, the last dim. */
    private static Strided rows(Tensor t, int d) {
        long n = t.size(d);
        return t.strided().as(new long[] {t.numel() / n, n}, new long[] {n, 1});
    }

    /**
     * One SGD update of {@code param} in place, fused into one pass (see {@link Backend#sgdStep}); {@code buf} is
     * the momentum buffer (null without momentum), written in place too, and {@code first} says that it holds
     * nothing yet (it then receives the step's gradient, as PyTorch's {@code clone(d_p)}). Returns false, having
     * changed nothing, when the operands differ in dtype, shape or device, are not contiguous, or the backend has
     * no fused kernel: the caller then composes the update from tensor ops. Call under no-grad.
     */
    public static boolean sgdStep(Tensor param, Tensor grad, Tensor buf, boolean first, double lr, double momentum,
                                  double dampening, double weightDecay, boolean nesterov, boolean maximize) {
        if (!allCompatible(param, grad, buf)) return false;
        Graph.checkInferenceInplace("add_", param);
        if (param.numel() == 0) return true;
        boolean done = Dispatch.backend(param.device()).sgdStep(param.strided(), grad.strided(),
                buf == null ? null : buf.strided(), lr, momentum, dampening, weightDecay, nesterov, maximize, first);
        if (done) bumpVersions(param, buf);
        return done;
    }

    /**
     * SGD updates of many parameters in place in one backend pass (see {@link Backend#sgdStepMany}): {@code bufs}
     * (null without momentum) and {@code first} as {@link #sgdStep}'s, per parameter. False, having changed nothing,
     * when the parameters lie on several devices or differ in dtype, an operand does not match its parameter or is
     * not contiguous, or the backend has no such kernel: the caller then steps each parameter. Call under no-grad.
     */
    public static boolean sgdStepMany(Tensor[] params, Tensor[] grads, Tensor[] bufs, boolean[] first, double lr,
                                      double momentum, double dampening, double weightDecay, boolean nesterov,
                                      boolean maximize) {
        int n = params.length;
        if (n == 0) return true;
        Device dev = params[0].device();
        Strided[] ps = new Strided[n], gs = new Strided[n], bs = bufs == null ? null : new Strided[n];
        for (int i = 0; i < n; i++) {
            Tensor b = bufs == null ? null : bufs[i];
            if (!params[i].device().equals(dev) || params[i].dtype() != params[0].dtype()
                    || !allCompatible(params[i], grads[i], b)) {
                return false;
            }
            Graph.checkInferenceInplace("add_", params[i]);
            ps[i] = params[i].strided();
            gs[i] = grads[i].strided();
            if (bs != null) bs[i] = b.strided();
        }
        boolean done = Dispatch.backend(dev).sgdStepMany(ps, gs, bs, first, lr, momentum, dampening, weightDecay,
                nesterov, maximize);
        if (done) {
            for (int i = 0; i < n; i++) bumpVersions(params[i], bufs == null ? null : bufs[i]);
        }
        return done;
    }

    /**
     * Adam/AdamW updates of many parameters in place in one backend pass (see {@link Backend#adamStepMany});
     * {@code maxExpAvgSqs} null without AMSGrad; each parameter with its own step size and bias correction. False,
     * having changed nothing, under the conditions of {@link #sgdStepMany}. Call under no-grad.
     */
    public static boolean adamStepMany(Tensor[] params, Tensor[] grads, Tensor[] expAvgs, Tensor[] expAvgSqs,
                                       Tensor[] maxExpAvgSqs, double lr, double beta1, double beta2, double eps,
                                       double weightDecay, boolean decoupled, boolean maximize, double[] stepSizes,
                                       double[] bc2Sqrts) {
        int n = params.length;
        if (n == 0) return true;
        Device dev = params[0].device();
        Strided[] ps = new Strided[n], gs = new Strided[n], ms = new Strided[n], vs = new Strided[n];
        Strided[] xs = maxExpAvgSqs == null ? null : new Strided[n];
        for (int i = 0; i < n; i++) {
            Tensor x = maxExpAvgSqs == null ? null : maxExpAvgSqs[i];
            if (!params[i].device().equals(dev) || params[i].dtype() != params[0].dtype()
                    || !allCompatible(params[i], grads[i], expAvgs[i], expAvgSqs[i], x)) {
                return false;
            }
            Graph.checkInferenceInplace("add_", params[i]);
            ps[i] = params[i].strided();
            gs[i] = grads[i].strided();
            ms[i] = expAvgs[i].strided();
            vs[i] = expAvgSqs[i].strided();
            if (xs != null) xs[i] = x.strided();
        }
        boolean done = Dispatch.backend(dev).adamStepMany(ps, gs, ms, vs, xs, lr, beta1, beta2, eps, weightDecay,
                decoupled, maximize, stepSizes, bc2Sqrts);
        if (done) {
            for (int i = 0; i < n; i++) {
                bumpVersions(params[i], expAvgs[i], expAvgSqs[i], maxExpAvgSqs == null ? null : maxExpAvgSqs[i]);
            }
        }
        return done;
    }

    /**
     * One Adam/AdamW update in place, fused into one pass (see {@link Backend#adamStep}); {@code maxExpAvgSq} is
     * null without AMSGrad. Returns false, having changed nothing, when the operands differ in dtype, shape or
     * device, are not contiguous, or the backend has no fused kernel: the caller then composes the update. Call
     * under no-grad.
     */
    public static boolean adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq,
                                   double lr, double beta1, double beta2, double eps, double weightDecay,
                                   boolean decoupled, boolean maximize, double stepSize, double bc2Sqrt) {
        if (!allCompatible(param, grad, expAvg, expAvgSq, maxExpAvgSq)) return false;
        Graph.checkInferenceInplace("add_", param);
        if (param.numel() == 0) return true;
        boolean done = Dispatch.backend(param.device()).adamStep(param.strided(), grad.strided(), expAvg.strided(),
                expAvgSq.strided(), maxExpAvgSq == null ? null : maxExpAvgSq.strided(), lr, beta1, beta2, eps,
                weightDecay, decoupled, maximize, stepSize, bc2Sqrt);
        if (done) bumpVersions(param, expAvg, expAvgSq, maxExpAvgSq);
        return done;
    }

    /** One RMSprop update in place, fused (see {@link Backend#rmspropStep}); false when composing is needed. */
    public static boolean rmspropStep(Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor buf,
                                      double lr, double alpha, double eps, double weightDecay, double momentum,
                                      boolean maximize) {
        if (!allCompatible(param, grad, squareAvg, gradAvg, buf)) return false;
        Graph.checkInferenceInplace("add_", param);
        if (param.numel() == 0) return true;
        boolean done = Dispatch.backend(param.device()).rmspropStep(param.strided(), grad.strided(),
                squareAvg.strided(), gradAvg == null ? null : gradAvg.strided(), buf == null ? null : buf.strided(),
                lr, alpha, eps, weightDecay, momentum, maximize);
        if (done) bumpVersions(param, squareAvg, gradAvg, buf);
        return done;
    }

    /** One Adagrad update in place, fused (see {@link Backend#adagradStep}); false when composing is needed. */
    public static boolean adagradStep(Tensor param, Tensor grad, Tensor sum, double clr, double eps, double weightDecay,
                                      boolean maximize) {
        if (!allCompatible(param, grad, sum)) return false;
        Graph.checkInferenceInplace("add_", param);
        if (param.numel() == 0) return true;
        boolean done = Dispatch.backend(param.device()).adagradStep(param.strided(), grad.strided(), sum.strided(),
                clr, eps, weightDecay, maximize);
        if (done) bumpVersions(param, sum);
        return done;
    }

    /** Floating {@code param} and every non-null operand of its dtype, shape and device, all contiguous. */
    private static boolean allCompatible(Tensor param, Tensor... ts) {
        if (!param.dtype().isFloatingPoint()) return false;
        for (Tensor t : ts) if (t != null && !compatible(param, t)) return false;
        return true;
    }

    private static void bumpVersions(Tensor... ts) {
        for (Tensor t : ts) if (t != null) t.storage().bumpVersion();
    }

    /** A tensor over a new contiguous storage a backend kernel returned (as {@link Dispatch#empty} makes one). */
    static Tensor wrapNew(Storage s, long[] shape) {
        Tensor t = Tensor.wrap(s, shape.clone(), Shapes.contiguousStrides(shape), 0);
        if (GradMode.isInference()) t.autogradMeta().inference = true;
        return t;
    }

    /** A new contiguous tensor shaped like {@code t}, for optimizer state a fused kernel fills. */
    public static Tensor emptyLike(Tensor t) { return Dispatch.empty(t.shapeArray(), t.dtype(), t.device()); }

    private static boolean compatible(Tensor p, Tensor t) {
        return t.dtype() == p.dtype() && t.device().equals(p.device()) && Arrays.equals(t.shapeArray(), p.shapeArray())
                && t.isContiguous() && p.isContiguous();
    }
}
