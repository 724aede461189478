package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.core.Shapes;

import java.util.Arrays;

/**
 * {@code unique}, {@code bincount}, {@code bucketize} and {@code searchsorted}: integer-valued results with no
 * derivative, computed over the elements on the host (a GPU tensor's elements are copied there and the results
 * moved back; {@code unique} sorts on the device first).
 */
public final class Counting {
    private Counting() {}

    /**
     * {@code torch.unique(t, sorted=True, return_inverse, return_counts)} over all elements: the distinct values in
     * ascending order, then (when asked) each element's index among them (shaped like {@code t}) and each value's
     * count.
     */
    public static Tensor[] unique(Tensor t, boolean returnInverse, boolean returnCounts) {
        // the backend's stable sort orders the elements (on their device); the host only finds where runs begin
        dev.torch4j.ValuesIndices sorted = Sorting.sort(t.detach().reshape(-1), 0, false, true);
        int n = Math.toIntExact(t.numel());
        boolean floating = t.isFloatingPoint();
        double[] dv = floating ? sorted.values().cpu().toDoubleArray() : null;
        long[] lv = floating ? null : sorted.values().cpu().toLongArray();
        long[] order = sorted.indices().cpu().toLongArray();
        long[] inverse = new long[n], firstAt = new long[n], counts = new long[n];
        int distinct = 0;
        for (int k = 0; k < n; k++) {
            // -0.0 equals 0.0 (the first in the input stands for both, as in PyTorch); NaNs stay merged
            boolean same = k > 0 && (floating ? dv[k] == dv[k - 1] || Double.compare(dv[k], dv[k - 1]) == 0 : lv[k] == lv[k - 1]);
            if (!same) firstAt[distinct++] = k;
            inverse[(int) order[k]] = distinct - 1;
            counts[distinct - 1]++;
        }
        Tensor at = Creation.wrap(Arrays.copyOf(firstAt, distinct), new long[] {distinct}, DType.INT64).to(t.device());
        Tensor values = sorted.values().indexSelect(0, at);
        int outs = 1 + (returnInverse ? 1 : 0) + (returnCounts ? 1 : 0), k = 0;
        Tensor[] out = new Tensor[outs];
        out[k++] = values;
        if (returnInverse) out[k++] = Creation.wrap(inverse, t.shapeArray(), DType.INT64).to(t.device());
        if (returnCounts) out[k] = Creation.wrap(Arrays.copyOf(counts, distinct), new long[] {distinct}, DType.INT64).to(t.device());
        return out;
    }

