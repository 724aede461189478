package dev.torch4j.cuda;

import dev.torch4j.backend.cuda.CudaRuntime;
import dev.torch4j.backend.cuda.CudaStreams;

/**
 * A CUDA stream ({@code torch.cuda.Stream}): kernels queued on one stream run in order. The default stream of each
 * device is the legacy default stream, as PyTorch's; {@link Cuda#stream()} makes new ones and {@link #use()} makes a
 * stream current for a block of code.
 */
public final class Stream implements AutoCloseable {
    private final int device;
    private final long handle;
    private final boolean owned;

    Stream(int device, long handle, boolean owned) {
        this.device = device;
        this.handle = handle;
        this.owned = owned;
    }

    /** The device ordinal. */
    public int device() { return device; }

    /** The driver's CUstream handle (0 for the default stream). */
    public long handle() { return handle; }

    /** Waits until every kernel queued on this stream has finished. */
    public void synchronize() { CudaStreams.synchronizeStream(device, handle); }

    /** Makes later work on this stream wait for {@code event} ({@code wait_event}). */
    public void waitEvent(Event event) { CudaStreams.waitEvent(handle, event.handle()); }

    /** Makes this the current stream of the calling thread until the returned scope closes ({@code torch.cuda.stream(s)}). */
    public AutoCloseable use() {
        long old = CudaRuntime.setCurrentStream(handle);
        return () -> CudaRuntime.setCurrentStream(old);
    }

    /** Destroys a stream made by {@link Cuda#stream()} (the default stream stays). */
    @Override public void close() { if (owned) CudaStreams.destroyStream(handle); }

    @Override
    public String toString() { return "<torch.cuda.Stream device=cuda:" + device + " cuda_stream=0x" + Long.toHexString(handle) + ">"; }

    @Override public boolean equals(Object o) { return o instanceof Stream s && s.device == device && s.handle == handle; }

    @Override public int hashCode() { return Long.hashCode(handle) * 31 + device; }
}
