package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.core.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.torch4j.ops.ReductionsGrad.untracked;

/**
 * {@code tril}, {@code triu}, {@code flip} and {@code roll}: composed from masks, index selects and narrows, each
 * recorded as PyTorch's node ({@code TrilBackward0}, {@code TriuBackward0}, {@code FlipBackward0},
 * {@code RollBackward0}) whose backward is the same op on the gradient (so it is differentiable to any order).
 */
public final class Rearrange {
    private Rearrange() {}

    /** {@code torch.tril(t, diagonal)}: elements on and below the {@code diagonal}-th diagonal of the last two dims. */
    public static Tensor tril(Tensor t, long diagonal) { return triangle("tril", t, diagonal, true); }

    /** {@code torch.triu(t, diagonal)}: elements on and above the {@code diagonal}-th diagonal of the last two dims. */
    public static Tensor triu(Tensor t, long diagonal) { return triangle("triu", t, diagonal, false); }

    private static Tensor triangle(String op, Tensor t, long k, boolean lower) {
        if (t.dim() < 2) throw new IllegalArgumentException(op + ": input tensor must have at least 2 dimensions");
        if (!Graph.isRecording(t)) return triangleImpl(t, k, lower);
        Tensor r = untracked(() -> triangleImpl(t, k, lower));
        FnNode n = Graph.node(lower ? "TrilBackward0" : "TriuBackward0", t);
        return n.backward(g -> new Tensor[] {triangle(op, g[0], k, lower)}).output(r);
    }

    /** Keeps column - row <= k (lower) or >= k; zeros elsewhere, exactly (not x * 0, which makes inf into NaN). */
    private static Tensor triangleImpl(Tensor t, long k, boolean lower) {
        long rows = t.size(-2), cols = t.size(-1);
        Tensor r = Creation.arangeLong(0, rows, 1, DType.INT64, t.device()).unsqueeze(1);
        Tensor c = Creation.arangeLong(0, cols, 1, DType.INT64, t.device()).unsqueeze(0);
        Tensor offset = c.sub(r);
        Tensor keep = lower ? offset.le(k) : offset.ge(k);
        Tensor zero = Creation.full(new long[0], 0, t.dtype(), t.device());
        return Elementwise.where(keep, t, zero);
    }

    /** {@code torch.flip(t, dims)}: the order of the elements reversed along each of {@code dims}. */
    public static Tensor flip(Tensor t, long... dims) {
        if (t.dtype().isQuantized()) return Quantized.flip(t, dims);
        int[] ds = uniqueDims("flip", t, dims);
        if (!Graph.isRecording(t)) return flipImpl(t, ds);
        Tensor r = untracked(() -> flipImpl(t, ds));
        FnNode n = Graph.node("FlipBackward0", t);
        return n.backward(g -> new Tensor[] {flip(g[0], dims)}).output(r);
    }

    private static Tensor flipImpl(Tensor t, int[] dims) {
        Tensor r = t;
        for (int d : dims) {
            if (t.dim() == 0) break;   // a 0-d tensor's dim 0 (or -1) names the tensor itself: nothing to flip
            long n = t.size(d);
            if (n > 1) r = r.indexSelect(d, Creation.arangeLong(n - 1, -1, -1, DType.INT64, t.device()));
        }
        return r == t ? t.clone() : r;
    }

    private static int[] uniqueDims(String op, Tensor t, long[] dims) {
        int[] out = new int[dims.length];
        boolean[] seen = new boolean[Math.max(t.dim(), 1)];
        for (int i = 0; i < dims.length; i++) {
            out[i] = Shapes.wrapDim(op, dims[i], t.dim());
            if (seen[out[i]]) throw new IllegalArgumentException(op + ": dim " + out[i] + " appears multiple times in the list of dims");
            seen[out[i]] = true;
        }
        return out;
    }

    /**
     * {@code torch.roll(t, shifts, dims)}: elements shifted along each dim, those past the end coming back at the
     * start; with no dims, over the flattened tensor (its shape kept).
     */
    public static Tensor roll(Tensor t, long[] shifts, long[] dims) {
        if (shifts.length == 0) throw new IllegalArgumentException("roll: `shifts` required");
        if (dims.length == 0 && shifts.length != 1) {
            throw new IllegalArgumentException("roll: shifts and dimensions must align. shifts: " + shifts.length + ", dims:" + dims.length);
        }
        if (dims.length != 0 && shifts.length != dims.length) {
            throw new IllegalArgumentException("roll: shifts and dimensions must align. shifts: " + shifts.length + ", dims:" + dims.length);
        }
        int[] ds = new int[dims.length];
        for (int i = 0; i < dims.length; i++) ds[i] = Shapes.wrapDim("roll", dims[i], t.dim());
        if (!Graph.isRecording(t)) return rollImpl(t, shifts, ds);
        Tensor r = untracked(() -> rollImpl(t, shifts, ds));
        FnNode n = Graph.node("RollBackward0", t);
        long[] back = Arrays.stream(shifts).map(s -> -s).toArray();
        return n.backward(g -> new Tensor[] {roll(g[0], back, dims)}).output(r);
    }

    private static Tensor rollImpl(Tensor t, long[] shifts, int[] dims) {
        if (dims.length == 0) return rollImpl(t.flatten(), shifts, new int[] {0}).view(t.shapeArray());
        Tensor r = t;
        for (int i = 0; i < dims.length; i++) {
            long n = t.size(dims[i]);
            if (n == 0) continue;
            long s = Math.floorMod(shifts[i], n);
            if (s == 0) continue;
            List<Tensor> parts = new ArrayList<>(List.of(r.narrow(dims[i], n - s, s), r.narrow(dims[i], 0, n - s)));
            r = Joining.cat(parts, dims[i]);
        }
        return r == t ? t.clone() : r;
    }

    /**
     * {@code torch.isclose(a, b, rtol, atol, equal_nan)}: {@code |a - b| <= atol + rtol * |b|} elementwise, or
     * equal (infinities of one sign), or both NaN when {@code equalNan}; PyTorch's rule, a bool tensor. Integer
     * inputs are compared in the default floating dtype, as PyTorch does.
     */
    public static Tensor isclose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("isclose: " + a.dtype().scalarTypeName() + " did not match " + b.dtype().scalarTypeName());
        }
        if (rtol < 0) throw new IllegalArgumentException("isclose: rtol must be greater than or equal to zero, but got " + rtol);
        if (atol < 0) throw new IllegalArgumentException("isclose: atol must be greater than or equal to zero, but got " + atol);
        if (a.isComplex()) return untracked(() -> ComplexSelection.isclose(a, b, rtol, atol, equalNan));
        return untracked(() -> {
            Tensor close = a.eq(b);
            if (equalNan && a.isFloatingPoint()) close = close.logicalOr(a.isnan().logicalAnd(b.isnan()));
            if (rtol == 0 && atol == 0) return close;
            Tensor x = a.isFloatingPoint() ? a : a.to(dev.torch4j.core.Defaults.floatDType());
            Tensor y = b.isFloatingPoint() ? b : b.to(dev.torch4j.core.Defaults.floatDType());
            Tensor actual = x.sub(y).abs();
            Tensor allowed = y.mul(rtol).abs().add(atol);
            return close.logicalOr(actual.isfinite().logicalAnd(actual.le(allowed)));
        });
    }
}
