package dev.torch4j.onnx;

import static dev.torch4j.onnx.OnnxOps.one;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;
import dev.torch4j.ops.Counting;
import dev.torch4j.vision.ops.RoiOps;

import java.util.Arrays;
import java.util.Map;

/** The operators detection models export beside their backbones: box selection, RoI pooling, gathers, Unique. */
final class DetectionOps {
    private DetectionOps() {}

    static void register(Map<String, OnnxOps.Op> t) {
        t.put("NonMaxSuppression", DetectionOps::nonMaxSuppression);
        t.put("RoiAlign", DetectionOps::roiAlign);
        t.put("GatherND", DetectionOps::gatherNd);
        t.put("OneHot", DetectionOps::oneHot);
        t.put("Unique", DetectionOps::unique);
        t.put("Det", c -> one(c.required(0).det()));
        t.put("GridSample", c -> {
            // opset 20 renamed the modes (bilinear -> linear, bicubic -> cubic) and made linear the default
            String mode = c.s("mode", c.opset >= 20 ? "linear" : "bilinear"), padding = c.s("padding_mode", "zeros");
            if (c.opset >= 20) mode = switch (mode) {
                case "linear" -> "bilinear";
                case "cubic" -> "bicubic";
                default -> mode;
            };
            return one(Functional.gridSample(c.required(0), c.required(1), mode, padding, c.i("align_corners", 0) == 1));
        });
    }

    /**
     * {@code NonMaxSuppression}: per batch and class, the boxes scoring above {@code score_threshold} visited by
     * decreasing score (ties in index order) and kept unless their IoU with a kept box exceeds {@code iou_threshold},
     * at most {@code max_output_boxes_per_class} (0 or absent: none) of them; rows (batch, class, box), by batch, then
     * class, then selection order. Corners may come in either order; {@code center_point_box} 1 reads
     * (x, y, width, height). IoU is computed in float, as torchvision's kernel.
     */
    private static Object[] nonMaxSuppression(OpCall c) {
        Tensor boxes = c.required(0), scores = c.required(1);
        if (boxes.dim() != 3 || boxes.size(2) != 4 || scores.dim() != 3 || scores.size(0) != boxes.size(0) || scores.size(2) != boxes.size(1)) {
            throw c.error("boxes " + Arrays.toString(boxes.shapeArray()) + " and scores " + Arrays.toString(scores.shapeArray())
                    + " should be [batch, boxes, 4] and [batch, classes, boxes]");
        }
        long max = c.input(2) == null ? 0 : c.input(2).itemLong();
        float iouMax = c.input(3) == null ? 0f : (float) c.input(3).item();
        Tensor st = c.input(4);
        boolean centered = c.i("center_point_box", 0) == 1;
        int batches = (int) boxes.size(0), n = (int) boxes.size(1), classes = (int) scores.size(1);
        float[] b = boxes.to(DType.FLOAT32).cpu().contiguous().toFloatArray();
        float[] s = scores.to(DType.FLOAT32).cpu().contiguous().toFloatArray();
        float[] x1 = new float[b.length / 4], y1 = new float[x1.length], x2 = new float[x1.length], y2 = new float[x1.length];
        for (int i = 0; i < x1.length; i++) {
            float p = b[4 * i], q = b[4 * i + 1], r = b[4 * i + 2], u = b[4 * i + 3];
            if (centered) {
                x1[i] = p - r / 2; x2[i] = p + r / 2; y1[i] = q - u / 2; y2[i] = q + u / 2;
            } else {
                x1[i] = Math.min(p, r); x2[i] = Math.max(p, r); y1[i] = Math.min(q, u); y2[i] = Math.max(q, u);
            }
        }
        java.util.List<long[]> rows = new java.util.ArrayList<>();
        for (int bi = 0; bi < batches; bi++) {
            for (int ci = 0; ci < classes; ci++) {
                int base = (bi * classes + ci) * n;
                Integer[] order = new Integer[n];
                int m = 0;
                for (int i = 0; i < n; i++) if (st == null || s[base + i] > (float) st.item()) order[m++] = i;
                Integer[] cand = Arrays.copyOf(order, m);
                Arrays.sort(cand, (i, j) -> Float.compare(s[base + j], s[base + i])); // stable: ties keep index order
                int[] kept = new int[m];
                int k = 0;
                for (int a = 0; a < m && k < max; a++) {
                    int i = bi * n + cand[a];
                    boolean drop = false;
                    for (int q = 0; q < k && !drop; q++) drop = iou(x1, y1, x2, y2, i, kept[q]) > iouMax;
                    if (!drop) {
                        kept[k++] = i;
                        rows.add(new long[] {bi, ci, cand[a]});
                    }
                }
            }
        }
        long[] flat = new long[rows.size() * 3];
        for (int r = 0; r < rows.size(); r++) System.arraycopy(rows.get(r), 0, flat, 3 * r, 3);
        return one(Torch.fromArray(flat, rows.size(), 3).to(c.device));
    }

    private static float iou(float[] x1, float[] y1, float[] x2, float[] y2, int i, int j) {
        float w = Math.max(0f, Math.min(x2[i], x2[j]) - Math.max(x1[i], x1[j]));
        float h = Math.max(0f, Math.min(y2[i], y2[j]) - Math.max(y1[i], y1[j]));
        float inter = w * h;
        float ai = (x2[i] - x1[i]) * (y2[i] - y1[i]), aj = (x2[j] - x1[j]) * (y2[j] - y1[j]);
        return inter / (ai + aj - inter);
    }

