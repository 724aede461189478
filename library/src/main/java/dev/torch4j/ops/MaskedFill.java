package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.core.ScalarConversion;
import dev.torch4j.core.Shapes;

import static dev.torch4j.ops.ReductionsGrad.untracked;

/**
 * {@code masked_fill} and {@code masked_fill_}: elements where a bool mask is true replaced by a value. Recorded
 * as {@code MaskedFillBackward0} (scalar value: the gradient is zero where the mask is set) and
 * {@code MaskedFillBackward1} (0-d tensor value, which gets the sum of the gradient where the mask is set).
 */
public final class MaskedFill {
    private MaskedFill() {}

    /** {@code t.masked_fill(mask, value)}: t and mask broadcast together. */
    public static Tensor maskedFill(Tensor t, Tensor mask, double value) {
        checkMask("masked_fill", mask);
        if (ScalarConversion.overflows(value, t.dtype())) {
            throw new IllegalArgumentException(ScalarConversion.overflowMessage("masked_fill", value, t.dtype()));
        }
        if (t.isComplex()) return Elementwise.where(mask, Creation.full(new long[0], value, t.dtype(), t.device()), t);
        if (Graph.isRecording(t)) {
            Tensor r = untracked(() -> maskedFill(t, mask, value));
            if (!r.dtype().isFloatingPoint()) return r;
            FnNode n = Graph.node("MaskedFillBackward0", t);
            SavedTensor sm = n.save(mask);
            return n.backward(g -> new Tensor[] {g[0].maskedFill(sm.get(), 0.0)}).output(r);
        }
        return Elementwise.where(mask, Creation.full(new long[0], value, t.dtype(), t.device()), t);
    }

    /** {@code t.masked_fill(mask, value)} with a 0-d tensor value (cast to t's dtype). */
    public static Tensor maskedFill(Tensor t, Tensor mask, Tensor value) {
        checkMask("masked_fill", mask);
        if (value.dim() != 0) {
            throw new IllegalArgumentException("masked_fill only supports a 0-dimensional value tensor, but got tensor with "
                    + value.dim() + " dimension(s).");
        }
        if (t.isComplex()) return Elementwise.where(mask, value.to(t.dtype()), t);
        if (value.isComplex()) {
            // PyTorch refuses it (a cast would drop the imaginary part)
            throw new IllegalArgumentException("masked_fill: value cannot be converted to type "
                    + dev.torch4j.core.ScalarConversion.cppName(t.dtype()) + " without overflow");
        }
        if (Graph.isRecording(t, value)) {
            Tensor r = untracked(() -> maskedFill(t, mask, value));
            if (!r.dtype().isFloatingPoint()) return r;
            FnNode n = Graph.node("MaskedFillBackward1", t, value);
            SavedTensor sm = n.save(mask);
            return n.backward(gs -> {
                Tensor g = gs[0], m = sm.get();
                Tensor zero = Creation.full(new long[0], 0, g.dtype(), g.device());
                return new Tensor[] {
                        n.needsInputGrad(0) ? g.maskedFill(m, 0.0) : null,
                        n.needsInputGrad(1) ? Elementwise.where(m, g, zero).sum() : null};
            }).output(r);
        }
        return Elementwise.where(mask, value.to(t.dtype()), t);
    }

    /** {@code t.masked_fill_(mask, value)}: in place, so mask must broadcast to t's shape. */
    public static Tensor maskedFill_(Tensor t, Tensor mask, double value) {
        checkMask("masked_fill_", mask);
        long[] b = Shapes.broadcast("masked_fill_", t.shapeArray(), mask.shapeArray());
        if (!java.util.Arrays.equals(b, t.shapeArray())) {
            throw new IllegalArgumentException("masked_fill_: output with shape " + Shapes.str(t.shapeArray())
                    + " doesn't match the broadcast shape " + Shapes.str(b));
        }
        Elementwise.warnIfInternalOverlap("masked_fill_", t, "tensor[mask] = scalar");
        if (!Graph.isRecording(t)) {
            long[] sh = t.shapeArray(), st = t.stride();
            Tensor target = t, m = mask;
            for (int i = 0; i < sh.length; i++) {
                // an expanded dim (PyTorch only warns there): its one element takes the value where any mask along it is true
                if (st[i] == 0 && sh[i] > 1) {
                    if (m == mask) m = mask.expand(sh);
                    m = m.any(i, true);
                    target = target.narrow(i, 0, 1);
                }
            }
            target.copy_(maskedFill(target, m, value));
            return t;
        }
        Graph.checkInplace("masked_fill_", t);
        return Graph.commitInplace(t, maskedFill(t, mask, value), true);
    }

    private static void checkMask(String op, Tensor mask) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(op + " only supports boolean masks, but got mask with dtype " + mask.dtype());
        }
    }
}
