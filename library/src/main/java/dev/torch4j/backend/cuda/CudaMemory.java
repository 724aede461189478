package dev.torch4j.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.LongAdder;

/** Copies between host and device memory, device-to-device copies and memset, on the current stream. */
public final class CudaMemory {
    private CudaMemory() {}

    /** Times the host has waited for a device (copies to the host, stream waits): tests count them. */
    private static final LongAdder WAITS = new LongAdder();

    /** How many times the host has waited for a device so far (copies to the host, synchronize calls). */
    public static long hostWaits() { return WAITS.sum(); }

    static void countWait() { WAITS.increment(); }

    /**
     * Device to host; waits for the copy (and, through the legacy default stream, for the work queued before it),
     * then reports a bad index met by an index kernel since the last synchronisation (Note [deferred index errors]).
     * {@code hostDst} may be a heap segment (MemorySegment.ofArray): the call is a critical downcall.
     */
    public static void toHost(long devAddr, MemorySegment hostDst, long bytes) {
        if (bytes == 0) return;
        CudaDevice d = CudaRuntime.current();
        countWait();
        syncStream();
        try {
            Driver.check((int) Driver.cuMemcpyDtoH.invokeExact(hostDst, devAddr, bytes), "cuMemcpyDtoH");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        d.indexErrors().check();
    }

    /** Host to device; returns once the host memory may be reused. {@code hostSrc} may be a heap segment. */
    public static void toDevice(MemorySegment hostSrc, long devAddr, long bytes) {
        if (bytes == 0) return;
        CudaRuntime.current();
        syncStream();
        try {
            Driver.check((int) Driver.cuMemcpyHtoD.invokeExact(devAddr, hostSrc, bytes), "cuMemcpyHtoD");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The synchronous copies run on the legacy stream: make work on a user stream visible first. */
    private static void syncStream() {
        long s = CudaRuntime.currentStream();
        if (s != 0) streamSynchronize(s);
    }

    static void streamSynchronize(long stream) {
        countWait();
        try {
            Driver.check((int) Driver.cuStreamSynchronize.invokeExact(stream), "cuStreamSynchronize");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Reads one int64 from device memory (synchronises). */
    public static long readLong(long devAddr) {
        long[] v = new long[1];
        toHost(devAddr, MemorySegment.ofArray(v), 8);
        return v[0];
    }

    /** Reads one int32 from device memory (synchronises). */
    public static int readInt(long devAddr) {
        int[] v = new int[1];
        toHost(devAddr, MemorySegment.ofArray(v), 4);
        return v[0];
    }

    /** Sets {@code bytes} bytes to {@code value}, asynchronously. */
    public static void memsetAsync(long addr, int value, long bytes) {
        if (bytes == 0) return;
        CudaRuntime.current();
        try {
            Driver.check((int) Driver.cuMemsetD8Async.invokeExact(addr, (byte) value, bytes, CudaRuntime.currentStream()),
                    "cuMemsetD8Async");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Device-to-device copy of {@code bytes} bytes, asynchronously. */
    public static void copyAsync(long dst, long src, long bytes) {
        if (bytes == 0) return;
        CudaRuntime.current();
        try {
            Driver.check((int) Driver.cuMemcpyDtoDAsync.invokeExact(dst, src, bytes, CudaRuntime.currentStream()),
                    "cuMemcpyDtoDAsync");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

}
