package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.core.ScalarConversion;

/** Copies between dtypes, devices and layouts. */
public final class Conversions {
    private Conversions() {}

    /** A copy of {@code t} with the given dtype and device, or {@code t} itself when both already match. */
    public static Tensor to(Tensor t, DType dtype, Device device) {
        if (t.dtype() == dtype && t.device().equals(device)) return t;
        Tensor out = Dispatch.empty(t.shapeArray(), dtype, device);
        copyInto(out, t);
        return out;
    }

    /** A contiguous copy with the same dtype and device ({@code clone()}). */
    public static Tensor clone(Tensor t) {
        Tensor out = Dispatch.empty(t.shapeArray(), t.dtype(), t.device());
        copyInto(out, t);
        return out;
    }

    /** {@code dst.copy_(src)}: broadcasts src to dst's shape and converts its dtype. */
    public static Tensor copyInto(Tensor dst, Tensor src) {
        Elementwise.checkNoInternalOverlap("copy_", dst);
        var s = Elementwise.broadcastTo("copy_", src, dst.shapeArray());
        if (!dst.device().equals(src.device())) {
            // cross-device copies go through the CPU until device-to-device transfers exist
            throw new UnsupportedOperationException("copy_: copies between " + src.device() + " and " + dst.device()
                    + " are not supported yet");
        }
        if (Elementwise.aliasesDifferently(src, dst)) {
            s = Elementwise.broadcastTo("copy_", src.clone(), dst.shapeArray());
        }
        Dispatch.backend(dst.device()).copy(dst.strided(), s);
        dst.storage().bumpVersion();
        return dst;
    }

    /** {@code t.fill_(value)}. */
    public static Tensor fill(Tensor t, double value) {
        Elementwise.checkNoInternalOverlap("fill_", t);
        if (ScalarConversion.overflows(value, t.dtype())) {
            throw new IllegalArgumentException(ScalarConversion.overflowMessage("fill_", value, t.dtype()));
        }
        Dispatch.backend(t.device()).fill(t.strided(), value);
        t.storage().bumpVersion();
        return t;
    }
}
