package dev.torch4j.backend.cuda;

import dev.torch4j.backend.Strided;
import dev.torch4j.backend.cpu.CpuBackend;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.core.Shapes;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

/** Moves operands between host and device: the bridge for cross-device copies and the few CPU fallbacks. */
public final class CudaHost {
    private CudaHost() {}

    /**
     * A contiguous CPU copy (same dtype and shape) of a CUDA operand; reports a bad index met on its device since the
     * last synchronisation (IndexErrors).
     */
    public static Strided toCpu(Strided src) {
        CudaRuntime.use(Cuda.device(src)); // the copy waits for, and the check reads, the operand's own device
        long n = src.numel();
        Strided dense = src.isContiguous() ? src : contiguousOnDevice(src);
        CpuStorage host = CpuStorage.allocate(src.dtype(), Shapes.checkedNumel("cpu()", src.shape()));
        CudaMemory.toHost(Cuda.ptr(dense), segment(host), n * src.dtype().itemSize());
        if (dense != src) ((CudaStorage) dense.storage()).release();
        return new Strided(host, src.shape().clone(), Shapes.contiguousStrides(src.shape()), 0);
    }

    /** Writes a CPU operand into a CUDA destination of the same shape (any strides of either); converts the dtype. */
    public static void fromCpu(Strided dst, Strided src) {
        long n = dst.numel();
        if (n == 0) return;
        Strided host = src;
        if (!src.isContiguous() || src.dtype() != dst.dtype()) { // pack (and convert) on the CPU first
            CpuStorage s = CpuStorage.allocate(dst.dtype(), Shapes.checkedNumel("cuda()", src.shape()));
            host = new Strided(s, src.shape().clone(), Shapes.contiguousStrides(src.shape()), 0);
            CpuBackend.INSTANCE.copy(host, src);
        }
        MemorySegment seg = segment((CpuStorage) host.storage()).asSlice(host.offset() * dst.dtype().itemSize(),
                n * dst.dtype().itemSize());
        if (dst.isContiguous()) {
            CudaMemory.toDevice(seg, Cuda.ptr(dst), n * dst.dtype().itemSize());
            Reference.reachabilityFence(dst); // KernelSpec's Note [reachable operands]
            return;
        }
        CudaStorage tmp = CudaStorage.allocate(Cuda.device(dst), dst.dtype(), n, false);
        CudaMemory.toDevice(seg, tmp.address(), n * dst.dtype().itemSize());
        CudaElementwise.copy(dst, new Strided(tmp, dst.shape().clone(), Shapes.contiguousStrides(dst.shape()), 0));
        tmp.release();
    }

    private static Strided contiguousOnDevice(Strided src) {
        CudaStorage tmp = CudaStorage.allocate(Cuda.device(src), src.dtype(), src.numel(), false);
        Strided t = new Strided(tmp, src.shape().clone(), Shapes.contiguousStrides(src.shape()), 0);
        CudaElementwise.copy(t, src);
        return t;
    }

    private static MemorySegment segment(CpuStorage s) {
        return switch (s.array()) {
            case float[] a -> MemorySegment.ofArray(a);
            case double[] a -> MemorySegment.ofArray(a);
            case long[] a -> MemorySegment.ofArray(a);
            case int[] a -> MemorySegment.ofArray(a);
            case short[] a -> MemorySegment.ofArray(a);
            case byte[] a -> MemorySegment.ofArray(a);
            default -> throw new IllegalStateException("unexpected CPU storage " + s.array().getClass());
        };
    }
}
