package dev.torch4j.vision.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Shapes;

import java.util.List;

/**
 * {@code torchvision.ops.boxes}: non-maximum suppression, box areas, pairwise IoU and its generalized, distance and
 * complete variants, format conversion, clipping and filtering. Boxes are {@code [N, 4]} in {@code (x1, y1, x2, y2)}
 * unless a format says otherwise. The IoU functions are composed of tensor ops, so they are differentiable and run
 * on any device; {@link #nms} runs its greedy loop on the host.
 *
 * <pre>{@code
 * Tensor keep = Boxes.nms(boxes, scores, 0.5);          // indices, highest score first
 * Tensor iou = Boxes.boxIou(boxes, groundTruth);       // [N, M]
 * }</pre>
 */
public final class Boxes {
    private Boxes() {}

    /** torchvision's {@code _upcast}: half floats to float32, small integers to int32, so products do not overflow. */
    static Tensor upcast(Tensor t) {
        if (t.isFloatingPoint()) return t.dtype() == DType.FLOAT32 || t.dtype() == DType.FLOAT64 ? t : t.to(DType.FLOAT32);
        return t.dtype() == DType.INT32 || t.dtype() == DType.INT64 ? t : t.to(DType.INT32);
    }

    private static Tensor col(Tensor boxes, int k) { return boxes.select(-1, k); }

    /**
     * {@code nms(boxes, scores, iou_threshold)}: visits the boxes by decreasing score (a stable sort, so tied scores
     * keep their input order, as torchvision's CPU kernel) and drops every later box whose IoU with a kept one is
     * greater than {@code iouThreshold}. Returns the kept indices (int64), highest score first. float32 boxes are
     * compared in float arithmetic, as torchvision does.
     */
    public static Tensor nms(Tensor boxes, Tensor scores, double iouThreshold) {
        if (boxes.dim() != 2) throw new IllegalArgumentException("boxes should be a 2d tensor, got " + boxes.dim() + "D");
        if (boxes.size(1) != 4) throw new IllegalArgumentException("boxes should have 4 elements in dimension 1, got " + boxes.size(1));
        if (scores.dim() != 1) throw new IllegalArgumentException("scores should be a 1d tensor, got " + scores.dim() + "D");
        if (boxes.size(0) != scores.size(0)) {
            throw new IllegalArgumentException("boxes and scores should have same number of elements in dimension 0, got "
                    + boxes.size(0) + " and " + scores.size(0));
        }
        if (boxes.dtype() != DType.FLOAT32 && boxes.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("\"nms_kernel\" not implemented for '" + boxes.dtype().scalarTypeName() + "'");
        }
        int n = Math.toIntExact(boxes.size(0));
        TensorOptions longs = TensorOptions.DEFAULT.dtype(DType.INT64).device(boxes.device());
        if (n == 0) return Torch.empty(Torch.shape(0), longs);
        long[] order;
        double[] b;
        try (var g = GradMode.noGrad()) {
            order = scores.detach().argsort(0, true, true).toLongArray();
            b = boxes.detach().toDoubleArray();
        }
        boolean f32 = boxes.dtype() == DType.FLOAT32;
        double[] area = new double[n];
        for (int i = 0; i < n; i++) {
            area[i] = f32 ? (float) ((float) (b[4 * i + 2] - b[4 * i]) * (float) (b[4 * i + 3] - b[4 * i + 1]))
                    : (b[4 * i + 2] - b[4 * i]) * (b[4 * i + 3] - b[4 * i + 1]);
        }
        boolean[] suppressed = new boolean[n];
        long[] keep = new long[n];
        int kept = 0;
        for (int a = 0; a < n; a++) {
            int i = (int) order[a];
            if (suppressed[i]) continue;
            keep[kept++] = i;
            for (int c = a + 1; c < n; c++) {
                int j = (int) order[c];
                if (!suppressed[j] && iou(b, area, i, j, f32) > iouThreshold) suppressed[j] = true;
            }
        }
        return Torch.fromArray(java.util.Arrays.copyOf(keep, kept)).to(boxes.device());
    }

    /** One pair's IoU as the kernel computes it (in float for float32 boxes); 0/0 is NaN, which suppresses nothing. */
    private static double iou(double[] b, double[] area, int i, int j, boolean f32) {
        double xx1 = Math.max(b[4 * i], b[4 * j]), yy1 = Math.max(b[4 * i + 1], b[4 * j + 1]);
        double xx2 = Math.min(b[4 * i + 2], b[4 * j + 2]), yy2 = Math.min(b[4 * i + 3], b[4 * j + 3]);
        if (f32) {
            float w = Math.max(0f, (float) (xx2 - xx1)), h = Math.max(0f, (float) (yy2 - yy1)), inter = w * h;
            return inter / ((float) area[i] + (float) area[j] - inter);
        }
        double inter = Math.max(0, xx2 - xx1) * Math.max(0, yy2 - yy1);
        return inter / (area[i] + area[j] - inter);
    }