    /**
     * {@code torch.unique(t, dim=dim, return_inverse=..., return_counts=...)}: the distinct slices along dim in
     * lexicographic order, each slice's group (when asked) and each group's size (when asked).
     */
    public static Tensor[] uniqueDim(Tensor t, long dim, boolean returnInverse, boolean returnCounts) {
        if (t.dim() == 0) throw new IndexOutOfBoundsException("Dimension specified as " + dim + " but tensor has no dimensions");
        int d = Shapes.wrapDim("unique", dim, t.dim());
        long[] sh = t.shapeArray();
        int zeros = 0;
        for (long s : sh) if (s == 0) zeros++;
        int outs = 1 + (returnInverse ? 1 : 0) + (returnCounts ? 1 : 0), k = 0;
        Tensor[] out = new Tensor[outs];
        if (sh[d] == 0) {   // PyTorch's shortcut: the empty tensor itself, empty inverse and counts
            if (zeros > 1) throw new IllegalArgumentException("Number of zero sized dimensions is more than one, so unique cannot be applied ");
            out[k++] = Dispatch.empty(sh, t.dtype(), t.device());
            if (returnInverse) out[k++] = Creation.fullLong(new long[] {0}, 0, DType.INT64, t.device());
            if (returnCounts) out[k] = Creation.fullLong(new long[] {0}, 0, DType.INT64, t.device());
            return out;
        }
        if (zeros > 0) throw new IllegalArgumentException("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied");
        int n = Math.toIntExact(sh[d]);
        Tensor rows = t.detach().movedim(d, 0).reshape(n, -1);
        int m = Math.toIntExact(rows.size(1));
        boolean floating = t.isFloatingPoint();
        double[] dv = floating ? rows.cpu().toDoubleArray() : null;
        long[] lv = floating ? null : rows.cpu().toLongArray();
        java.util.Comparator<Integer> lex = (a, b) -> {
            for (int j = 0; j < m; j++) {
                int c = floating ? (dv[a * m + j] == dv[b * m + j] ? 0 : Double.compare(dv[a * m + j], dv[b * m + j]))
                        : Long.compare(lv[a * m + j], lv[b * m + j]);
                if (c != 0) return c;
            }
            return 0;
        };
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, lex);
        long[] inverse = new long[n], firstAt = new long[n], counts = new long[n];
        int groups = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || lex.compare(order[i], order[i - 1]) != 0) firstAt[groups++] = order[i];
            inverse[order[i]] = groups - 1;
            counts[groups - 1]++;
        }
        Tensor at = Creation.wrap(Arrays.copyOf(firstAt, groups), new long[] {groups}, DType.INT64).to(t.device());
        out[k++] = t.detach().indexSelect(d, at);
        if (returnInverse) out[k++] = Creation.wrap(inverse, new long[] {n}, DType.INT64).to(t.device());
        if (returnCounts) out[k] = Creation.wrap(Arrays.copyOf(counts, groups), new long[] {groups}, DType.INT64).to(t.device());
        return out;
    }

    /** {@code torch.bincount(t, weights, minlength)}: how often each non-negative integer occurs (or its summed weights). */
    public static Tensor bincount(Tensor t, Tensor weights, long minlength) {
        Nondeterministic.onCuda("_bincount_cuda", t);
        if (t.dim() != 1 || t.isFloatingPoint() || t.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("bincount only supports 1-d non-negative integral inputs, got " + t.dtype().pyName() + " "
                    + Shapes.str(t.shapeArray()));
        }
        if (minlength < 0) throw new IllegalArgumentException("bincount: minlength should be >= 0");
        // PyTorch (1.13 and 2.x) answers an empty input with int64 zeros before it looks at the weights
        if (t.numel() == 0) return Creation.full(new long[] {minlength}, 0, DType.INT64, t.device());
        if (weights != null && (weights.dim() != 1 || weights.size(0) != t.size(0))) {
            throw new IllegalArgumentException("bincount: weights should be 1-d and have the same length as input");
        }
        long[] v = t.cpu().toLongArray();
        long max = -1;
        for (long x : v) {
            if (x < 0) throw new IllegalArgumentException("bincount only supports 1-d non-negative integral inputs.");
            max = Math.max(max, x);
        }
        int len = Math.toIntExact(Math.max(max + 1, minlength));
        if (weights == null) {
            long[] c = new long[len];
            for (long x : v) c[(int) x]++;
            return Creation.wrap(c, new long[] {len}, DType.INT64).to(t.device());
        }
        double[] w = weights.cpu().toDoubleArray(), c = new double[len];
        for (int i = 0; i < v.length; i++) c[(int) v[i]] += w[i];
        DType out = weights.dtype() == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64; // PyTorch: float for float weights, else double
        return Creation.wrap(c, new long[] {len}, DType.FLOAT64).to(out).to(t.device());
    }

    /**
     * {@code torch.searchsorted(sorted_sequence, values, right)}: for each value, the index where it would be inserted
     * to keep the sequence sorted (before equal elements, or after them with {@code right}); a sequence of more than
     * one dim is searched row by row, its leading dims matching those of {@code values}.
     */
    public static Tensor searchsorted(Tensor sequence, Tensor values, boolean right) {
        if (sequence.dim() == 0) throw new IllegalArgumentException("searchsorted: boundaries tensor should have positive dimension, but got 0 dimension");
        long m = sequence.size(-1);
        if (sequence.dim() > 1) {
            long[] lead = Arrays.copyOf(sequence.shapeArray(), sequence.dim() - 1);
            long[] vlead = values.dim() == 0 ? new long[0] : Arrays.copyOf(values.shapeArray(), values.dim() - 1);
            if (!Arrays.equals(lead, vlead)) {
                throw new IllegalArgumentException("searchsorted: boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries "
                        + "tensor and input value tensor must match, but we got boundaries tensor " + Shapes.str(sequence.shapeArray())
                        + " and input value tensor " + Shapes.str(values.shapeArray()));
            }
        }
        // both in PyTorch's result type first (a 0-d int16 value against uint8 boundaries is cast to uint8)
        DType common = Elementwise.resultType(sequence, values);
        if (sequence.dtype() != common) sequence = sequence.to(common);
        if (values.dtype() != common) values = values.to(common);
        // integers compared as longs (doubles would merge neighbours near 2^63)
        boolean exact = !sequence.isFloatingPoint() && !values.isFloatingPoint();
        double[] seq = exact ? null : sequence.cpu().toDoubleArray(), v = exact ? null : values.cpu().toDoubleArray();
        long[] seqL = exact ? sequence.cpu().toLongArray() : null, vL = exact ? values.cpu().toLongArray() : null;
        int n = exact ? vL.length : v.length;
        long perRow = sequence.dim() > 1 ? values.size(-1) : n;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            int row = sequence.dim() > 1 ? (int) (i / perRow) : 0;
            int lo = (int) (row * m), hi = (int) (lo + m), base = lo;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                // PyTorch's !(mid >= v) / !(mid > v): a NaN value goes past every boundary
                boolean goRight = exact ? (right ? seqL[mid] <= vL[i] : seqL[mid] < vL[i])
                        : right ? !(seq[mid] > v[i]) : !(seq[mid] >= v[i]);
                if (goRight) lo = mid + 1;
                else hi = mid;
            }
            out[i] = lo - base;
        }
        return Creation.wrap(out, values.shapeArray(), DType.INT64).to(values.device());
    }

    /** {@link #searchsorted(Tensor, Tensor, boolean)} with PyTorch's side and sorter arguments (either may be null). */
    public static Tensor searchsorted(Tensor sequence, Tensor values, boolean right, String side, Tensor sorter) {
        if (side != null) {
            if (!side.equals("left") && !side.equals("right")) {
                throw new IllegalArgumentException("torch.searchsorted(): side can only be 'left' or 'right' but got " + side);
            }
            if (right && !side.equals("right")) {
                throw new IllegalArgumentException("torch.searchsorted(): side and right can't be set to opposites, got side of " + side
                        + " while right was True");
            }
            right = side.equals("right");
        }
        if (sorter != null) {
            Dispatch.sameDevice("searchsorted", sequence, sorter);
            if (!Arrays.equals(sorter.shapeArray(), sequence.shapeArray())) {
                throw new IllegalArgumentException("torch.searchsorted(): boundary and sorter must have the same size, but got boundary tensor "
                        + Shapes.str(sequence.shapeArray()) + "and got sorter tensor " + Shapes.str(sorter.shapeArray()));
            }
            if (sorter.dtype() != DType.INT64) {
                throw new IllegalArgumentException("torch.searchsorted(): sorter must be a tensor of long dtype but got dtype "
                        + sorter.dtype().scalarTypeName());
            }
            if (sorter.numel() > 0) {
                long lo = sorter.min().itemLong(), hi = sorter.max().itemLong();
                if (lo < 0 || hi >= sorter.size(-1)) throw new IllegalArgumentException("torch.searchsorted(): sorter index out of range");
            }
            if (sequence.dim() > 0) sequence = sequence.gather(-1, sorter);
        }
        return searchsorted(sequence, values, right);
    }

    /** {@code torch.bucketize(t, boundaries, right)}: {@link #searchsorted} with the arguments swapped, 1-d boundaries. */
    public static Tensor bucketize(Tensor t, Tensor boundaries, boolean right) {
        if (boundaries.dim() != 1) throw new IllegalArgumentException("bucketize: boundaries tensor must be 1 dimension, but got dim(" + boundaries.dim() + ")");
        return searchsorted(boundaries, t, right);
    }

    /**
     * {@code torch.histc(input, bins, min, max)}: counts in {@code bins} equal bins over [min, max] (both 0: the
     * data's range, widened by 1 each side if it is one value); elements outside are ignored; the input's dtype.
     */
    public static Tensor histc(Tensor t, long bins, double min, double max) {
        Nondeterministic.onCuda("_histc_cuda", t);
        if (!t.isFloatingPoint()) throw new IllegalArgumentException("torch.histc: input tensor must be floating point, got " + t.dtype());
        if (bins <= 0) throw new IllegalArgumentException("torch.histc(): bins must be > 0, but got " + bins + " for dimension 0");
        if (min > max) throw new IllegalArgumentException("torch.histc(): max must be larger than min");
        Tensor flat = t.detach().reshape(-1);
        double lo = min, hi = max;
        if (lo == hi && flat.numel() > 0) {
            lo = flat.min().item();
            hi = flat.max().item();
        }
        if (lo == hi) {   // in the input's precision: float32 -1e30 +- 1 stays -1e30, and PyTorch then refuses the range
            boolean single = t.dtype() == DType.FLOAT32;
            lo = single ? (float) (lo - 1) : lo - 1;
            hi = single ? (float) (hi + 1) : hi + 1;
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("torch.histc(): range of [" + lo + ", " + hi + "] is not finite");
        }
        if (!(lo < hi)) throw new IllegalArgumentException("torch.histc: max must be larger than min");
        Tensor inside = flat.ge(lo).logicalAnd(flat.le(hi));
        Tensor x = flat.maskedSelect(inside);
        // the bin as PyTorch computes it, in the input's precision; the top edge joins the last bin
        // (x - lo) / (hi - lo) * bins in that order, each step rounded to the input's precision, edges included
        boolean single = t.dtype() == DType.FLOAT32;
        double range = single ? (float) ((float) hi - (float) lo) : hi - lo;
        Tensor idx = x.sub(single ? (float) lo : lo).div(range).mul((double) bins).to(DType.INT64);
        idx = idx.maskedFill(idx.ge(bins), bins - 1);
        return bincount(idx, null, bins).to(t.dtype());
    }
}
