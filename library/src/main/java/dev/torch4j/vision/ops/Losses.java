package dev.torch4j.vision.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Reduction;

/**
 * torchvision's detection losses: {@code sigmoid_focal_loss} and the box regression losses
 * {@code generalized_box_iou_loss}, {@code distance_box_iou_loss} and {@code complete_box_iou_loss}, which compare
 * two {@code [..., 4]} tensors of {@code (x1, y1, x2, y2)} boxes element by element. All are composed of tensor ops,
 * so they are differentiable and run on any device. Reductions are {@code "none"}, {@code "mean"} and {@code "sum"}.
 *
 * <pre>{@code
 * Tensor loss = Losses.sigmoidFocalLoss(logits, targets, 0.25, 2, "mean");
 * Tensor boxLoss = Losses.generalizedBoxIouLoss(predicted, target, "sum", 1e-7);
 * }</pre>
 */
public final class Losses {
    private Losses() {}

    /** {@code sigmoid_focal_loss(inputs, targets)}: alpha 0.25, gamma 2, no reduction. */
    public static Tensor sigmoidFocalLoss(Tensor inputs, Tensor targets) { return sigmoidFocalLoss(inputs, targets, 0.25, 2, "none"); }

    /**
     * {@code sigmoid_focal_loss(inputs, targets, alpha, gamma, reduction)} (Lin et al., RetinaNet): binary cross
     * entropy on the logits scaled by {@code (1 - p_t)^gamma}, and by {@code alpha_t} when {@code alpha >= 0}. An
     * unknown reduction is an error, as in torchvision 0.15+ (0.14 returned the unreduced loss).
     */
    public static Tensor sigmoidFocalLoss(Tensor inputs, Tensor targets, double alpha, double gamma, String reduction) {
        Tensor p = inputs.sigmoid();
        Tensor ce = Functional.binaryCrossEntropyWithLogits(inputs, targets, null, null, Reduction.NONE);
        Tensor pt = p.mul(targets).add(p.neg().add(1).mul(targets.neg().add(1)));
        Tensor loss = ce.mul(pt.neg().add(1).pow(gamma));
        if (alpha >= 0) loss = targets.mul(alpha).add(targets.neg().add(1).mul(1 - alpha)).mul(loss);
        return switch (reduction) {
            case "none" -> loss;
            case "mean" -> loss.mean();
            case "sum" -> loss.sum();
            default -> throw new IllegalArgumentException("Invalid Value for arg 'reduction': '" + reduction
                    + " \n Supported reduction modes: 'none', 'mean', 'sum'");
        };
    }

    /** torchvision's {@code _upcast_non_float}: anything but float32 and float64 as float32. */
    private static Tensor upcastNonFloat(Tensor t) {
        return t.dtype() == DType.FLOAT32 || t.dtype() == DType.FLOAT64 ? t : t.to(DType.FLOAT32);
    }

    /** Mean (0 times the sum when empty, so the graph stays connected), sum, or none, as the box losses reduce. */
    private static Tensor reduce(Tensor loss, String reduction) {
        return switch (reduction) {
            case "mean" -> loss.numel() > 0 ? loss.mean() : loss.sum().mul(0.0);
            case "sum" -> loss.sum();
            default -> loss;
        };
    }

    /** Intersection (0 where the boxes do not overlap) and union of each pair. */
    private static Tensor[] interUnion(Tensor[] a, Tensor[] g) {
        Tensor xk1 = a[0].maximum(g[0]), yk1 = a[1].maximum(g[1]), xk2 = a[2].minimum(g[2]), yk2 = a[3].minimum(g[3]);
        Tensor overlap = yk2.gt(yk1).logicalAnd(xk2.gt(xk1));
        Tensor inter = xk2.sub(xk1).mul(yk2.sub(yk1)).where(overlap, Torch.zerosLike(xk1));
        Tensor union = a[2].sub(a[0]).mul(a[3].sub(a[1])).add(g[2].sub(g[0]).mul(g[3].sub(g[1]))).sub(inter);
        return new Tensor[] {inter, union};
    }