    /**
     * {@code batched_nms(boxes, scores, idxs, iou_threshold)}: NMS within each category ({@code idxs}), never across.
     * As torchvision: up to 4000 coordinates on the CPU (20000 on a GPU) one NMS over boxes shifted apart by category;
     * beyond that one NMS per category, the kept indices then sorted by score. That sort is stable here, where
     * PyTorch's unstable sort may order tied scores otherwise (the same indices, the same scores in order).
     */
    public static Tensor batchedNms(Tensor boxes, Tensor scores, Tensor idxs, double iouThreshold) {
        if (boxes.numel() > (boxes.isCuda() ? 20000 : 4000)) return batchedNmsVanilla(boxes, scores, idxs, iouThreshold);
        if (boxes.numel() == 0) return Torch.empty(Torch.shape(0), TensorOptions.DEFAULT.dtype(DType.INT64).device(boxes.device()));
        try (var g = GradMode.noGrad()) {
            Tensor maxCoordinate = boxes.max();
            Tensor offsets = idxs.to(boxes.dtype()).mul(maxCoordinate.add(Torch.tensor(1L).to(boxes.dtype())));
            return nms(boxes.add(offsets.unsqueeze(1)), scores, iouThreshold);
        }
    }

    private static Tensor batchedNmsVanilla(Tensor boxes, Tensor scores, Tensor idxs, double iouThreshold) {
        try (var g = GradMode.noGrad()) {
            Tensor keepMask = Torch.zerosLike(scores, TensorOptions.DEFAULT.dtype(DType.BOOL));
            for (long classId : idxs.unique().toLongArray()) {
                Tensor current = idxs.eq(classId).nonzero().select(1, 0);
                Tensor kept = nms(boxes.indexSelect(0, current), scores.indexSelect(0, current), iouThreshold);
                keepMask.indexFill_(0, current.indexSelect(0, kept), 1.0);
            }
            Tensor keepIndices = keepMask.nonzero().select(1, 0);
            return keepIndices.indexSelect(0, scores.indexSelect(0, keepIndices).argsort(0, true, true));
        }
    }

    /** {@code remove_small_boxes(boxes, min_size)}: the indices of the boxes whose width and height are both at least {@code minSize}. */
    public static Tensor removeSmallBoxes(Tensor boxes, double minSize) {
        Tensor ws = col(boxes, 2).sub(col(boxes, 0)), hs = col(boxes, 3).sub(col(boxes, 1));
        return ws.ge(minSize).logicalAnd(hs.ge(minSize)).nonzero().select(1, 0);
    }

    /** {@code clip_boxes_to_image(boxes, (height, width))}: x clamped to {@code [0, width]}, y to {@code [0, height]}; any leading dims. */
    public static Tensor clipBoxesToImage(Tensor boxes, long height, long width) {
        Tensor x1 = col(boxes, 0).clamp(0, width), y1 = col(boxes, 1).clamp(0, height);
        Tensor x2 = col(boxes, 2).clamp(0, width), y2 = col(boxes, 3).clamp(0, height);
        return Torch.stack(List.of(x1, y1, x2, y2), -1);
    }

    /**
     * {@code box_convert(boxes, in_fmt, out_fmt)} between {@code "xyxy"} (corners), {@code "xywh"} (corner, width,
     * height) and {@code "cxcywh"} (centre, width, height); a clone when the formats agree.
     */
    public static Tensor boxConvert(Tensor boxes, String inFmt, String outFmt) {
        List<String> allowed = List.of("xyxy", "xywh", "cxcywh");
        if (!allowed.contains(inFmt) || !allowed.contains(outFmt)) {
            throw new IllegalArgumentException("Unsupported Bounding Box Conversions for given in_fmt and out_fmt");
        }
        if (inFmt.equals(outFmt)) return boxes.clone();
        Tensor xyxy = switch (inFmt) {
            case "xywh" -> {
                Tensor x = col(boxes, 0), y = col(boxes, 1);
                yield Torch.stack(List.of(x, y, x.add(col(boxes, 2)), y.add(col(boxes, 3))), -1);
            }
            case "cxcywh" -> {
                Tensor cx = col(boxes, 0), cy = col(boxes, 1), w = col(boxes, 2), h = col(boxes, 3);
                yield Torch.stack(List.of(cx.sub(w.mul(0.5)), cy.sub(h.mul(0.5)), cx.add(w.mul(0.5)), cy.add(h.mul(0.5))), -1);
            }
            default -> boxes;
        };
        Tensor x1 = col(xyxy, 0), y1 = col(xyxy, 1), x2 = col(xyxy, 2), y2 = col(xyxy, 3);
        return switch (outFmt) {
            case "xywh" -> Torch.stack(List.of(x1, y1, x2.sub(x1), y2.sub(y1)), -1);
            case "cxcywh" -> Torch.stack(List.of(x1.add(x2).div(2), y1.add(y2).div(2), x2.sub(x1), y2.sub(y1)), -1);
            default -> xyxy;
        };
    }

