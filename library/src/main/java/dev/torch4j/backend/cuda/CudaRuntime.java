package dev.torch4j.backend.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Process-wide CUDA state: whether CUDA works here (and why not), the devices, and each thread's current device and
 * stream. Nothing touches the driver until the first question is asked.
 */
public final class CudaRuntime {
    private CudaRuntime() {}

    private static volatile Boolean available;
    private static volatile String reason = "";
    private static CudaDevice[] devices = new CudaDevice[0];
    private static final ThreadLocal<int[]> CURRENT_DEVICE = ThreadLocal.withInitial(() -> new int[] {0});
    private static final ThreadLocal<long[]> CURRENT_STREAM = ThreadLocal.withInitial(() -> new long[] {0L});

    /** True when the driver loaded, initialised and reports at least one device. */
    public static boolean isAvailable() {
        if (available == null) init();
        return available;
    }

    /** Why CUDA is not available (empty when it is). */
    public static String unavailableReason() {
        isAvailable();
        return reason;
    }

    private static synchronized void init() {
        if (available != null) return;
        CudaLibs.Found f = CudaLibs.driverFound();
        if (f.lookup() == null) {
            reason = "no CUDA driver found (tried: " + String.join(", ", f.tried())
                    + "); set TORCH4J_CUDA_LIBS to the folder that holds libcuda.so.1";
            available = false;
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) Driver.cuInit.invokeExact(0);
            if (rc != 0) {
                reason = "cuInit failed: " + Driver.errorText(rc) + " (driver " + f.path() + ")";
                available = false;
                return;
            }
            MemorySegment n = a.allocate(JAVA_INT);
            Driver.check((int) Driver.cuDeviceGetCount.invokeExact(n), "cuDeviceGetCount");
            int count = n.get(JAVA_INT, 0);
            if (count == 0) {
                reason = "the CUDA driver (" + f.path() + ") reports no device";
                available = false;
                return;
            }
            CudaDevice[] ds = new CudaDevice[count];
            for (int i = 0; i < count; i++) ds[i] = new CudaDevice(i);
            devices = ds;
            available = true;
        } catch (Throwable t) {
            reason = "CUDA initialisation failed: " + t;
            available = false;
        }
    }

    /** Throws an error that says why when CUDA is not available. */
    public static void require() {
        if (!isAvailable()) {
            throw new IllegalStateException("CUDA is not available: " + reason);
        }
    }

    public static int deviceCount() { return isAvailable() ? devices.length : 0; }

    /** Device {@code i}, with an error naming the valid range. */
    public static CudaDevice device(int i) {
        require();
        if (i < 0 || i >= devices.length) {
            throw new IllegalArgumentException("CUDA error: invalid device ordinal " + i + " (" + devices.length
                    + " device" + (devices.length == 1 ? "" : "s") + " available)");
        }
        return devices[i];
    }

    /** The calling thread's current device, its context made current. */
    public static CudaDevice current() {
        CudaDevice d = device(CURRENT_DEVICE.get()[0]);
        d.makeCurrent();
        return d;
    }

    /** The calling thread's current device ordinal (0 unless {@link #setDevice} chose another); needs no GPU. */
    public static int currentIndex() { return CURRENT_DEVICE.get()[0]; }

    /** Makes device {@code i} current on this thread (torch.cuda.set_device). */
    public static void setDevice(int i) {
        device(i).makeCurrent();
        CURRENT_DEVICE.get()[0] = i;
    }

    /** Makes device {@code i} current for a kernel on its memory and returns it. */
    static CudaDevice use(int i) {
        int[] cur = CURRENT_DEVICE.get();
        CudaDevice d = device(i);
        cur[0] = i;
        d.makeCurrent();
        return d;
    }

    /** The calling thread's current stream (0: the legacy default stream, as PyTorch's default). */
    public static long currentStream() { return CURRENT_STREAM.get()[0]; }

    /** Sets the calling thread's current stream; returns the previous one. */
    public static long setCurrentStream(long stream) {
        long[] s = CURRENT_STREAM.get();
        long old = s[0];
        s[0] = stream;
        return old;
    }

    /** Waits for all work on the current device, then reports a bad index its index kernels met (IndexErrors). */
    public static void synchronize() {
        waitForDevice().indexErrors().check();
    }

    /** Waits for all work on the current device and returns it; the allocator's wait, which reports nothing. */
    static CudaDevice waitForDevice() {
        CudaDevice d = current();
        CudaMemory.countWait();
        try {
            Driver.check((int) Driver.cuCtxSynchronize.invokeExact(), "cuCtxSynchronize");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return d;
    }
}
