package dev.torch4j.core;

import java.util.function.DoubleSupplier;

/**
 * The hooks through which the profiler ({@code dev.torch4j.profiler}) sees kernels, backward nodes and user ranges.
 * Lower layers call {@link #range}; with no profiler running that is one volatile read returning null (a null
 * resource is fine in try-with-resources), so the hooks cost nothing when idle.
 */
public final class Profiling {
    private Profiling() {}

    /** What a running profiler records. */
    public interface Recorder {
        /** Opens a range on the calling thread; {@code inputShapes} may be null. */
        Range open(String name, long[][] inputShapes);

        /** Bytes just allocated on the calling thread, on the CPU or a device, charged to its open ranges. */
        void allocated(long bytes, boolean onDevice);

        /** Whether the profiler wants input shapes ({@code record_shapes}). */
        boolean recordShapes();

        /** Whether device (CUDA) time is wanted. */
        boolean deviceTime();

        /** Whether kernels' floating-point operations are counted ({@code with_flops}). */
        default boolean withFlops() { return false; }
    }

    /** An open range; closing it ends it. */
    public interface Range extends AutoCloseable {
        @Override void close();

        /** Attaches the range's device time, in microseconds, read when the profile is collected (after a sync). */
        void deviceTime(DoubleSupplier micros);

        /** Sets the range's floating-point operation count ({@code with_flops}). */
        default void flops(long count) {}
    }

    private static volatile Recorder recorder;

    /** True while a profiler records. */
    public static boolean active() { return recorder != null; }

    /** The running recorder, or null. */
    public static Recorder recorder() { return recorder; }

    /** Opens a range named {@code name}, or returns null when nothing records (or the name is null). */
    public static Range range(String name) {
        Recorder r = recorder;
        return r == null || name == null ? null : r.open(name, null);
    }

    /** Charges an allocation to the open ranges of this thread, when a profiler records. */
    public static void allocated(long bytes, boolean onDevice) {
        Recorder r = recorder;
        if (r != null) r.allocated(bytes, onDevice);
    }

    /** Starts recording; PyTorch's error when a profiler already runs. */
    public static synchronized void install(Recorder r) {
        if (recorder != null) throw new IllegalStateException("Profiler is already enabled");
        recorder = r;
    }

    /** Stops recording through {@code r} (nothing when another recorder runs). */
    public static synchronized void uninstall(Recorder r) {
        if (recorder == r) recorder = null;
    }
}
