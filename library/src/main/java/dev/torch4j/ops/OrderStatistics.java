package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;
import dev.torch4j.core.Shapes;

/**
 * Order statistics over a sort: median (the lower of the two middle values, as PyTorch), kthvalue, quantile (PyTorch's
 * five interpolations), nanmedian, and the mean-and-spread pairs std_mean/var_mean and aminmax. Values keep the
 * sort's gradient (to the elements they came from).
 */
public final class OrderStatistics {
    private OrderStatistics() {}

    /** {@code torch.median(t)}: the lower median of all elements (NaN if any is NaN). */
    public static Tensor median(Tensor t) {
        if (t.isComplex()) throw ComplexOps.refused("median", t);
        if (t.dtype() == DType.BOOL) throw new IllegalArgumentException("\"median_cpu\" not implemented for 'Bool'");
        if (dev.torch4j.autograd.Graph.isRecording(t)) return evenly("MedianBackward0", t, () -> median(t));
        if (t.numel() == 0) {
            // NaN; in an integer dtype what x86 makes of NaN, as PyTorch's CPU kernel gives it (the "integer
            // indefinite" for int32/int64, 0 for the narrower ones)
            long v = t.dtype() == DType.INT64 ? Long.MIN_VALUE : t.dtype() == DType.INT32 ? Integer.MIN_VALUE : 0;
            return t.isFloatingPoint() ? Creation.full(new long[0], Double.NaN, t.dtype(), t.device())
                    : Creation.full(new long[0], v, t.dtype(), t.device());
        }
        Tensor flat = t.reshape(-1);
        Tensor v = kth(flat, (flat.numel() + 1) / 2, 0, false).values();
        return t.isFloatingPoint() ? v.where(flat.isnan().any().logicalNot(), Double.NaN) : v;  // a NaN makes the median NaN
    }

    /**
     * The median over all elements recorded as PyTorch records it: the gradient shared evenly among the elements
     * equal to it (or among the NaN when it is NaN), not sent to the one element a selection happened to pick.
     */
    private static Tensor evenly(String node, Tensor t, java.util.function.Supplier<Tensor> value) {
        return ReductionsGrad.evenlyDistributed(node, t, ReductionsGrad.untracked(value));
    }

    /** {@code torch.median(t, dim, keepdim)}: values and indices of the lower median along dim. */
    public static ValuesIndices median(Tensor t, long dim, boolean keepdim) {
        Nondeterministic.onCuda("median CUDA with indices output", t);
        if (t.dtype() == DType.BOOL) throw new IllegalArgumentException("\"median_out\" not implemented for 'Bool'");
        if (t.isComplex()) throw ComplexOps.refused("median", t);
        int d = Shapes.wrapDim("median", dim, t.dim());
        if (t.dim() == 0) return new ValuesIndices(t.clone(), Creation.full(new long[0], 0, DType.INT64, t.device()));
        ValuesIndices m = kth(t, (t.size(d) + 1) / 2, d, keepdim);
        if (!t.isFloatingPoint()) return m;
        // where a NaN is along dim the median is NaN, at the first NaN's index (PyTorch's); the values are gathered at
        // the indices, so the gradient goes to that NaN, as in PyTorch
        Tensor nan = t.isnan(), has = nan.any(d, true);
        Tensor idx = nan.to(DType.INT64).argmax(d, true).where(has, keepdim ? m.indices() : m.indices().unsqueeze(d));
        Tensor v = t.gather(d, idx);
        return keepdim ? new ValuesIndices(v, idx) : new ValuesIndices(v.squeeze(d), idx.squeeze(d));
    }

    /** {@code torch.kthvalue(t, k, dim, keepdim)}: the k-th smallest value (1-based) and its index; NaN sorts last. */
    public static ValuesIndices kthvalue(Tensor t, long k, long dim, boolean keepdim) {
        Nondeterministic.onCuda("kthvalue CUDA", t);
        return kth(t, k, dim, keepdim);
    }