    /** {@code box_area(boxes)}: {@code (x2 - x1) * (y2 - y1)} per box, after {@link #upcast}. */
    public static Tensor boxArea(Tensor boxes) {
        Tensor b = upcast(boxes);
        return col(b, 2).sub(col(b, 0)).mul(col(b, 3).sub(col(b, 1)));
    }

    /** Intersection and union, both {@code [N, M]}. */
    private static Tensor[] interUnion(Tensor boxes1, Tensor boxes2) {
        Tensor area1 = boxArea(boxes1), area2 = boxArea(boxes2);
        Tensor lt = boxes1.narrow(1, 0, 2).unsqueeze(1).maximum(boxes2.narrow(1, 0, 2));
        Tensor rb = boxes1.narrow(1, 2, 2).unsqueeze(1).minimum(boxes2.narrow(1, 2, 2));
        Tensor wh = upcast(rb.sub(lt)).clampMin(0);
        Tensor inter = wh.select(2, 0).mul(wh.select(2, 1));
        return new Tensor[] {inter, area1.unsqueeze(1).add(area2).sub(inter)};
    }

    /** The width and height of the smallest boxes enclosing each pair, {@code [N, M, 2]}. */
    private static Tensor enclosing(Tensor boxes1, Tensor boxes2) {
        Tensor lti = boxes1.narrow(1, 0, 2).unsqueeze(1).minimum(boxes2.narrow(1, 0, 2));
        Tensor rbi = boxes1.narrow(1, 2, 2).unsqueeze(1).maximum(boxes2.narrow(1, 2, 2));
        return upcast(rbi.sub(lti)).clampMin(0);
    }

    private static void checkPairs(String op, Tensor boxes1, Tensor boxes2) {
        for (Tensor b : new Tensor[] {boxes1, boxes2}) {
            if (b.dim() != 2 || b.size(1) != 4) {
                throw new IllegalArgumentException(op + ": expected boxes of shape [N, 4], got " + Shapes.str(b.shapeArray()));
            }
        }
    }

    /** {@code box_iou(boxes1, boxes2)}: the {@code [N, M]} intersection over union of every pair. */
    public static Tensor boxIou(Tensor boxes1, Tensor boxes2) {
        checkPairs("box_iou", boxes1, boxes2);
        Tensor[] iu = interUnion(boxes1, boxes2);
        return iu[0].div(iu[1]);
    }

    /** {@code generalized_box_iou(boxes1, boxes2)}: IoU minus the part of the enclosing box the union leaves empty. */
    public static Tensor generalizedBoxIou(Tensor boxes1, Tensor boxes2) {
        checkPairs("generalized_box_iou", boxes1, boxes2);
        Tensor[] iu = interUnion(boxes1, boxes2);
        Tensor whi = enclosing(boxes1, boxes2);
        Tensor areai = whi.select(2, 0).mul(whi.select(2, 1));
        return iu[0].div(iu[1]).sub(areai.sub(iu[1]).div(areai));
    }

    /** {@code distance_box_iou(boxes1, boxes2)} with {@code eps=1e-7}. */
    public static Tensor distanceBoxIou(Tensor boxes1, Tensor boxes2) { return distanceBoxIou(boxes1, boxes2, 1e-7); }

    /** {@code distance_box_iou(boxes1, boxes2, eps)}: IoU minus the squared centre distance over the enclosing box's squared diagonal. */
    public static Tensor distanceBoxIou(Tensor boxes1, Tensor boxes2, double eps) {
        checkPairs("distance_box_iou", boxes1, boxes2);
        return diouIou(upcast(boxes1), upcast(boxes2), eps)[0];
    }

