package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.backend.Backend;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.StorageScope;

/**
 * Device memory of one CUDA device (DESIGN.md §9). Freed when {@link #release()} is called, or else by the
 * allocator once the garbage collector finds the storage unreachable; a released storage refuses every further use.
 */
public final class CudaStorage extends Storage {
    private final CudaDevice device;
    private final CudaAllocator.Block block;

    private CudaStorage(CudaDevice device, DType dtype, long numel) {
        super(dtype, numel);
        this.device = device;
        this.block = device.allocator().allocate(this, numel * dtype.itemSize());
    }

    /** A new storage of {@code numel} elements on device {@code deviceIndex}; zero-filled when {@code zero}. */
    public static CudaStorage allocate(int deviceIndex, DType dtype, long numel, boolean zero) {
        CudaDevice d = CudaRuntime.use(deviceIndex);
        CudaStorage s = new CudaStorage(d, dtype, numel);
        StorageScope.register(s);
        if (zero && numel > 0) CudaMemory.memsetAsync(s.address(), 0, numel * dtype.itemSize());
        return s;
    }

    /** The device address of element 0; throws once the storage was released. */
    public long address() {
        long a = block.address();
        if (a == 0 && block.bytes() > 0) {
            throw new IllegalStateException("this tensor's CUDA memory (" + block.bytes() + " bytes on " + device()
                    + ") was released and can no longer be used");
        }
        return a;
    }

    public int deviceIndex() { return device.index(); }

    /** Size in bytes. */
    public long bytes() { return block.bytes(); }

    /** Frees the memory now (stream-ordered); idempotent. Later uses of any tensor on this storage throw. */
    @Override
    public void release() { device.allocator().release(block); }

    /**
     * Autograd's dead gradients go back to the pool at once (stream-ordered, so kernels already queued still read
     * them), instead of waiting for the collector: backward's peak is then what PyTorch's is.
     */
    @Override
    public void recycle() { release(); }

    public boolean isReleased() { return block.address() == 0 && block.bytes() > 0; }

    @Override public Device device() { return Device.cuda(device.index()); }

    @Override public Backend backend() { return CudaBackend.of(device.index()); }
}
