package dev.torch4j.backend;

import dev.torch4j.DType;
import dev.torch4j.Device;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flat buffer of elements of one dtype on one device, shared by every view of it. Carries the version counter
 * that autograd uses to detect in-place changes to tensors saved for backward (shared by all views, as in PyTorch).
 */
public abstract class Storage {
    private final DType dtype;
    private final long numel;
    private int version;
    private final long serial = CREATED.incrementAndGet();

    private static final AtomicLong CREATED = new AtomicLong();

    protected Storage(DType dtype, long numel) {
        this.dtype = dtype;
        this.numel = numel;
    }

    /**
     * Creation number: storages created later have larger serials. Autograd uses it to tell a gradient that a
     * derivative formula allocated (nobody else holds it) from one it passed through.
     */
    public long serial() { return serial; }

    /**
     * The storage that owns this one's memory: itself, except for a complex storage, which views a real one. Two
     * storages share memory exactly when their memories are the same object.
     */
    public Storage memory() { return this; }

    /** The serial of the most recently created storage (on any thread). */
    public static long lastSerial() { return CREATED.get(); }

    public final DType dtype() { return dtype; }

    /** Number of elements this storage holds. */
    public final long numel() { return numel; }

    public abstract Device device();

    /** The backend that owns this storage's memory. */
    public abstract Backend backend();

    /** Version counter: bumped by every in-place write through any view. */
    public int version() { return version; }

    /** Records an in-place write. */
    public void bumpVersion() { version++; }

    /**
     * Frees the memory now, where the backend can (device memory); afterwards every use throws. Heap storages
     * (the CPU's Java arrays) are left to the garbage collector: this does nothing for them.
     */
    public void release() {}

    /**
     * Offers the memory for reuse by later allocations on this thread, where the backend reuses memory that way
     * (the CPU's arrays; CUDA frees the block into its pool). Only for storages that nothing references any more:
     * autograd calls it for gradients it alone held once their consumer has run. Using this storage or any view of
     * it afterwards reads or corrupts another tensor's data.
     */
    public void recycle() {}
}
