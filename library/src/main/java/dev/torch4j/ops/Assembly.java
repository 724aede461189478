package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Shapes;

/**
 * Tensors assembled from others by index: {@code repeat_interleave}, {@code meshgrid}, {@code diag} and
 * {@code trace}, composed from index selects, expands, diagonal views and sums as PyTorch composes them, so their
 * gradients come with those ops.
 */
public final class Assembly {
    private Assembly() {}

    /** {@code torch.repeat_interleave(t, repeats, dim)}: each slice along {@code dim} repeated; {@code dim} null flattens first. */
    public static Tensor repeatInterleave(Tensor t, Tensor repeats, Long dim) {
        Tensor x = dim == null ? t.reshape(-1) : t;
        int d = dim == null ? 0 : Shapes.wrapDim("repeat_interleave", dim, x.dim());
        long n = x.dim() == 0 ? 1 : x.size(d);
        long[] reps;
        try (var g = GradMode.noGrad()) {
            if (repeats.dim() > 1) throw new IllegalArgumentException("repeat_interleave: repeats must be 0-dim or 1-dim tensor");
            if (repeats.isFloatingPoint() || repeats.dtype() == DType.BOOL) {
                throw new IllegalArgumentException("repeat_interleave: repeats has to be Long or Int tensor, got " + repeats.dtype().pyName());
            }
            reps = repeats.cpu().toLongArray();
        }
        if (reps.length == 1 && n != 1) {
            long r = reps[0];
            reps = new long[(int) n];
            java.util.Arrays.fill(reps, r);
        }
        if (reps.length != n) {
            throw new IllegalArgumentException("repeat_interleave: repeats must have the same size as input along dim, but got repeats.size(0) = "
                    + reps.length + " and input.size(" + d + ") = " + n);
        }
        long total = 0;
        for (long r : reps) {
            if (r < 0) throw new IllegalArgumentException("repeat_interleave: repeats can not be negative");
            total += r;
        }
        long[] idx = new long[(int) total];
        for (int i = 0, k = 0; i < reps.length; i++) for (long r = 0; r < reps[i]; r++) idx[k++] = i;
        Tensor index = Creation.wrap(idx, new long[] {total}, DType.INT64).to(x.device());
        return x.dim() == 0 ? x.reshape(1).indexSelect(0, index) : x.indexSelect(d, index);
    }

    /** {@code torch.meshgrid(tensors, indexing)}: coordinate grids, "ij" (matrix) or "xy" (Cartesian: first two dims swapped). */
    public static Tensor[] meshgrid(String indexing, Tensor... tensors) {
        if (!indexing.equals("ij") && !indexing.equals("xy")) {
            throw new IllegalArgumentException("torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: " + indexing);
        }
        int n = tensors.length;
        if (n == 0) throw new IllegalArgumentException("meshgrid expects a non-empty TensorList");
        for (int i = 0; i + 1 < n; i++) {
            if (tensors[i].dtype() != tensors[i + 1].dtype()) throw new IllegalArgumentException("meshgrid expects all tensors to have the same dtype");
            if (!tensors[i].device().equals(tensors[i + 1].device())) {
                throw new IllegalArgumentException("meshgrid expects all tensors to have the same device");
            }
        }
        for (Tensor t : tensors) {
            if (t.dim() > 1) throw new IllegalArgumentException("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: " + t.dim() + "D");
        }
        boolean swap = indexing.equals("xy") && n >= 2;
        long[] shape = new long[n];
        for (int i = 0; i < n; i++) shape[i] = tensors[i].numel();
        if (swap) {
            long s = shape[0];
            shape[0] = shape[1];
            shape[1] = s;
        }
        Tensor[] out = new Tensor[n];
        for (int i = 0; i < n; i++) {
            int at = swap && i < 2 ? 1 - i : i;
            long[] view = new long[n];
            java.util.Arrays.fill(view, 1);
            view[at] = tensors[i].numel();
            out[i] = tensors[i].reshape(view).expand(shape);
        }
        return out;
    }

    /** {@code torch.diag(t, diagonal)}: a 1-d tensor onto that diagonal of a square matrix, or a matrix's diagonal as a new 1-d tensor. */
    public static Tensor diag(Tensor t, long diagonal) {
        if (t.dim() == 2) return t.diagonal(diagonal, 0, 1).clone();
        if (t.dim() != 1) throw new IllegalArgumentException("diag(): Supports 1D or 2D tensors. Got " + t.dim() + "D");
        long n = t.size(0) + Math.abs(diagonal);
        Tensor out = Creation.full(new long[] {n, n}, 0, t.dtype(), t.device());
        out.diagonal(diagonal, 0, 1).copy_(t);
        return out;
    }

    /**
     * {@code torch.cdist(x1, x2, p)}: the p-norm distance between every row of {@code x1 [..., P, M]} and of
     * {@code x2 [..., R, M]}, {@code [..., P, R]}. For p = 2 with more than 25 rows on either side it takes PyTorch's
     * matrix-product form ({@code sqrt(max(|a|^2 - 2ab + |b|^2, 1e-30))}, its default compute mode); otherwise the
     * norm of each difference.
     */
    public static Tensor cdist(Tensor x1, Tensor x2, double p) {
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.CDIST, a -> cdist(a[0], a[1], p), x1, x2);
        if (x1.dim() < 2 || x2.dim() < 2) {
            throw new IllegalArgumentException("cdist only supports at least 2D tensors, X1 got: " + x1.dim() + "D, X2 got: " + x2.dim() + "D");
        }
        if (x1.size(-1) != x2.size(-1)) {
            throw new IllegalArgumentException("X1 and X2 must have the same number of columns. X1: " + x1.size(-1) + " X2: " + x2.size(-1));
        }
        if (p < 0) throw new IllegalArgumentException("cdist only supports non-negative p values");
        for (Tensor x : new Tensor[] {x1, x2}) {
            if (!x.isFloatingPoint()) {
                throw new IllegalArgumentException("cdist only supports floating-point dtypes, " + (x == x1 ? "X1" : "X2") + " got: "
                        + x.dtype().scalarTypeName());
            }
        }
        if (p == 2 && (x1.size(-2) > 25 || x2.size(-2) > 25)) {
            Tensor n1 = x1.pow(2L).sum(new long[] {-1}, true), n2 = x2.pow(2L).sum(new long[] {-1}, true);
            Tensor a = Joining.cat(java.util.List.of(x1.mul(-2.0), n1, Creation.full(n1.shapeArray(), 1, n1.dtype(), n1.device())), -1);
            Tensor b = Joining.cat(java.util.List.of(x2, Creation.full(n2.shapeArray(), 1, n2.dtype(), n2.device()), n2), -1);
            return a.matmul(b.mT()).clampMin(1e-30).sqrt();
        }
        return x1.unsqueeze(-2).sub(x2.unsqueeze(-3)).norm(p, -1, false);
    }

    /** {@code torch.trace(t)}: the sum of a matrix's main diagonal. */
    public static Tensor trace(Tensor t) {
        if (t.dim() != 2) throw new IllegalArgumentException("trace: expected a matrix, but got tensor with dim " + t.dim());
        if (t.dtype() == dev.torch4j.DType.BOOL) throw new IllegalArgumentException("\"trace\" not implemented for 'Bool'");
        return t.diagonal(0, 0, 1).sum();
    }
}
