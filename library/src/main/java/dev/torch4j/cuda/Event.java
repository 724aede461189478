package dev.torch4j.cuda;

import dev.torch4j.backend.cuda.CudaRuntime;
import dev.torch4j.backend.cuda.CudaStreams;

/** A CUDA event ({@code torch.cuda.Event}): a marker in a stream, for synchronisation and timing. */
public final class Event implements AutoCloseable {
    private final int device;
    private final long handle;
    private boolean recorded;

    Event(int device, boolean enableTiming) {
        this.device = device;
        this.handle = CudaStreams.createEvent(device, enableTiming);
    }

    long handle() { return handle; }

    /** Records the event on the current stream. */
    public Event record() {
        CudaStreams.recordEvent(handle, CudaRuntime.currentStream());
        recorded = true;
        return this;
    }

    /** Records the event on {@code stream}. */
    public Event record(Stream stream) {
        CudaStreams.recordEvent(handle, stream.handle());
        recorded = true;
        return this;
    }

    /** Waits until the work recorded before this event has finished. */
    public void synchronize() { CudaStreams.synchronizeEvent(handle); }

    /** Milliseconds from this event to {@code end} (both recorded, with timing enabled); waits for {@code end}. */
    public float elapsedTime(Event end) {
        if (!recorded || !end.recorded) {
            throw new IllegalStateException("elapsedTime: both events must be recorded before measuring the time between them");
        }
        return CudaStreams.elapsedMillis(handle, end.handle);
    }

    @Override public void close() { CudaStreams.destroyEvent(handle); }

    int device() { return device; }
}
