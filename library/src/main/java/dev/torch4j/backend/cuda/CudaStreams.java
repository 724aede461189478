package dev.torch4j.backend.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Stream and event calls behind the public {@code dev.torch4j.cuda} API. */
public final class CudaStreams {
    private CudaStreams() {}

    private static final int EVENT_DISABLE_TIMING = 2;

    /** A new stream on device {@code device} (blocking with respect to the legacy default stream). */
    public static long createStream(int device) {
        CudaRuntime.use(device);
        return out(Driver.cuStreamCreate, "cuStreamCreate", 0);
    }

    public static void destroyStream(long s) { call(Driver.cuStreamDestroy, "cuStreamDestroy", s); }

    /** Waits for stream {@code s}, then reports a bad index met by the device's index kernels (IndexErrors). */
    public static void synchronizeStream(int device, long s) {
        CudaRuntime.use(device);
        CudaMemory.streamSynchronize(s);
        CudaRuntime.device(device).indexErrors().check();
    }

    /** Makes {@code stream} wait for {@code event}. */
    public static void waitEvent(long stream, long event) {
        try {
            Driver.check((int) Driver.cuStreamWaitEvent.invokeExact(stream, event, 0), "cuStreamWaitEvent");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static long createEvent(int device, boolean timing) {
        CudaRuntime.use(device);
        return out(Driver.cuEventCreate, "cuEventCreate", timing ? 0 : EVENT_DISABLE_TIMING);
    }

    public static void recordEvent(long event, long stream) {
        try {
            Driver.check((int) Driver.cuEventRecord.invokeExact(event, stream), "cuEventRecord");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static void synchronizeEvent(long event) { call(Driver.cuEventSynchronize, "cuEventSynchronize", event); }

    public static void destroyEvent(long event) { call(Driver.cuEventDestroy, "cuEventDestroy", event); }

    /** Milliseconds between two recorded events (waits for the end event). */
    public static float elapsedMillis(long start, long end) {
        synchronizeEvent(end);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ms = a.allocate(JAVA_FLOAT);
            Driver.check((int) Driver.cuEventElapsedTime.invokeExact(ms, start, end), "cuEventElapsedTime");
            return ms.get(JAVA_FLOAT, 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static long out(MethodHandle h, String what, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(JAVA_LONG);
            Driver.check((int) h.invokeExact(p, flags), what);
            return p.get(JAVA_LONG, 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void call(MethodHandle h, String what, long handle) {
        try {
            Driver.check((int) h.invokeExact(handle), what);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    // ---- memory statistics of device i
    public static long memoryAllocated(int i) { return CudaRuntime.device(i).allocator().allocated(); }

    public static long maxMemoryAllocated(int i) { return CudaRuntime.device(i).allocator().peak(); }

    public static long memoryReserved(int i) { return CudaRuntime.device(i).allocator().reserved(); }

    public static void resetPeakMemoryStats(int i) { CudaRuntime.device(i).allocator().resetPeak(); }

    public static void emptyCache(int i) {
        CudaRuntime.use(i);
        CudaRuntime.device(i).allocator().emptyCache();
    }

    /** {free, total} bytes (torch.cuda.mem_get_info). */
    public static long[] memGetInfo(int i) { return CudaRuntime.device(i).memInfo(); }
}
