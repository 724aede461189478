package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;
import dev.torch4j.autograd.Graph;
import dev.torch4j.core.Shapes;

/**
 * {@code sort}, {@code argsort} and {@code topk} over the backend's stable sort primitive. NaN sorts as the
 * largest value, as in PyTorch. The sort is always stable, which is one valid result of PyTorch's unstable sort.
 * Indices are never differentiable; argsort is not recorded.
 */
public final class Sorting {
    private Sorting() {}

    /**
     * {@code torch.sort(t, dim, descending, stable)}: sorted values and their int64 indices along dim. The values
     * are recorded as {@code SortBackward0}, or {@code SortBackward1} when stable is true (PyTorch's name for its
     * sort.stable overload; a Java call cannot tell an explicit stable=false from no argument, so that one gets
     * SortBackward0): the gradient goes back to the places the values came from.
     */
    public static ValuesIndices sort(Tensor t, long dim, boolean descending, boolean stable) {
        if (t.isComplex()) throw ComplexOps.refused("sort", t);
        int d = Shapes.wrapDim(dim, t.dim());
        if (Graph.isRecording(t)) {
            ValuesIndices s = ReductionsGrad.untracked(() -> sort(t, d, descending, stable));
            String name = stable ? "SortBackward1" : "SortBackward0";
            return new ValuesIndices(ReductionsGrad.valueSelecting(name, t, d, true, s.values(), s.indices()), s.indices());
        }
        long[] shape = t.shapeArray();
        Tensor values = Dispatch.empty(shape, t.dtype(), t.device());
        Tensor indices = Dispatch.empty(shape, DType.INT64, t.device());
        if (t.numel() > 0) {
            Dispatch.backend(t.device()).sort(Reductions.along(values), Reductions.along(indices), Reductions.along(t), d, descending);
        }
        return new ValuesIndices(values, indices);
    }

    /** {@code torch.argsort(t, dim, descending, stable)}: the indices that sort t along dim. */
    public static Tensor argsort(Tensor t, long dim, boolean descending, boolean stable) {
        return ReductionsGrad.untracked(() -> sort(t, dim, descending, stable)).indices(); // indices: nothing to record
    }

    /**
     * {@code torch.topk(t, k, dim, largest, sorted)}: the k largest (or smallest) elements along dim and their
     * indices, largest first (smallest first when {@code !largest}). Equal elements come in index order. Built on
     * the full sort, except where k is at most a quarter of the line and the backend selects (the CPU: O(n) per line).
     */
    public static ValuesIndices topk(Tensor t, long k, long dim, boolean largest, boolean sorted) {
        int d = Shapes.wrapDim(dim, t.dim());
        long size = t.dim() == 0 ? 1 : t.size(d);
        if (k < 0 || k > size) {
            throw new IllegalArgumentException("topk: selected index k out of range (k = " + k + ", dim " + d + " of shape "
                    + Shapes.str(t.shapeArray()) + " has size " + size + ")");
        }
        if (t.dtype() == DType.BOOL) throw new IllegalArgumentException("\"topk_cpu\" not implemented for 'Bool'");
        if (Graph.isRecording(t)) {
            ValuesIndices s = ReductionsGrad.untracked(() -> topk(t, k, d, largest, sorted));
            return new ValuesIndices(ReductionsGrad.valueSelecting("TopkBackward0", t, d, true, s.values(), s.indices()), s.indices());
        }
        if (t.dim() > 0 && k > 0 && k <= size / 4) {
            // k well below the line length: a selection (backends that have one) instead of the full sort
            long[] shape = t.shapeArray();
            shape[d] = k;
            Tensor values = Dispatch.empty(shape, t.dtype(), t.device());
            Tensor indices = Dispatch.empty(shape, DType.INT64, t.device());
            if (Dispatch.backend(t.device()).topk(Reductions.along(values), Reductions.along(indices), Reductions.along(t), d,
                    (int) k, largest)) {
                return new ValuesIndices(values, indices);
            }
        }
        ValuesIndices s = sort(t, d, largest, true);
        // a 0-d input always yields its one element, as in PyTorch (even for k = 0)
        if (k == size || t.dim() == 0) return s;
        return new ValuesIndices(s.values().narrow(d, 0, k).contiguous(), s.indices().narrow(d, 0, k).contiguous());
    }
}
