package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.backend.Backend;
import dev.torch4j.backend.Backends;
import dev.torch4j.backend.Storage;
import dev.torch4j.core.Shapes;

/** Shared plumbing of the op layer: device checks, output allocation, backend lookup. */
public final class Dispatch {
    private Dispatch() {}

    /** The common device of the operands, or PyTorch's error when they differ (0-d CPU tensors may mix, as in PyTorch). */
    public static Device commonDevice(String op, Tensor... ts) {
        Device d = null;
        for (Tensor t : ts) {
            if (t == null) continue;
            Device td = t.device();
            if (d == null) d = td;
            else if (!d.equals(td)) {
                if (td.isCpu() && t.dim() == 0) continue;
                if (d.isCpu() && isZeroDimCpu(ts, d)) { d = td; continue; }
                throw mismatch(op, d, td);
            }
        }
        return d == null ? Device.CPU : d;
    }

    private static IllegalArgumentException mismatch(String op, Device a, Device b) {
        return new IllegalArgumentException(op + ": Expected all tensors to be on the same device, but found at least "
                + "two devices, " + a + " and " + b + "!");
    }

    /**
     * The one device of {@code ts}, for ops that take no CPU-scalar exception (indexing, gathering): any mismatch
     * raises PyTorch's error.
     */
    public static Device sameDevice(String op, Tensor... ts) {
        Device d = null;
        for (Tensor t : ts) {
            if (t == null) continue;
            if (d == null) d = t.device();
            else if (!d.equals(t.device())) throw mismatch(op, d, t.device());
        }
        return d == null ? Device.CPU : d;
    }

    /**
     * {@code t} on {@code dev}: a CPU 0-dim operand that {@link #commonDevice} admitted into another device's op is
     * copied there, since that device's kernels read only their own memory.
     */
    public static Tensor onDevice(Tensor t, Device dev) { return t.device().equals(dev) ? t : t.to(dev); }

    private static boolean isZeroDimCpu(Tensor[] ts, Device cpu) {
        for (Tensor t : ts) if (t != null && t.device().equals(cpu) && t.dim() != 0) return false;
        return true;
    }

    public static Backend backend(Device d) { return Backends.of(d); }

    /** A new contiguous tensor (zero-filled) of the given shape, dtype and device. */
    public static Tensor empty(long[] shape, DType dtype, Device device) {
        Shapes.checkedNumel("empty", shape);
        if (dtype.isQuantized()) throw Quantized.unsupported(dtype);
        Storage s = dtype.isComplex()
                ? new dev.torch4j.backend.ComplexStorage(Backends.of(device).allocate(dtype.toReal(), 2 * Shapes.numel(shape)))
                : Backends.of(device).allocate(dtype, Shapes.numel(shape));
        Tensor t = Tensor.wrap(s, shape.clone(), Shapes.contiguousStrides(shape), 0);
        if (GradMode.isInference()) t.autogradMeta().inference = true;
        return t;
    }
}
