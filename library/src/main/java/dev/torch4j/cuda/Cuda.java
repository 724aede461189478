package dev.torch4j.cuda;

import dev.torch4j.backend.cuda.CudaGenerator;
import dev.torch4j.backend.cuda.CudaRuntime;
import dev.torch4j.backend.cuda.CudaStreams;

/**
 * {@code torch.cuda}: whether CUDA is here, its devices, synchronisation, streams and events, and the memory
 * statistics of the caching allocator. Reached through {@code Torch.cuda()}. Nothing touches the driver until a
 * method is called; without a GPU {@link #isAvailable()} is false and {@link #unavailableReason()} says why.
 */
public final class Cuda {
    /** The one instance. */
    public static final Cuda INSTANCE = new Cuda();

    private Cuda() {}

    public boolean isAvailable() { return CudaRuntime.isAvailable(); }

    /** Why CUDA is unavailable: every library path tried, or the driver's error (empty when available). */
    public String unavailableReason() { return CudaRuntime.unavailableReason(); }

    public int deviceCount() { return CudaRuntime.deviceCount(); }

    /** The current device's ordinal ({@code torch.cuda.current_device()}). */
    public int currentDevice() { return CudaRuntime.currentIndex(); }

    /** Makes device {@code i} current on the calling thread ({@code torch.cuda.set_device}). */
    public void setDevice(int i) { CudaRuntime.setDevice(i); }

    public String getDeviceName(int i) { return CudaRuntime.device(i).name(); }

    public String getDeviceName() { return getDeviceName(currentDevice()); }

    /** {major, minor} compute capability. */
    public int[] getDeviceCapability(int i) { return CudaRuntime.device(i).capability(); }

    /** Waits for all queued work on the current device. */
    public void synchronize() { CudaRuntime.synchronize(); }

    /** The calling thread's current stream on the current device. */
    public Stream currentStream() { return new Stream(currentDevice(), CudaRuntime.currentStream(), false); }

    /** The default stream of the current device. */
    public Stream defaultStream() { return new Stream(currentDevice(), 0, false); }

    /** A new stream on the current device; close it when done. */
    public Stream stream() { return new Stream(currentDevice(), CudaStreams.createStream(currentDevice()), true); }

    /** A new event on the current device ({@code torch.cuda.Event(enable_timing=...)}). */
    public Event event(boolean enableTiming) { return new Event(currentDevice(), enableTiming); }

    /**
     * Seeds the current device's generator ({@code torch.cuda.manual_seed}). CUDA random fills draw from a Philox
     * generator on the GPU: a seeded run repeats itself on any GPU, but its values differ from the CPU's and from
     * PyTorch's CUDA values. {@code Torch.manualSeed} seeds every device too.
     */
    public void manualSeed(long seed) { CudaGenerator.of(CudaRuntime.currentIndex()).manualSeed(seed); }

    /** Seeds every device's generator ({@code torch.cuda.manual_seed_all}). */
    public void manualSeedAll(long seed) { CudaGenerator.manualSeedAll(seed); }

    /** Seeds the current device's generator nondeterministically and returns the seed ({@code torch.cuda.seed}). */
    public long seed() { return CudaGenerator.of(CudaRuntime.currentIndex()).seed(); }

    /** The current device's seed ({@code torch.cuda.initial_seed}). */
    public long initialSeed() { return CudaGenerator.of(CudaRuntime.currentIndex()).initialSeed(); }

    /** The current device's generator state: 16 bytes, seed then offset ({@code torch.cuda.get_rng_state}). */
    public byte[] getRngState() { return CudaGenerator.of(CudaRuntime.currentIndex()).getState(); }

    /** Restores a state from {@link #getRngState()} ({@code torch.cuda.set_rng_state}). */
    public void setRngState(byte[] state) { CudaGenerator.of(CudaRuntime.currentIndex()).setState(state); }

    /** Bytes held by live tensors on the current device ({@code torch.cuda.memory_allocated}). */
    public long memoryAllocated() { return CudaStreams.memoryAllocated(currentDevice()); }

    public long memoryAllocated(int device) { return CudaStreams.memoryAllocated(device); }

    /** The peak of {@link #memoryAllocated()} since the start or the last {@link #resetPeakMemoryStats()}. */
    public long maxMemoryAllocated() { return CudaStreams.maxMemoryAllocated(currentDevice()); }

    /** Bytes the caching allocator holds from the device, in use or cached ({@code torch.cuda.memory_reserved}). */
    public long memoryReserved() { return CudaStreams.memoryReserved(currentDevice()); }

    public void resetPeakMemoryStats() { CudaStreams.resetPeakMemoryStats(currentDevice()); }

    /** Frees dead tensors and returns cached memory to the device ({@code torch.cuda.empty_cache}). */
    public void emptyCache() { CudaStreams.emptyCache(currentDevice()); }

    /** {free, total} bytes of device memory ({@code torch.cuda.mem_get_info}). */
    public long[] memGetInfo() { return CudaStreams.memGetInfo(currentDevice()); }

    /** Whether float32 matmuls may use TF32 tensor cores ({@code torch.backends.cuda.matmul.allow_tf32}); off by default. */
    public boolean allowTf32() { return dev.torch4j.backend.cuda.Cublas.allowTf32; }

    public void setAllowTf32(boolean allow) { dev.torch4j.backend.cuda.Cublas.allowTf32 = allow; }
}
