package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.ActivationOp;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;

import static dev.torch4j.backend.cpu.CpuBackend.arr;

/**
 * {@link dev.torch4j.backend.Backend#activation} and {@link dev.torch4j.backend.Backend#activationBackward} on the CPU:
 * contiguous float32 only (float64 keeps the composed formula, exact to double precision for gradcheck), split over
 * threads; the piecewise-linear ops in {@link VectorActivations}, the ones with exp and log in
 * {@link VectorExpActivations}.
 */
final class CpuActivations {
    private CpuActivations() {}

    static Storage forward(ActivationOp op, Strided self, double p0, double p1, double p2) {
        if (!float32(self)) return null;
        int n = (int) self.numel(), ao = (int) self.offset(), kind = VectorExpActivations.kind(op);
        CpuStorage storage = CpuStorage.allocate(DType.FLOAT32, n);
        float[] o = (float[]) storage.array(), a = (float[]) arr(self);
        if (kind < 0) {
            float f0 = (float) p0, f1 = (float) p1;
            Parallel.parallelFor(0, n, Parallel.GRAIN_SIZE, (lo, hi) -> VectorActivations.forward(op, o, a, ao, f0, f1, (int) lo, (int) hi));
        } else {
            double[] p = params(op, p0, p1, p2);
            Parallel.parallelFor(0, n, Parallel.GRAIN_SIZE / 16,
                    (lo, hi) -> VectorExpActivations.forward(kind, o, a, ao, p[0], p[1], p[2], (int) lo, (int) hi));
        }
        return storage;
    }

    static Storage backward(ActivationOp op, Strided grad, Strided self, double p0, double p1, double p2) {
        if (!float32(grad) || !float32(self)) return null;
        int n = (int) self.numel(), go = (int) grad.offset(), ao = (int) self.offset(), kind = VectorExpActivations.kind(op);
        CpuStorage storage = CpuStorage.allocate(DType.FLOAT32, n);
        float[] o = (float[]) storage.array(), g = (float[]) arr(grad), a = (float[]) arr(self);
        if (kind < 0) {
            float f0 = (float) p0, f1 = (float) p1;
            Parallel.parallelFor(0, n, Parallel.GRAIN_SIZE,
                    (lo, hi) -> VectorActivations.backward(op, o, g, go, a, ao, f0, f1, (int) lo, (int) hi));
        } else {
            double[] p = params(op, p0, p1, p2);
            Parallel.parallelFor(0, n, Parallel.GRAIN_SIZE / 16,
                    (lo, hi) -> VectorExpActivations.backward(kind, o, g, go, a, ao, p[0], p[1], p[2], (int) lo, (int) hi));
        }
        return storage;
    }

    /** tanh_backward / sigmoid_backward from the result {@code y}; null for operands other than contiguous float32. */
    static Storage fromResult(boolean sigmoid, Strided grad, Strided y) {
        if (!float32(grad) || !float32(y)) return null;
        int n = (int) y.numel(), go = (int) grad.offset(), yo = (int) y.offset();
        CpuStorage storage = CpuStorage.allocate(DType.FLOAT32, n);
        float[] o = (float[]) storage.array(), g = (float[]) arr(grad), v = (float[]) arr(y);
        Parallel.parallelFor(0, n, Parallel.GRAIN_SIZE, (lo, hi) -> VectorActivations.fromResult(sigmoid, o, g, go, v, yo, (int) lo, (int) hi));
        return storage;
    }

    /**
     * The kernels' parameters: as Python numbers against a float tensor, each rounded to float where the composed form
     * rounds it (elu's products of them are taken in double, as its float64 formula); softplus's threshold as
     * {@link VectorExpActivations#softplusParams}.
     */
    private static double[] params(ActivationOp op, double p0, double p1, double p2) {
        return switch (op) {
            case SOFTPLUS -> VectorExpActivations.softplusParams(p0, p1);
            default -> new double[] {p0, p1, p2};
        };
    }

    private static boolean float32(Strided s) {
        return s.dtype() == DType.FLOAT32 && s.isContiguous() && s.storage() instanceof CpuStorage;
    }
}
