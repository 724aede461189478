package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;
import dev.torch4j.ops.AutocastMode;

/**
 * {@code F.normalize}, {@code F.cosine_similarity}, {@code F.pairwise_distance} and the losses built on distances and
 * margins ({@code margin_ranking_loss}, {@code hinge_embedding_loss}, {@code soft_margin_loss},
 * {@code cosine_embedding_loss}, {@code triplet_margin_loss}, {@code poisson_nll_loss}, {@code gaussian_nll_loss},
 * {@code multilabel_soft_margin_loss}). PyTorch composes all of them from tensor ops (in ATen or in Python); so do
 * these, following its formulas and order of operations, so autograd (double backward included) comes with them.
 */
final class Distances {
    private Distances() {}

    static Tensor normalize(Tensor x, double p, long dim, double eps) {
        Tensor denom = x.norm(p, dim, true).clampMin(eps).expandAs(x);
        return x.div(denom);
    }

    static Tensor cosineSimilarity(Tensor x1, Tensor x2, long dim, double eps) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.COSINE_SIMILARITY, a -> cosineSimilarity(a[0], a[1], dim, eps), x1, x2);
        }
        DType common = Torch.resultType(x1, x2);
        if (!common.isFloatingPoint()) {
            throw new IllegalArgumentException("cosine_similarity: expected common dtype to be floating point, yet common dtype is " + common.pyName());
        }
        if (eps < 0) throw new IllegalArgumentException("cosine_similarity: eps must be non-negative, got: " + eps);
        long[] shape = Shapes.broadcast("cosine_similarity", x1.shapeArray(), x2.shapeArray());
        Tensor a = x1.to(common).expand(shape), b = x2.to(common).expand(shape);
        int d = Shapes.wrapDim("cosine_similarity", dim, shape.length);
        // each side divided by its norm first (PyTorch 2's order: no overflow in the product of the norms)
        return a.div(clampedNorm(a, d, eps)).mul(b.div(clampedNorm(b, d, eps))).sum(d);
    }

    /**
     * The norm along d raised to eps in value only: PyTorch 2 clamps it in place under no_grad, so its gradient is
     * the unclamped norm's. Below eps it is {@code n - detach(n) + eps} (exactly eps, with n's gradient); elsewhere n
     * itself, so an infinite norm stays infinite.
     */
    private static Tensor clampedNorm(Tensor t, int d, double eps) {
        Tensor n = t.norm(2, d, true);
        return n.where(n.detach().lt(eps).logicalNot(), n.sub(n.detach()).add(eps));
    }

    static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
        int outDim = Math.max(x1.dim(), x2.dim()) - 1;
        if (outDim < 0) return x1.sub(x2).add(eps).norm(p); // 0-d inputs
        return x1.sub(x2).add(eps).norm(p, outDim, keepdim);
    }

    static Tensor marginRankingLoss(Tensor x1, Tensor x2, Tensor y, double margin, Reduction r) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.LOSS, a -> marginRankingLoss(a[0], a[1], a[2], margin, r), x1, x2, y);
        }
        if (x1.dim() != x2.dim() || x1.dim() != y.dim()) {
            throw new IllegalArgumentException("margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: "
                    + x1.shape() + ", input2: " + x2.shape() + ", target: " + y.shape() + " ");
        }
        return Losses.reduce(y.neg().mul(x1.sub(x2)).add(margin).clampMin(0), r);
    }

    static Tensor hingeEmbeddingLoss(Tensor x, Tensor y, double margin, Reduction r) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.LOSS, a -> hingeEmbeddingLoss(a[0], a[1], margin, r), x, y);
        }
        Tensor zeros = Torch.zerosLike(x);
        Tensor marginClamp = x.neg().add(margin).clampMin(0);
        Tensor outMargin = Torch.where(y.ne(1), marginClamp, zeros);
        Tensor outSelf = Torch.where(y.ne(-1), x, zeros);
        return Losses.reduce(outMargin.add(outSelf), r);
    }

    static Tensor softMarginLoss(Tensor x, Tensor y, Reduction r) {
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.LOSS, a -> softMarginLoss(a[0], a[1], r), x, y);
        long[] b = Shapes.broadcast("soft_margin_loss", x.shapeArray(), y.shapeArray());
        if (!java.util.Arrays.equals(b, x.shapeArray())) {   // PyTorch's kernel writes into an input-shaped output
            throw new IllegalArgumentException("output with shape " + Shapes.str(x.shapeArray()) + " doesn't match the broadcast shape " + Shapes.str(b));
        }
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException("result type Float can't be cast to the desired output type " + x.dtype().scalarTypeName());
        }
        Tensor l = x.neg().mul(y).exp().log1p();
        return Losses.reduce(l.dtype() == x.dtype() ? l : l.to(x.dtype()), r);   // the input's dtype, as PyTorch's output
    }

    static Tensor cosineEmbeddingLoss(Tensor x1, Tensor x2, Tensor y, double margin, Reduction r) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.LOSS, a -> cosineEmbeddingLoss(a[0], a[1], a[2], margin, r), x1, x2, y);
        }
        // PyTorch's checks, in its order: the target's rank decides the inputs' (the message names the case met)
        if (y.dim() > 1) throw new IllegalArgumentException("cosine_embedding_loss: 0D or 1D target tensor expected, multi-target not supported");
        long want = y.dim() == 1 ? 2 : 1;
        if (x1.dim() != want || x2.dim() != want) {
            throw new IllegalArgumentException("cosine_embedding_loss: " + y.dim() + "D target tensor expects " + want
                    + "D input tensors, but found inputs with sizes " + Shapes.str(x1.shapeArray()) + " and " + Shapes.str(x2.shapeArray()) + ".");
        }
        long targDim = x1.dim() == 2 ? 1 : 0;
        double epsilon = 1e-12;
        Tensor prodSum = x1.mul(x2).sum(targDim);
        Tensor mag1 = x1.mul(x1).sum(targDim).add(epsilon), mag2 = x2.mul(x2).sum(targDim).add(epsilon);
        Tensor cos = prodSum.div(mag1.mul(mag2).sqrt());
        Tensor zeros = Torch.zerosLike(cos);
        Tensor pos = cos.neg().add(1.0), neg = cos.sub(margin).clampMin(0);
        Tensor out = Torch.where(y.eq(1), pos, zeros).add(Torch.where(y.eq(-1), neg, zeros));
        return Losses.reduce(out, r);
    }

    static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps,
                                    boolean swap, Reduction r) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.LOSS, a -> tripletMarginLoss(a[0], a[1], a[2], margin, p, eps, swap, r),
                    anchor, positive, negative);
        }
        if (anchor.dim() != positive.dim() || anchor.dim() != negative.dim()) {
            throw new IllegalArgumentException("The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor "
                    + anchor.dim() + "D, positive " + positive.dim() + "D, and negative " + negative.dim() + "D inputs");
        }
        Tensor distPos = pairwiseDistance(anchor, positive, p, eps, false);
        Tensor distNeg = pairwiseDistance(anchor, negative, p, eps, false);
        if (swap) distNeg = Torch.minimum(distNeg, pairwiseDistance(positive, negative, p, eps, false));
        return Losses.reduce(distPos.add(margin).sub(distNeg).clampMin(0), r); // (margin + d+) - d-, ATen's order
    }

    static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps, Reduction r) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.LOSS, a -> poissonNllLoss(a[0], a[1], logInput, full, eps, r),
                    input, target);
        }
        Tensor loss = logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
        if (full) {
            Tensor stirling = target.mul(target.log()).sub(target).add(target.mul(2 * Math.PI).log().mul(0.5));
            loss = loss.add(stirling.maskedFill(target.le(1), 0));
        }
        return Losses.reduce(loss, r);
    }

    static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps, Reduction r) {
        if (!var.isFloatingPoint()) {   // PyTorch clamps a clone of var in place with a float eps
            throw new IllegalArgumentException("result type Float can't be cast to the desired output type " + var.dtype().scalarTypeName());
        }
        long[] in = input.shapeArray(), vs = var.shapeArray();
        if (!java.util.Arrays.equals(in, vs)) {
            long[] inHead = java.util.Arrays.copyOf(in, Math.max(in.length - 1, 0));
            if (java.util.Arrays.equals(inHead, vs)) {
                var = var.unsqueeze(-1);
            } else if (!(vs.length == in.length && vs[vs.length - 1] == 1
                    && java.util.Arrays.equals(inHead, java.util.Arrays.copyOf(vs, vs.length - 1)))) {
                throw new IllegalArgumentException("gaussian_nll_loss: var is of incorrect size (input " + Shapes.str(in) + ", var "
                        + Shapes.str(vs) + ")");
            }
        }
        if (var.lt(0).any().itemBool()) throw new IllegalArgumentException("gaussian_nll_loss: var has negative entry/entries");
        var = var.clone();
        try (var g = Torch.noGrad()) {
            var.clamp_(eps, Double.POSITIVE_INFINITY);
        }
        Tensor loss = var.log().add(input.sub(target).pow(2L).div(var)).mul(0.5);
        if (full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
        return Losses.reduce(loss, r);
    }

    static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target, Tensor weight, Reduction r) {
        Tensor loss = target.mul(Functional.logsigmoid(input)).add(target.neg().add(1.0).mul(Functional.logsigmoid(input.neg()))).neg();
        if (weight != null) loss = loss.mul(weight);
        long classDim = input.dim() - 1;
        loss = loss.sum(classDim).div(input.size(classDim));
        return Losses.reduce(loss, r);
    }
}