    private static Tensor[] diouIou(Tensor boxes1, Tensor boxes2, double eps) {
        Tensor iou = boxIou(boxes1, boxes2);
        Tensor whi = enclosing(boxes1, boxes2);
        Tensor diagonal = whi.select(2, 0).pow(2L).add(whi.select(2, 1).pow(2L)).add(eps);
        Tensor xp = col(boxes1, 0).add(col(boxes1, 2)).div(2), yp = col(boxes1, 1).add(col(boxes1, 3)).div(2);
        Tensor xg = col(boxes2, 0).add(col(boxes2, 2)).div(2), yg = col(boxes2, 1).add(col(boxes2, 3)).div(2);
        Tensor centres = upcast(xp.unsqueeze(1).sub(xg.unsqueeze(0))).pow(2L).add(upcast(yp.unsqueeze(1).sub(yg.unsqueeze(0))).pow(2L));
        return new Tensor[] {iou.sub(centres.div(diagonal)), iou};
    }

    /** {@code complete_box_iou(boxes1, boxes2)} with {@code eps=1e-7}. */
    public static Tensor completeBoxIou(Tensor boxes1, Tensor boxes2) { return completeBoxIou(boxes1, boxes2, 1e-7); }

    /**
     * {@code complete_box_iou(boxes1, boxes2, eps)}: distance IoU minus {@code alpha v}, {@code v} measuring how the
     * aspect ratios differ; {@code alpha} is treated as a constant (no gradient), as torchvision computes it under no_grad.
     */
    public static Tensor completeBoxIou(Tensor boxes1, Tensor boxes2, double eps) {
        checkPairs("complete_box_iou", boxes1, boxes2);
        Tensor b1 = upcast(boxes1), b2 = upcast(boxes2);
        Tensor[] di = diouIou(b1, b2, eps);
        Tensor wPred = col(b1, 2).sub(col(b1, 0)).unsqueeze(1), hPred = col(b1, 3).sub(col(b1, 1)).unsqueeze(1);
        Tensor wGt = col(b2, 2).sub(col(b2, 0)), hGt = col(b2, 3).sub(col(b2, 1));
        Tensor v = aspect(wPred.div(hPred).atan().sub(wGt.div(hGt).atan()));
        return di[0].sub(alpha(v, di[1], eps).mul(v));
    }

    /** CIoU's {@code v = 4 / pi^2 (atan(w/h) - atan(w'/h'))^2} from the arctangent difference. */
    static Tensor aspect(Tensor atanDifference) { return atanDifference.pow(2L).mul(4 / (Math.PI * Math.PI)); }

    /** CIoU's trade-off {@code v / (1 - iou + v + eps)}, without gradient. */
    static Tensor alpha(Tensor v, Tensor iou, double eps) {
        try (var g = GradMode.noGrad()) {
            return v.div(iou.neg().add(1).add(v).add(eps));
        }
    }

    /**
     * {@code masks_to_boxes(masks)}: the {@code [N, 4]} float32 box {@code (min x, min y, max x, max y)} around the
     * nonzero pixels of each {@code [H, W]} mask of an {@code [N, H, W]} tensor.
     */
    public static Tensor masksToBoxes(Tensor masks) {
        TensorOptions floats = TensorOptions.DEFAULT.dtype(DType.FLOAT32).device(masks.device());
        if (masks.numel() == 0) return Torch.zeros(Torch.shape(0, 4), floats);
        if (masks.dim() != 3) throw new IllegalArgumentException("masks_to_boxes: expected masks of shape [N, H, W], got " + masks.shape());
        int n = (int) masks.size(0), h = (int) masks.size(1), w = (int) masks.size(2);
        boolean[] on;
        try (var g = GradMode.noGrad()) {
            on = toBooleans(masks.detach().ne(0.0));
        }
        float[] out = new float[4 * n];
        for (int i = 0; i < n; i++) {
            int x1 = Integer.MAX_VALUE, y1 = Integer.MAX_VALUE, x2 = -1, y2 = -1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (!on[(i * h + y) * w + x]) continue;
                    x1 = Math.min(x1, x);
                    y1 = Math.min(y1, y);
                    x2 = Math.max(x2, x);
                    y2 = Math.max(y2, y);
                }
            }
            if (x2 < 0) throw new IllegalArgumentException("min(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
            out[4 * i] = x1;
            out[4 * i + 1] = y1;
            out[4 * i + 2] = x2;
            out[4 * i + 3] = y2;
        }
        return Torch.fromArray(out, n, 4).to(masks.device());
    }

    private static boolean[] toBooleans(Tensor b) {
        long[] v = b.toLongArray();
        boolean[] r = new boolean[v.length];
        for (int i = 0; i < v.length; i++) r[i] = v[i] != 0;
        return r;
    }
}
