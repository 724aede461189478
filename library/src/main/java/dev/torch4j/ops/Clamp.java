package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.backend.BinaryOp;
import dev.torch4j.core.TypePromotion;

import static dev.torch4j.ops.ReductionsGrad.untracked;

/**
 * {@code clamp}, {@code clamp_min}, {@code clamp_max} and {@code clamp_}: {@code min(max(x, min), max)} (so max
 * wins when min > max, and NaN propagates), with PyTorch's type promotion and derivatives: the gradient passes
 * where {@code min <= x <= max}, bounds included ({@code ClampBackward1}, {@code ClampMinBackward0},
 * {@code ClampMaxBackward0}); with tensor bounds ({@code ClampBackward0}) the bounds get the gradient where they
 * were the result.
 */
public final class Clamp {
    private Clamp() {}

    private static void checkBounds(Object min, Object max) {
        if (min == null && max == null) throw new IllegalArgumentException("clamp: At least one of 'min' or 'max' must not be None");
    }

    /** {@code torch.clamp(t, min, max)} with Java number bounds, either of which may be null (not both). */
    public static Tensor clamp(Tensor t, Double min, Double max) {
        if (t.isComplex()) throw ComplexOps.refused("clamp", t);
        checkBounds(min, max);
        if (Graph.isRecording(t)) {
            Tensor r = untracked(() -> clamp(t, min, max));
            if (!r.dtype().isFloatingPoint()) return r;
            FnNode n = Graph.node("ClampBackward1", t);
            SavedTensor s = n.save(t);
            return n.backward(g -> new Tensor[] {passWhere(g[0], inside(s.get(), min, max))}).output(r);
        }
        // a Java number bound promotes like a Python number: an integer tensor clamps to the default float dtype
        DType rt = TypePromotion.resultType(Elementwise.operand(t), new TypePromotion.Operand(DType.FLOAT64, TypePromotion.Kind.WRAPPED_SCALAR));
        if (min != null && max != null && t.dtype() == rt) {
            Tensor one = Fused.clamp(t, min, max);   // one pass where the backend has it: the same max-then-min
            if (one != null) return one;
        }
        Tensor r = t;
        if (min != null) r = Elementwise.binary(BinaryOp.MAXIMUM, r, bound(min, rt, t.device()), null);
        if (max != null) r = Elementwise.binary(BinaryOp.MINIMUM, r, bound(max, rt, t.device()), null);
        return r;
    }

    /** {@code torch.clamp_min(t, min)}: recorded as {@code ClampMinBackward0}. */
    public static Tensor clampMin(Tensor t, double min) { return oneSided("ClampMinBackward0", t, min, null); }

    /** {@code torch.clamp_max(t, max)}: recorded as {@code ClampMaxBackward0}. */
    public static Tensor clampMax(Tensor t, double max) { return oneSided("ClampMaxBackward0", t, null, max); }

    /** clamp_min / clamp_max: the clamp itself under their own node names. */
    private static Tensor oneSided(String name, Tensor t, Double min, Double max) {
        if (!Graph.isRecording(t)) return clamp(t, min, max);
        Tensor r = untracked(() -> clamp(t, min, max));
        FnNode n = Graph.node(name, t);
        SavedTensor s = n.save(t);
        return n.backward(g -> new Tensor[] {passWhere(g[0], inside(s.get(), min, max))}).output(r);
    }

    /** {@code t.clamp_(min, max)} in place. */
    public static Tensor clamp_(Tensor t, double min, double max) {
        if (!Graph.isRecording(t)) return t.copy_(clamp(t, min, max));
        Graph.checkInplace("clamp_", t);
        return Graph.commitInplace(t, clamp(t, min, max));
    }

    /** {@code torch.clamp(t, min, max)} with tensor bounds (broadcast; either may be null, not both). */
    public static Tensor clamp(Tensor t, Tensor min, Tensor max) {
        if (t.isComplex()) throw ComplexOps.refused("clamp", t);
        checkBounds(min, max);
        if (Graph.isRecording(t, min, max)) {
            Tensor r = untracked(() -> clamp(t, min, max));
            if (!r.dtype().isFloatingPoint()) return r;
            FnNode n = Graph.node("ClampBackward0", t, min, max);
            SavedTensor st = n.save(t);
            SavedTensor smin = min == null ? null : n.save(min), smax = max == null ? null : n.save(max);
            return n.backward(gs -> {
                Tensor g = gs[0], x = st.get();
                Tensor lo = smin == null ? null : smin.get(), hi = smax == null ? null : smax.get();
                Tensor gx = null, gmin = null, gmax = null;
                if (n.needsInputGrad(0)) {
                    Tensor in = lo == null ? x.le(hi) : hi == null ? x.ge(lo) : x.ge(lo).logicalAnd(x.le(hi));
                    gx = passWhere(g, in);
                }
                // a bound gets the gradient where it was the result (min loses to max when min > max)
                if (lo != null && n.needsInputGrad(1)) gmin = passWhere(g, hi == null ? x.lt(lo) : x.lt(lo).logicalAnd(lo.lt(hi)));
                if (hi != null && n.needsInputGrad(2)) gmax = passWhere(g, lo == null ? x.gt(hi) : x.gt(hi).logicalOr(hi.lt(lo)));
                return new Tensor[] {gx, gmin, gmax};
            }).output(r);
        }
        Tensor r = t;
        if (min != null) r = Elementwise.binary(BinaryOp.MAXIMUM, r, min, null);
        if (max != null) r = Elementwise.binary(BinaryOp.MINIMUM, r, max, null);
        return r;
    }

    private static Tensor bound(double v, DType dtype, Device device) { return Creation.full(new long[0], v, dtype, device); }

    /** {@code min <= x <= max} for the bounds given. */
    private static Tensor inside(Tensor x, Double min, Double max) {
        if (min == null) return x.le(max);
        if (max == null) return x.ge(min);
        return x.ge(min).logicalAnd(x.le(max));
    }

    /** The gradient where {@code mask}, zero elsewhere. */
    private static Tensor passWhere(Tensor g, Tensor mask) {
        return Elementwise.where(mask, g, Creation.full(new long[0], 0, g.dtype(), g.device()));
    }
}
