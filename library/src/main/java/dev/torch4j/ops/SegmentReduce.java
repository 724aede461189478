package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

/**
 * {@code torch.segment_reduce} (PyTorch 2.x): contiguous segments along {@code axis} reduced with index_add /
 * index_reduce over a segment id per element, each segment starting from {@code initial} (or the reduction's
 * identity), so gradients are those ops' (max and min split a tie's gradient evenly, as PyTorch's).
 */
public final class SegmentReduce {
    private SegmentReduce() {}

    /** See {@code Torch.segmentReduce}. */
    public static Tensor segmentReduce(Tensor data, String reduce, Tensor lengths, Tensor indices, Tensor offsets, long axis,
            boolean unsafe, Double initial) {
        if (!reduce.equals("sum") && !reduce.equals("mean") && !reduce.equals("max") && !reduce.equals("min") && !reduce.equals("prod")) {
            throw new IllegalArgumentException("unsupported reduction given! " + reduce);
        }
        if (indices != null && lengths == null && offsets == null) {
            throw new IllegalArgumentException("segment_reduce(): indices based reduction is not supported yet.");
        }
        if (lengths == null && offsets == null) throw new IllegalArgumentException("segment_reduce(): Either lengths or offsets must be defined.");
        Tensor l = lengths != null ? lengths : offsets.diff(1, -1);
        if (l.isFloatingPoint() || l.isComplex() || l.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("segment_reduce(): lengths and offsets must be integer tensors, got " + l.dtype().scalarTypeName());
        }
        int ax = (int) (axis < 0 ? axis + data.dim() : axis);
        if (ax != l.dim() - 1) {
            throw new IllegalArgumentException("segment_reduce(): Expected axis to be the last dimension of lengths but got " + axis + ".");
        }
        long[] ls = l.cpu().toLongArray();
        long rows = l.numel() / Math.max(1, l.size(-1)), segs = l.size(-1), width = data.size(ax);
        if (!unsafe) {
            for (long v : ls) if (v < 0) throw new IllegalArgumentException("lengths contains negative value!");
            for (int r = 0; r < rows; r++) {
                long s = 0;
                for (int j = 0; j < segs; j++) s += ls[(int) (r * segs + j)];
                if (s != width) {
                    throw new IllegalArgumentException("segment_reduce(): Expected all rows of lengths along axis to sum to "
                            + "data.size(lengths.dim()-1) when !unsafe.");
                }
            }
        }
        // rows of leading dims flattened: data [rows * width, rest...], segment id (row * segs + j) for each element
        long[] shape = data.shapeArray();
        long[] rest = java.util.Arrays.copyOfRange(shape, ax + 1, shape.length);
        long[] flat = new long[rest.length + 1];
        flat[0] = rows * width;
        System.arraycopy(rest, 0, flat, 1, rest.length);
        Tensor src = data.reshape(flat);
        Tensor ids = Torch.arange(rows * segs).to(data.device()).repeatInterleave(l.reshape(-1).to(DType.INT64).to(data.device()), 0);
        long[] outFlat = flat.clone();
        outFlat[0] = rows * segs;
        double start = initial != null ? initial : switch (reduce) {
            case "max" -> Double.NEGATIVE_INFINITY;
            case "min" -> Double.POSITIVE_INFINITY;
            case "prod" -> 1;
            default -> 0;
        };
        Tensor base = Torch.full(outFlat, start, TensorOptions.DEFAULT.dtype(data.dtype()).device(data.device()));
        Tensor out = switch (reduce) {
            case "sum", "mean" -> base.indexAdd(0, ids, src);
            case "max" -> base.indexReduce(0, ids, src, "amax", true);
            case "min" -> base.indexReduce(0, ids, src, "amin", true);
            default -> base.indexReduce(0, ids, src, "prod", true);
        };
        if (reduce.equals("mean")) {
            long[] countShape = new long[outFlat.length];
            java.util.Arrays.fill(countShape, 1);
            countShape[0] = rows * segs;
            Tensor count = l.reshape(countShape).to(data.device(), data.dtype());
            Tensor empty = initial != null ? out : Torch.full(new long[0], Double.NaN, TensorOptions.DEFAULT.dtype(data.dtype()).device(data.device()));
            out = Torch.where(count.gt(0.0), out.div(count.clamp(1.0, Double.POSITIVE_INFINITY)), empty);
        }
        long[] outShape = shape.clone();
        outShape[ax] = segs;
        return out.reshape(outShape);
    }
}
