package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.backend.Strided;
import dev.torch4j.backend.cuda.CudaHost;
import dev.torch4j.core.ScalarConversion;

/** Copies between dtypes, devices and layouts. */
public final class Conversions {
    private Conversions() {}

    /** A copy of {@code t} with the given dtype and device, or {@code t} itself when both already match. */
    public static Tensor to(Tensor t, DType dtype, Device device) {
        if (t.dtype() == dtype && t.device().equals(device)) return t;
        if (t.isComplex() || dtype.isComplex()) return ComplexOps.to(t, dtype, device);
        Tensor out = Dispatch.empty(t.shapeArray(), dtype, device);
        copyRaw(out, t);
        if (!Graph.isRecording(t) || !dtype.isFloatingPoint()) return out;
        Device from = t.device();
        // the gradient goes back to the source's device (the engine casts its dtype)
        return Graph.node("ToCopyBackward0", t).backward(g -> new Tensor[] {g[0].to(from)}).output(out);
    }

    /** Records {@code out} as a copy of {@code t} whose gradient passes straight back (cast by the engine). */
    private static Tensor passThrough(String name, Tensor t, Tensor out) {
        return Graph.node(name, t).backward(g -> new Tensor[] {g[0]}).output(out);
    }

    /** A contiguous copy with the same dtype and device ({@code clone()}). */
    public static Tensor clone(Tensor t) {
        if (t.isComplex()) return ComplexOps.clone(t);
        Tensor out = Dispatch.empty(t.shapeArray(), t.dtype(), t.device());
        copyRaw(out, t);
        return Graph.isRecording(t) ? passThrough("CloneBackward0", t, out) : out;
    }

    /** {@code dst.copy_(src)}: broadcasts src to dst's shape and converts its dtype; recorded for autograd. */
    public static Tensor copyInto(Tensor dst, Tensor src) {
        if (dst.isComplex() || src.isComplex()) return ComplexOps.copyInto(dst, src);
        if (!Graph.isRecording(dst, src)) return copyRaw(dst, src);
        Graph.checkInplace("copy_", dst);
        Tensor result;
        try (var g = GradMode.noGrad()) {
            result = Dispatch.empty(dst.shapeArray(), dst.dtype(), dst.device());
            copyRaw(result, src);
        }
        if (!dst.dtype().isFloatingPoint()) return copyRaw(dst, src);
        // self's old values are overwritten: its gradient is zero; src gets the incoming gradient
        Graph.node("CopyBackwards", dst, src)
                .backward(g -> new Tensor[] {dev.torch4j.Torch.zerosLike(g[0]), g[0]}).output(result);
        return Graph.commitInplace(dst, result);
    }

    /** The copy itself, never recorded. */
    private static Tensor copyRaw(Tensor dst, Tensor src) {
        Graph.checkInferenceInplace("copy_", dst);
        Elementwise.checkNoInternalOverlap("copy_", dst);
        var s = Elementwise.broadcastTo("copy_", src, dst.shapeArray());
        if (!dst.device().equals(src.device())) {
            crossDevice(dst.strided(), s);
            dst.storage().bumpVersion();
            return dst;
        }
        if (Elementwise.aliasesDifferently(src, dst)) {
            s = Elementwise.broadcastTo("copy_", src.clone(), dst.shapeArray());
        }
        Dispatch.backend(dst.device()).copy(dst.strided(), s);
        dst.storage().bumpVersion();
        return dst;
    }

    /** Host-device transfers (device-to-device between two GPUs goes through the host). */
    private static void crossDevice(Strided dst, Strided src) {
        if (src.storage().device().isCpu()) {
            CudaHost.fromCpu(dst, src);
        } else if (dst.storage().device().isCpu()) {
            Strided host = CudaHost.toCpu(src);
            Dispatch.backend(Device.CPU).copy(dst, host);
        } else {
            CudaHost.fromCpu(dst, CudaHost.toCpu(src));
        }
    }

    /** {@code t.fill_(value)}. */
    public static Tensor fill(Tensor t, double value) {
        if (t.isComplex()) return ComplexOps.fill(t, value);
        if (Graph.isRecording(t)) {
            Graph.checkInplace("fill_", t);
            Tensor result;
            try (var g = GradMode.noGrad()) {
                result = fill(Dispatch.empty(t.shapeArray(), t.dtype(), t.device()), value);
            }
            Graph.node(value == 0 ? "ZeroBackward0" : "FillBackward0", t)
                    .backward(g -> new Tensor[] {dev.torch4j.Torch.zerosLike(g[0])}).output(result);
            return Graph.commitInplace(t, result);
        }
        Elementwise.checkNoInternalOverlap("fill_", t);
        Graph.checkInferenceInplace("fill_", t);
        if (ScalarConversion.overflows(value, t.dtype())) {
            throw new IllegalArgumentException(ScalarConversion.overflowMessage("fill_", value, t.dtype()));
        }
        Dispatch.backend(t.device()).fill(t.strided(), value);
        t.storage().bumpVersion();
        return t;
    }
}