    /** {@code generalized_box_iou_loss(boxes1, boxes2, reduction, eps)}: {@code 1 - GIoU}, eps guarding the divisions. */
    public static Tensor generalizedBoxIouLoss(Tensor boxes1, Tensor boxes2, String reduction, double eps) {
        Tensor[] a = upcastNonFloat(boxes1).unbind(-1), g = upcastNonFloat(boxes2).unbind(-1);
        Tensor[] iu = interUnion(a, g);
        Tensor iou = iu[0].div(iu[1].add(eps));
        Tensor areaC = a[2].maximum(g[2]).sub(a[0].minimum(g[0])).mul(a[3].maximum(g[3]).sub(a[1].minimum(g[1])));
        Tensor giou = iou.sub(areaC.sub(iu[1]).div(areaC.add(eps)));
        return reduce(giou.neg().add(1), reduction);
    }

    /** {@code generalized_box_iou_loss(boxes1, boxes2)}: no reduction, eps 1e-7. */
    public static Tensor generalizedBoxIouLoss(Tensor boxes1, Tensor boxes2) { return generalizedBoxIouLoss(boxes1, boxes2, "none", 1e-7); }

    /** DIoU loss and IoU of each pair. */
    private static Tensor[] diouIouLoss(Tensor[] a, Tensor[] g, double eps) {
        Tensor[] iu = interUnion(a, g);
        Tensor iou = iu[0].div(iu[1].add(eps));
        Tensor xc = a[2].maximum(g[2]).sub(a[0].minimum(g[0])), yc = a[3].maximum(g[3]).sub(a[1].minimum(g[1]));
        Tensor diagonal = xc.pow(2L).add(yc.pow(2L)).add(eps);
        Tensor xp = a[2].add(a[0]).div(2), yp = a[3].add(a[1]).div(2), xg = g[0].add(g[2]).div(2), yg = g[1].add(g[3]).div(2);
        Tensor centres = xp.sub(xg).pow(2L).add(yp.sub(yg).pow(2L));
        return new Tensor[] {iou.neg().add(1).add(centres.div(diagonal)), iou};
    }

    /** {@code distance_box_iou_loss(boxes1, boxes2, reduction, eps)}: {@code 1 - IoU} plus the squared centre distance over the enclosing diagonal. */
    public static Tensor distanceBoxIouLoss(Tensor boxes1, Tensor boxes2, String reduction, double eps) {
        return reduce(diouIouLoss(upcastNonFloat(boxes1).unbind(-1), upcastNonFloat(boxes2).unbind(-1), eps)[0], reduction);
    }

    /** {@code distance_box_iou_loss(boxes1, boxes2)}: no reduction, eps 1e-7. */
    public static Tensor distanceBoxIouLoss(Tensor boxes1, Tensor boxes2) { return distanceBoxIouLoss(boxes1, boxes2, "none", 1e-7); }

    /**
     * {@code complete_box_iou_loss(boxes1, boxes2, reduction, eps)}: the DIoU loss plus {@code alpha v} for the
     * aspect ratios. As torchvision, the DIoU part always uses eps 1e-7 and {@code eps} enters only {@code alpha}.
     */
    public static Tensor completeBoxIouLoss(Tensor boxes1, Tensor boxes2, String reduction, double eps) {
        Tensor[] a = upcastNonFloat(boxes1).unbind(-1), g = upcastNonFloat(boxes2).unbind(-1);
        Tensor[] di = diouIouLoss(a, g, 1e-7);
        Tensor wPred = a[2].sub(a[0]), hPred = a[3].sub(a[1]), wGt = g[2].sub(g[0]), hGt = g[3].sub(g[1]);
        Tensor v = Boxes.aspect(wGt.div(hGt).atan().sub(wPred.div(hPred).atan()));
        return reduce(di[0].add(Boxes.alpha(v, di[1], eps).mul(v)), reduction);
    }

    /** {@code complete_box_iou_loss(boxes1, boxes2)}: no reduction, eps 1e-7. */
    public static Tensor completeBoxIouLoss(Tensor boxes1, Tensor boxes2) { return completeBoxIouLoss(boxes1, boxes2, "none", 1e-7); }
}
