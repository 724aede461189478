package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Shapes;

import java.util.List;

/**
 * Runs of equal elements: {@code mode} (the longest run after a sort) and {@code unique_consecutive} (the runs as
 * they stand). Composed of device ops (sort, comparisons, cumulative extrema, gather), so every backend runs them.
 * Equality is {@code ==}: every NaN is a run of its own, as in PyTorch's kernels.
 */
public final class Runs {
    private Runs() {}

    /**
     * {@code torch.mode(x, dim, keepdim)}: the most frequent value along dim and an index where it occurs. PyTorch's
     * CPU rule: of values equally frequent the smallest wins, and the index is that of its last occurrence (the end
     * of its run after a stable sort). Values carry the gradient to that element ({@code ModeBackward0}).
     */
    public static ValuesIndices mode(Tensor x, long dim, boolean keepdim) {
        int d = Shapes.wrapDim("mode", dim, Math.max(x.dim(), 1));
        if (x.dim() == 0) return new ValuesIndices(x.clone(), Creation.fullLong(new long[0], 0, DType.INT64, x.device()));
        long n = x.size(d);
        if (n == 0) throw new IllegalArgumentException("mode(): Expected reduction dim " + d + " to have non-zero size.");
        Tensor idx;
        try (var g = GradMode.noGrad()) {
            ValuesIndices s = Sorting.sort(x.detach(), d, false, true);
            Tensor pos = CumulativeExtrema.positions(s.values(), d);
            // each position's run start: the latest position <= it where the sorted value differs from its predecessor
            Tensor starts = pos.where(runStarts(s.values(), d), Creation.fullLong(new long[0], 0, DType.INT64, x.device()));
            Tensor runLength = pos.sub(CumulativeExtrema.cumulative(starts, d, true).values());
            // argmax takes the first maximum: the end of the longest run of the smallest value
            Tensor end = runLength.argmax(d, true);
            idx = s.indices().gather(d, end);
            if (!keepdim) idx = idx.squeeze(d);
        }
        return new ValuesIndices(CumulativeExtrema.select("ModeBackward0", x, d, idx, keepdim), idx);
    }

    /** True along d where a run begins: position 0, or a value that differs ({@code !=}) from the one before. */
    private static Tensor runStarts(Tensor v, int d) {
        long n = v.size(d);
        Tensor first = Creation.full(v.narrow(d, 0, 1).shapeArray(), 1, DType.BOOL, v.device());
        if (n == 1) return first;
        return Joining.cat(List.of(first, v.narrow(d, 1, n - 1).ne(v.narrow(d, 0, n - 1))), d);
    }

    /**
     * {@code torch.unique_consecutive(x, return_inverse, return_counts, dim)}: one element (or slice along dim) per
     * run of equal consecutive ones, then, when asked, the run each element belongs to (shaped like x, or one per
     * slice) and the runs' lengths. Without dim, x is flattened. Not differentiable (as in PyTorch).
     */
    public static Tensor[] uniqueConsecutive(Tensor x, boolean returnInverse, boolean returnCounts, Long dim) {
        try (var g = GradMode.noGrad()) {
            Tensor v = x.detach();
            int d = 0;
            Tensor starts;
            if (dim == null) {
                v = v.reshape(-1);
                starts = v.numel() == 0 ? Creation.full(new long[] {0}, 0, DType.BOOL, v.device()) : runStarts(v, 0);
            } else {
                if (x.dim() == 0) throw new IndexOutOfBoundsException("Dimension specified as " + dim + " but tensor has no dimensions");
                d = Shapes.wrapDim("unique_consecutive", dim, x.dim());
                for (int i = 0; i < x.dim(); i++) {
                    if (i != d && x.size(i) == 0) {
                        throw new IllegalArgumentException("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied");
                    }
                }
                starts = sliceRunStarts(v, d);
            }
            long n = v.size(d);
            Tensor at = starts.nonzero().reshape(-1);
            Tensor values = v.indexSelect(d, at);
            int outs = 1 + (returnInverse ? 1 : 0) + (returnCounts ? 1 : 0), k = 0;
            Tensor[] out = new Tensor[outs];
            out[k++] = values;
            if (returnInverse) {
                Tensor inverse = starts.to(DType.INT64).cumsum(0).sub(1L);
                out[k++] = dim == null ? inverse.reshape(x.shapeArray()) : inverse;
            }
            if (returnCounts) {
                long runs = at.size(0);
                // a run ends where the next begins (the last at n)
                out[k] = runs == 0 ? at : Joining.cat(List.of(at.narrow(0, 1, runs - 1),
                        Creation.fullLong(new long[] {1}, n, DType.INT64, v.device())), 0).sub(at);
            }
            return out;
        }
    }

    /** Along d: true where a slice begins a run (differs from the slice before in some element). */
    private static Tensor sliceRunStarts(Tensor v, int d) {
        long n = v.size(d);
        Tensor first = Creation.full(new long[] {Math.min(n, 1)}, 1, DType.BOOL, v.device());
        if (n <= 1) return first;
        Tensor differs = v.narrow(d, 1, n - 1).ne(v.narrow(d, 0, n - 1)).movedim(d, 0).reshape(n - 1, -1);
        return Joining.cat(List.of(first, differs.any(1)), 0);
    }
}