    /**
     * {@code RoiAlign}, average mode: torchvision's roi_align, aligned when {@code coordinate_transformation_mode} is
     * half_pixel (opset 16's default; older opsets have only output_half_pixel, the unaligned one).
     */
    private static Object[] roiAlign(OpCall c) {
        Tensor x = c.required(0), rois = c.required(1), batch = c.required(2);
        String mode = c.s("mode", "avg");
        if (!mode.equals("avg")) throw c.error("mode '" + mode + "' is not supported (avg)");
        String transform = c.s("coordinate_transformation_mode", c.opset >= 16 ? "half_pixel" : "output_half_pixel");
        if (!transform.equals("half_pixel") && !transform.equals("output_half_pixel")) throw c.error("unknown coordinate_transformation_mode '" + transform + "'");
        Tensor boxes = Torch.cat(new Tensor[] {batch.to(x.dtype()).reshape(-1, 1), rois.to(x.dtype())}, 1);
        return one(RoiOps.roiAlign(x, boxes, c.i("output_height", 1), c.i("output_width", 1), c.f("spatial_scale", 1f),
                (int) c.i("sampling_ratio", 0), transform.equals("half_pixel")));
    }

    /**
     * {@code GatherND}: the slices of {@code data} that the last axis of {@code indices} addresses, after
     * {@code batch_dims} leading axes both share. Done as one gather over flattened positions, on the data's device.
     */
    private static Object[] gatherNd(OpCall c) {
        Tensor data = c.required(0), idx = c.required(1).to(DType.INT64);
        int b = (int) c.i("batch_dims", 0);
        long[] ds = data.shapeArray(), is = idx.shapeArray();
        int k = (int) is[is.length - 1];
        if (b + k > ds.length) throw c.error("indices address " + k + " axes after " + b + " batch axes of a rank-" + ds.length + " tensor");
        long batch = 1, slots = 1, rest = 1;
        for (int d = 0; d < b; d++) batch *= ds[d];
        long[] dims = new long[k], strides = new long[k];
        for (int d = k - 1; d >= 0; d--) {
            dims[d] = ds[b + d];
            strides[d] = slots;
            slots *= dims[d];
        }
        for (int d = b + k; d < ds.length; d++) rest *= ds[d];
        Tensor i = idx.reshape(batch, -1, k);
        Tensor size = Torch.fromArray(dims, k).to(c.device), stride = Torch.fromArray(strides, k).to(c.device);
        Tensor lin = Torch.where(i.lt(0L), i.add(size), i).mul(stride).sum(-1); // [batch, m]
        long m = lin.size(1);
        Tensor picked = data.reshape(batch, slots, rest).gather(1, lin.unsqueeze(-1).expand(batch, m, rest));
        long[] shape = new long[is.length - 1 + ds.length - b - k];
        System.arraycopy(is, 0, shape, 0, is.length - 1);
        System.arraycopy(ds, b + k, shape, is.length - 1, ds.length - b - k);
        return one(picked.reshape(shape));
    }

    /** {@code OneHot}: {@code values[1]} where an index (negative ones from the end) meets its class, {@code values[0]} elsewhere. */
    private static Object[] oneHot(OpCall c) {
        Tensor idx = c.required(0).to(DType.INT64), values = c.required(2);
        long depth = (long) c.required(1).item();
        long axis = c.i("axis", -1);
        if (axis < 0) axis += idx.dim() + 1;
        idx = Torch.where(idx.lt(0L), idx.add(depth), idx).unsqueeze(axis);
        long[] shape = new long[idx.dim()];
        Arrays.fill(shape, 1);
        shape[(int) axis] = depth;
        Tensor classes = Torch.arange(depth).to(c.device).reshape(shape);
        Tensor on = values.select(0, 1), off = values.select(0, 0);
        return one(Torch.where(idx.eq(classes), on, off));
    }

    /**
     * {@code Unique}: the distinct values (or slices along {@code axis}), ascending or (sorted 0) in order of first
     * appearance; then each one's first index, each element's position among them, and their counts.
     */
    private static Object[] unique(OpCall c) {
        Tensor x = c.required(0);
        Long axis = c.has("axis") ? c.i("axis", 0) : null;
        Tensor[] r = axis == null ? Counting.unique(x, true, true) : Counting.uniqueDim(x, axis, true, true);
        long[] inverse = r[1].cpu().toLongArray(), counts = r[2].cpu().toLongArray();
        int distinct = counts.length;
        long[] first = new long[distinct];
        Arrays.fill(first, -1);
        for (int i = 0; i < inverse.length; i++) if (first[(int) inverse[i]] < 0) first[(int) inverse[i]] = i;
        Tensor y = r[0];
        if (c.i("sorted", 1) == 0) {
            // by first appearance: renumber the groups in the order their first elements come
            Integer[] order = new Integer[distinct];
            for (int g = 0; g < distinct; g++) order[g] = g;
            Arrays.sort(order, (p, q) -> Long.compare(first[p], first[q]));
            long[] rank = new long[distinct], perm = new long[distinct], f2 = new long[distinct], c2 = new long[distinct];
            for (int g = 0; g < distinct; g++) {
                rank[order[g]] = g;
                perm[g] = order[g];
                f2[g] = first[order[g]];
                c2[g] = counts[order[g]];
            }
            for (int i = 0; i < inverse.length; i++) inverse[i] = rank[(int) inverse[i]];
            y = y.indexSelect(axis == null ? 0 : axis, Torch.fromArray(perm, distinct).to(y.device()));
            System.arraycopy(f2, 0, first, 0, distinct);
            counts = c2;
        }
        return new Object[] {y, Torch.fromArray(first, distinct).to(c.device), Torch.fromArray(inverse, inverse.length).to(c.device),
                Torch.fromArray(counts, distinct).to(c.device)};
    }
}