    private static ValuesIndices kth(Tensor t, long k, long dim, boolean keepdim) {
        int d = t.dim() == 0 ? 0 : Shapes.wrapDim("kthvalue", dim, t.dim());
        long size = t.dim() == 0 ? 1 : t.size(d);
        if (k < 1 || k > size) throw new IllegalArgumentException("kthvalue(): selected number k out of range for dimension " + dim);
        if (t.dim() == 0) return new ValuesIndices(t.clone(), Creation.fullLong(new long[0], 0, DType.INT64, t.device()));
        ValuesIndices s = Sorting.sort(t, d, false, true);
        Tensor v = s.values().narrow(d, k - 1, 1), i = s.indices().narrow(d, k - 1, 1);
        return keepdim ? new ValuesIndices(v, i) : new ValuesIndices(v.squeeze(d), i.squeeze(d));
    }

    /**
     * {@code torch.quantile(t, q, dim, keepdim, interpolation)}: q in [0, 1] (a number or a 1-d tensor, then a new
     * leading dim), interpolation "linear", "lower", "higher", "midpoint" or "nearest"; NaN propagates.
     */
    public static Tensor quantile(Tensor t, Tensor q, Long dim, boolean keepdim, String interpolation) {
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException("quantile() input tensor must be either float or double dtype");
        }
        if (t.numel() == 0) throw new IllegalArgumentException("quantile() input tensor must be non-empty");
        double[] qs = q.cpu().toDoubleArray();
        for (double v : qs) if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("quantile() q values must be in the range [0, 1]");
        Tensor x = dim == null ? t.reshape(-1) : t;
        int d = dim == null ? 0 : Shapes.wrapDim("quantile", dim, t.dim());
        Tensor sorted = Sorting.sort(x, d, false, true).values();
        long n = x.size(d);
        Tensor[] parts = new Tensor[qs.length];
        for (int i = 0; i < qs.length; i++) {
            double pos = qs[i] * (n - 1);
            long lo = (long) Math.floor(pos), hi = (long) Math.ceil(pos);
            Tensor a = sorted.narrow(d, lo, 1), b = sorted.narrow(d, hi, 1);
            Tensor r = switch (interpolation) {
                case "linear" -> Arithmetic.lerp(a, b, pos - lo);   // PyTorch's lerp: lerp(x, inf, 0.5) is NaN there too
                case "lower" -> a;
                case "higher" -> b;
                case "midpoint" -> Arithmetic.lerp(a, b, 0.5);
                case "nearest" -> sorted.narrow(d, (long) Math.rint(pos), 1);
                default -> throw new IllegalArgumentException("quantile() interpolation must be one of linear, lower, higher, midpoint or "
                        + "nearest. Got " + interpolation);
            };
            // a NaN sorts last: it makes the quantile NaN, taken from there (PyTorch's ranks all go to the last
            // element then), so its gradient goes to that NaN
            Tensor hasNan = x.isnan().any(d, true);
            r = sorted.narrow(d, n - 1, 1).where(hasNan, r);
            if (dim == null) r = keepdim ? r.reshape(ones(t.dim())) : r.reshape(new long[0]);
            else if (!keepdim) r = r.squeeze(d);
            parts[i] = r;
        }
        return q.dim() == 0 ? parts[0] : Joining.stack(java.util.List.of(parts), 0);
    }

    private static long[] ones(int n) {
        long[] s = new long[n];
        java.util.Arrays.fill(s, 1);
        return s;
    }

    /** {@code torch.nanmedian(t)}: the lower median of the elements that are not NaN. */
    public static Tensor nanmedian(Tensor t) {
        if (dev.torch4j.autograd.Graph.isRecording(t)) return evenly("NanmedianBackward0", t, () -> nanmedian(t));
        Tensor flat = t.reshape(-1);
        long valid = flat.isnan().logicalNot().sum().itemLong();
        if (valid == 0) return flat.sum().mul(Double.NaN);
        return Sorting.sort(flat, 0, false, true).values().narrow(0, (valid - 1) / 2, 1).squeeze(0);
    }

    /**
     * {@code torch.nanmedian(t, dim, keepdim)}: values and indices of the lower median of each row's elements that are
     * not NaN. A row of NaN only gives NaN at index 0 (PyTorch gives the index where its selection left a NaN).
     */
    public static ValuesIndices nanmedian(Tensor t, long dim, boolean keepdim) {
        if (t.dim() == 0) {
            Shapes.wrapDim("nanmedian", dim, 1);
            return new ValuesIndices(t.clone(), Creation.fullLong(new long[0], 0, DType.INT64, t.device()));
        }
        int d = Shapes.wrapDim("nanmedian", dim, t.dim());
        if (t.size(d) == 0) {
            throw new IllegalArgumentException("median(): Expected reduction dim " + d + " to have non-zero size.");  // PyTorch names median()
        }
        if (!t.isFloatingPoint()) return median(t, d, keepdim);
        ValuesIndices s = Sorting.sort(t, d, false, true); // NaN sorts last
        Tensor valid = t.isnan().logicalNot().sum(new long[] {d}, true);
        Tensor at = valid.sub(1L).floorDivide(2L).relu(); // lower median; 0 for a row of NaN
        Tensor v = s.values().gather(d, at), i = s.indices().gather(d, at);
        return keepdim ? new ValuesIndices(v, i) : new ValuesIndices(v.squeeze(d), i.squeeze(d));
    }

    /** {@code torch.std_mean(t, dims, correction, keepdim)}: {@code {std, mean}}. */
    public static Tensor[] stdMean(Tensor t, long[] dims, double correction, boolean keepdim) {
        return new Tensor[] {Reductions.std(t, dims, correction, keepdim), Reductions.mean(t, dims, keepdim, null)};
    }

    /** {@code torch.var_mean(t, dims, correction, keepdim)}: {@code {var, mean}}. */
    public static Tensor[] varMean(Tensor t, long[] dims, double correction, boolean keepdim) {
        return new Tensor[] {Reductions.var(t, dims, correction, keepdim), Reductions.mean(t, dims, keepdim, null)};
    }

    /** {@code torch.aminmax(t, dim, keepdim)}: {@code {min, max}} (over all elements when dim is null). */
    public static Tensor[] aminmax(Tensor t, Long dim, boolean keepdim) {
        long[] dims = dim == null ? null : new long[] {dim};
        return new Tensor[] {Reductions.amin(t, dims, keepdim), Reductions.amax(t, dims, keepdim)};
    }

    /**
     * {@code torch.nanquantile(t, q, dim, keepdim, interpolation)}: {@link #quantile} over the elements that are not
     * NaN (each row its own count); NaN where a row has none.
     */
    public static Tensor nanquantile(Tensor t, Tensor q, Long dim, boolean keepdim, String interpolation) {
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException("nanquantile() input tensor must be either float or double dtype");
        }
        double[] qs = q.cpu().toDoubleArray();
        for (double v : qs) if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("quantile() q values must be in the range [0, 1]");
        if (!java.util.List.of("linear", "lower", "higher", "midpoint", "nearest").contains(interpolation)) {
            throw new IllegalArgumentException("quantile() interpolation must be one of linear, lower, higher, midpoint or nearest. Got "
                    + interpolation);
        }
        Tensor x = dim == null ? t.reshape(-1) : t;
        int d = dim == null ? 0 : Shapes.wrapDim("nanquantile", dim, t.dim());
        Tensor sorted = Sorting.sort(x, d, false, true).values(); // NaN sorts last
        Tensor valid = x.isnan().logicalNot().sum(new long[] {d}, true).to(sorted.dtype());
        Tensor last = valid.sub(1.0).clampMin(0.0);
        Tensor[] parts = new Tensor[qs.length];
        for (int i = 0; i < qs.length; i++) {
            Tensor pos = last.mul(qs[i]);
            Tensor lo = pos.floor(), hi = pos.ceil();
            Tensor a = sorted.gather(d, lo.to(DType.INT64)), b = sorted.gather(d, hi.to(DType.INT64));
            Tensor r = switch (interpolation) {
                case "linear" -> a.add(b.sub(a).mul(pos.sub(lo)));
                case "lower" -> a;
                case "higher" -> b;
                case "midpoint" -> a.add(b).mul(0.5);
                default -> sorted.gather(d, pos.round().to(DType.INT64)); // nearest: half to even, as quantile
            };
            r = r.where(valid.gt(0.0), Double.NaN);
            if (dim == null) r = keepdim ? r.reshape(ones(t.dim())) : r.reshape(new long[0]);
            else if (!keepdim) r = r.squeeze(d);
            parts[i] = r;
        }
        return q.dim() == 0 ? parts[0] : Joining.stack(java.util.List.of(parts), 0);
    }
}
