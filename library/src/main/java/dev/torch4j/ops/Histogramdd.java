package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;

/**
 * {@code torch.histogramdd(input, bins, range, weight, density)}: the points are the rows of {@code input}'s last
 * dim (D coordinates each); bins per dim are equal-width over the given range (or the data's) or given by their edges.
 * A point falls in the bin whose lower edge is the last at or below it, the top edge joining the last bin; points
 * outside the range are not counted. Returns {@code {hist, edges_0, ..., edges_D-1}}.
 */
public final class Histogramdd {
    private Histogramdd() {}

    /** Equal-width bins: {@code bins[d]} per dim, over {@code range} ({@code [lo0, hi0, lo1, hi1, ...]}) or the data's. */
    public static Tensor[] histogramdd(Tensor input, long[] bins, double[] range, Tensor weight, boolean density) {
        long d = check(input, weight, bins.length);
        if (range != null && range.length != 2 * d) {
            throw new IllegalArgumentException("torch.histogramdd: for a " + d + "-dimensional histogram range should have " + (2 * d)
                    + " elements, but got " + range.length);
        }
        try (var g = GradMode.noGrad()) {
            Tensor points = input.detach().reshape(-1, d);
            Tensor[] edges = new Tensor[(int) d];
            for (int i = 0; i < d; i++) {
                if (bins[i] <= 0) {
                    throw new IllegalArgumentException("torch.histogramdd(): bins must be > 0, but got " + bins[i] + " for dimension " + i);
                }
                Tensor col = points.select(1, i);
                double lo = range != null ? range[2 * i] : col.numel() > 0 ? col.min().item() : 0;
                double hi = range != null ? range[2 * i + 1] : col.numel() > 0 ? col.max().item() : 0;
                if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
                    throw new IllegalArgumentException("torch.histogramdd: dimension " + i + "'s range [" + lo + ", " + hi + "] is not finite");
                }
                if (lo > hi) {
                    throw new IllegalArgumentException("torch.histogramdd: min should not exceed max, but got min " + lo + " max " + hi
                            + " for dimension " + i);
                }
                if (lo == hi) {
                    lo -= 0.5;
                    hi += 0.5;
                }
                edges[i] = Creation.linspace(lo, hi, bins[i] + 1, input.dtype(), input.device());
            }
            return count(points, edges, weight, density);
        }
    }

    /** Bins given by their increasing edges, one 1-d tensor per dim. */
    public static Tensor[] histogramdd(Tensor input, Tensor[] bins, Tensor weight, boolean density) {
        long d = check(input, weight, bins.length);
        for (int i = 0; i < d; i++) {
            if (bins[i].dtype() != input.dtype()) {
                throw new IllegalArgumentException("torch.histogramdd: input tensor and bins tensors should have the same dtype, but got input "
                        + input.dtype().scalarTypeName() + " and bins " + bins[i].dtype().scalarTypeName());
            }
            if (bins[i].dim() != 1 || bins[i].numel() < 1) {
                throw new IllegalArgumentException("torch.histogramdd: bins tensor should have one dimension and at least 1 element, but got "
                        + bins[i].dim() + " dimensions and " + bins[i].numel() + " elements for dimension " + i);
            }
        }
        try (var g = GradMode.noGrad()) {
            Tensor[] edges = new Tensor[(int) d];
            for (int i = 0; i < d; i++) edges[i] = bins[i].detach().clone();
            return count(input.detach().reshape(-1, d), edges, weight, density);
        }
    }

    private static long check(Tensor input, Tensor weight, int binDims) {
        if (!input.isFloatingPoint()) {
            throw new IllegalArgumentException("\"histogramdd\" not implemented for '" + input.dtype().scalarTypeName() + "'");
        }
        if (input.dim() < 2) {
            throw new IllegalArgumentException("torch.histogramdd: input tensor should have at least 2 dimensions, but got " + input.dim());
        }
        long d = input.size(-1);
        if (binDims != d) {
            throw new IllegalArgumentException("torch.histogramdd: expected " + d + " sequences of bin edges for a " + d
                    + "-dimensional histogram but got " + binDims);
        }
        long[] pointsShape = java.util.Arrays.copyOf(input.shapeArray(), input.dim() - 1);
        if (weight != null && !java.util.Arrays.equals(weight.shapeArray(), pointsShape)) {
            throw new IllegalArgumentException("torch.histogramdd: if weight tensor is provided it should have the same shape as the input "
                    + "tensor excluding its innermost dimension, but got input with shape " + dev.torch4j.core.Shapes.str(input.shapeArray())
                    + " and weight with shape " + dev.torch4j.core.Shapes.str(weight.shapeArray()));
        }
        return d;
    }

    private static Tensor[] count(Tensor points, Tensor[] edges, Tensor weight, boolean density) {
        int d = edges.length;
        long[] bins = new long[d];
        long total = 1;
        for (int i = 0; i < d; i++) {
            bins[i] = Math.max(edges[i].numel() - 1, 0);
            total *= bins[i];
        }
        Tensor hist = Creation.full(new long[] {total}, 0, points.dtype(), points.device());
        Tensor[] out = new Tensor[d + 1];
        System.arraycopy(edges, 0, out, 1, d);
        if (total > 0 && points.size(0) > 0) {
            Tensor inside = null;
            for (int i = 0; i < d; i++) {
                Tensor col = points.select(1, i);
                Tensor in = col.ge(edges[i].select(0, 0).item()).logicalAnd(col.le(edges[i].select(0, bins[i]).item()));
                inside = inside == null ? in : inside.logicalAnd(in);
            }
            Tensor linear = null;
            for (int i = 0; i < d; i++) {
                Tensor x = points.select(1, i).maskedSelect(inside);
                // the last edge at or below the coordinate; the top edge joins the last bin
                Tensor idx = Counting.searchsorted(edges[i].contiguous(), x, true).sub(1L)
                        .minimum(Creation.fullLong(new long[0], bins[i] - 1, DType.INT64, x.device()));
                linear = linear == null ? idx : linear.mul(bins[i]).add(idx);
            }
            Tensor w = weight == null ? Creation.full(linear.shapeArray(), 1, points.dtype(), points.device())
                    : weight.detach().reshape(-1).to(points.dtype()).maskedSelect(inside);
            hist.indexAdd_(0, linear, w);
        }
        hist = hist.reshape(bins);
        if (density) {
            Tensor volume = null;
            for (int i = 0; i < d; i++) {
                long[] shape = new long[d];
                java.util.Arrays.fill(shape, 1);
                shape[i] = bins[i];
                Tensor width = edges[i].diff().reshape(shape);
                volume = volume == null ? width : volume.mul(width);
            }
            hist = hist.div(hist.sum()).div(volume);
        }
        out[0] = hist;
        return out;
    }
}
