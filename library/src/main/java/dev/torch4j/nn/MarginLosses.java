package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;
import dev.torch4j.ops.AutocastMode;

/**
 * The multi-class hinge losses, composed of tensor ops (their derivatives are those of the parts):
 * {@code multi_margin_loss} and {@code multilabel_margin_loss}.
 */
final class MarginLosses {
    private MarginLosses() {}

    /**
     * {@code F.multi_margin_loss}: per sample, {@code sum_{i != y} w[y] * max(0, margin - x[y] + x[i])^p / C} for
     * input {@code (N, C)} or {@code (C)} and class indices y.
     */
    static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction r) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.LOSS, a -> multiMarginLoss(a[0], a[1], p, margin, a[2], r),
                    input, target, weight);
        }
        if (p != 1 && p != 2) throw new IllegalArgumentException("only p == 1 and p == 2 supported");
        if (!input.isFloatingPoint()) {
            throw new IllegalArgumentException("\"multi_margin_loss_cpu_kernel\" not implemented for '" + input.dtype().scalarTypeName() + "'");
        }
        longTarget(target);
        boolean unbatched = input.dim() <= 1;
        Tensor x = unbatched ? input.reshape(1, -1) : input;
        Tensor y = target.reshape(-1);
        if (x.dim() != 2 || y.size(0) != x.size(0)) {
            throw new IllegalArgumentException("inconsistent target size, expected " + x.size(0) + " but got "
                    + Shapes.str(target.shapeArray()));
        }
        long c = x.size(1);
        if (weight != null && (weight.dim() != 1 || weight.size(0) != c)) {
            throw new IllegalArgumentException("inconsistent weight size, expected " + c + " but got " + Shapes.str(weight.shapeArray()));
        }
        if (weight != null && weight.dtype() != input.dtype()) {
            throw new IllegalArgumentException("multi_margin_loss: expected scalar type " + input.dtype().scalarTypeName() + " but found "
                    + weight.dtype().scalarTypeName());
        }
        Tensor idx = y.to(DType.INT64).unsqueeze(1);
        Tensor xy = x.gather(1, idx);
        Tensor terms = positive(x.sub(xy).add(margin));
        if (p == 2) terms = terms.square();
        if (weight != null) terms = terms.mul(weight.gather(0, y.to(DType.INT64)).unsqueeze(1));
        // the target's own class does not count
        Tensor notTarget = Torch.onesLike(x).scatter(1, idx, 0.0);
        Tensor loss = terms.mul(notTarget).sum(1, false).div(c);
        if (unbatched) loss = loss.squeeze(0);
        return Losses.reduce(loss, r);
    }

    /**
     * {@code F.multilabel_margin_loss}: targets list class indices per sample, ended by the first -1; per sample,
     * {@code sum_{j in targets} sum_{i not in targets} max(0, 1 - (x[j] - x[i])) / C}.
     */
    static Tensor multilabelMarginLoss(Tensor input, Tensor target, Reduction r) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.LOSS, a -> multilabelMarginLoss(a[0], a[1], r), input, target);
        }
        if (!input.isFloatingPoint()) {
            throw new IllegalArgumentException("\"multilabel_margin_loss_forward_out_frame\" not implemented for '" + input.dtype().scalarTypeName() + "'");
        }
        longTarget(target);
        boolean unbatched = input.dim() <= 1;
        Tensor x = unbatched ? input.reshape(1, -1) : input;
        Tensor t = unbatched ? target.reshape(1, -1) : target;
        if (!java.util.Arrays.equals(x.shapeArray(), t.shapeArray())) {
            throw new IllegalArgumentException("inconsistent target size: " + Shapes.str(target.shapeArray()) + " for input of size: "
                    + Shapes.str(input.shapeArray()));
        }
        int n = Math.toIntExact(x.size(0)), c = Math.toIntExact(x.size(1));
        long[] tv = t.cpu().toLongArray();
        double[] count = new double[n * c], isTarget = new double[n * c];
        for (int s = 0; s < n; s++) {
            for (int k = 0; k < c; k++) {
                long j = tv[s * c + k];
                if (j < 0) break;
                if (j >= c) throw new IllegalArgumentException("multilabel_margin_loss: target index " + j + " is out of bounds for " + c + " classes");
                count[s * c + (int) j] += 1;
                isTarget[s * c + (int) j] = 1;
            }
        }
        Tensor jw = Torch.fromArray(count).reshape(n, c, 1).to(x.device(), x.dtype());
        Tensor iw = Torch.fromArray(isTarget).reshape(n, 1, c).to(x.device(), x.dtype()).neg().add(1.0);
        // pairs[s, j, i] = max(0, 1 - x[s, j] + x[s, i]), counted per listed target j and non-target i
        Tensor pairs = positive(x.unsqueeze(1).sub(x.unsqueeze(2)).add(1.0));
        Tensor counted = jw.mul(iw);
        Tensor loss = pairs.maskedFill(counted.eq(0.0), 0.0).mul(counted).sum(new long[] {1, 2}, false).div(c);
        if (unbatched) loss = loss.squeeze(0);
        return Losses.reduce(loss, r);
    }

    /** The margin kernels read int64 class indices only. */
    private static void longTarget(Tensor target) {
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("expected scalar type Long but found " + target.dtype().scalarTypeName());
        }
    }

    /** z where z > 0, else 0: PyTorch's kernels add a term only when {@code z > 0}, so NaN terms drop out (and z = 0
     * has no gradient), where clamping would keep NaN. */
    private static Tensor positive(Tensor z) { return z.maskedFill(z.gt(0.0).logicalNot(), 0.0); }
}
