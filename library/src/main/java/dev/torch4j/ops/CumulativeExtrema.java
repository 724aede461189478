package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.core.Shapes;

import java.util.List;

/**
 * {@code cummax} and {@code cummin}: the running maximum (minimum) along a dim and where it was found. Composed of
 * elementwise ops, so every backend runs it: a Hillis-Steele scan (log2(n) steps) over (value, index) pairs with
 * the associative combine "the later pair wins when its value is NaN, or when neither is NaN and its value is at
 * least (at most) the earlier one". That is PyTorch's sequential rule: a tie moves the index to the later element,
 * and a NaN, once seen, stays, its index moving to each later NaN.
 */
public final class CumulativeExtrema {
    private CumulativeExtrema() {}

    /** {@code torch.cummax(x, dim)} ({@code max}) or {@code torch.cummin(x, dim)}. */
    public static ValuesIndices cumulative(Tensor x, long dim, boolean max) {
        String name = max ? "cummax" : "cummin";
        if (x.isComplex()) throw ComplexOps.refused(name, x);
        int d = Shapes.wrapDim(name, dim, Math.max(x.dim(), 1));
        Tensor idx;
        try (var g = GradMode.noGrad()) {
            Tensor v = x.dim() == 0 ? x.detach().reshape(1) : x.detach();
            idx = positions(v, d);
            long n = v.size(d);
            for (long k = 1; k < n; k <<= 1) {
                Tensor vl = v.narrow(d, 0, n - k), vr = v.narrow(d, k, n - k);
                Tensor later = vr.isnan().logicalOr(vl.isnan().logicalNot().logicalAnd(max ? vr.ge(vl) : vr.le(vl)));
                v = Joining.cat(List.of(v.narrow(d, 0, k), vr.where(later, vl)), d);
                idx = Joining.cat(List.of(idx.narrow(d, 0, k), idx.narrow(d, k, n - k).where(later, idx.narrow(d, 0, n - k))), d);
            }
            if (x.dim() == 0) idx = idx.reshape(new long[0]);
        }
        return new ValuesIndices(select(max ? "CummaxBackward0" : "CumminBackward0", x, d, idx, true), idx);
    }

    /** int64 positions {@code 0..n-1} along dim d, expanded to v's shape (contiguous, on v's device). */
    static Tensor positions(Tensor v, int d) {
        long[] shape = v.shapeArray(), col = new long[shape.length];
        java.util.Arrays.fill(col, 1);
        col[d] = shape[d];
        return Creation.arangeLong(0, shape[d], 1, DType.INT64, v.device()).reshape(col).expand(shape).contiguous();
    }

    /**
     * The elements of x at {@code idx} along dim d ({@code gather}; with {@code keepdim} false, idx lacks dim d),
     * recorded as one node {@code name} whose derivative scatter-adds the gradient back to those positions (PyTorch's
     * {@code cummaxmin_backward} and {@code value_selecting_reduction_backward}).
     */
    static Tensor select(String name, Tensor x, int d, Tensor idx, boolean keepdim) {
        if (x.dim() == 0) return x.clone();
        Tensor full = keepdim ? idx : idx.unsqueeze(d);
        if (!x.isFloatingPoint() || !Graph.isRecording(x)) {
            Tensor v = x.gather(d, full);
            return keepdim ? v : v.squeeze(d);
        }
        Tensor out;
        try (var g = GradMode.noGrad()) {
            Tensor v = x.gather(d, full);
            out = keepdim ? v : v.squeeze(d);
        }
        FnNode n = Graph.node(name, x);
        SavedTensor si = n.save(full);
        long[] shape = x.shapeArray();
        return n.backward(gs -> {
            Tensor grad = keepdim ? gs[0] : gs[0].unsqueeze(d);
            return new Tensor[] {Creation.full(shape, 0, grad.dtype(), grad.device()).scatterAdd(d, si.get(), grad)};
        }).output(out);
    }
}
