package dev.torch4j.backend.cuda;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Device memory for one device (DESIGN.md §9): blocks come from the driver's stream-ordered pool
 * ({@code cuMemAllocAsync} with an unlimited release threshold, so freed memory stays cached for reuse) and go back
 * either explicitly ({@link #release}) or when the garbage collector finds their storage unreachable: each block is a
 * phantom reference whose queue is drained on the allocating thread (never on a GC or Cleaner thread).
 *
 * <p>Note [collection budget]: Java objects of device tensors are tiny, so the heap alone would rarely trigger a
 * collection while gigabytes of device memory wait in dead tensors. So the allocator asks for one itself after
 * {@code budget} bytes were allocated since the last one, and adapts the budget to keep collections under ~2% of the
 * time (doubling it when they cost more, halving it when they cost far less), between 64 MiB and a quarter of the
 * device. {@code memoryAllocated()} of a loop without close() thus saws between its live size and live + budget,
 * and never grows. On out-of-memory: drain, collect, wait briefly for the references, trim the pool, retry; then an
 * error with the byte counts.
 */
final class CudaAllocator {
    private static final long MIN_BUDGET = 64L << 20;

    private final CudaDevice device;
    private final ReferenceQueue<CudaStorage> queue = new ReferenceQueue<>();
    private final Set<Block> live = ConcurrentHashMap.newKeySet();
    private final long maxBudget;
    private long allocated, peak, sinceCollect, budget = MIN_BUDGET, lastCollectEnd = System.nanoTime();
    private MemorySegment out; // scratch for the driver's out-parameter (guarded by this)

    CudaAllocator(CudaDevice device) {
        this.device = device;
        this.maxBudget = Math.max(MIN_BUDGET, device.totalMemory() / 4);
        this.out = Arena.global().allocate(JAVA_LONG);
    }

    /** One allocation; a phantom reference to the storage that owns it. */
    static final class Block extends PhantomReference<CudaStorage> {
        private volatile long address;
        private final long bytes;

        Block(CudaStorage owner, ReferenceQueue<CudaStorage> q, long address, long bytes) {
            super(owner, q);
            this.address = address;
            this.bytes = bytes;
        }

        long address() { return address; }

        long bytes() { return bytes; }
    }

    /** PyTorch counts allocations in 512-byte units. */
    private static long rounded(long bytes) { return (bytes + 511) & ~511L; }

    synchronized Block allocate(CudaStorage owner, long bytes) {
        drain();
        if (bytes == 0) return new Block(owner, null, 0, 0);
        if (sinceCollect > budget) collect();
        long ptr = tryAllocate(bytes);
        if (ptr == 0) ptr = allocateAfterReclaim(bytes);
        Block b = new Block(owner, queue, ptr, bytes);
        live.add(b);
        allocated += rounded(bytes);
        sinceCollect += rounded(bytes);
        peak = Math.max(peak, allocated);
        return b;
    }

    private long allocateAfterReclaim(long bytes) {
        drain();
        long ptr = tryAllocate(bytes);
        if (ptr != 0) return ptr;
        System.gc();
        try { // the collector enqueues phantom references on its own thread: give it a moment
            Reference<? extends CudaStorage> r = queue.remove(200);
            if (r != null) free((Block) r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
        CudaRuntime.waitForDevice();
        trim();
        ptr = tryAllocate(bytes);
        if (ptr != 0) return ptr;
        long[] info = device.memInfo();
        throw new CudaOutOfMemoryError("CUDA out of memory. Tried to allocate " + mib(bytes) + ". GPU " + device.index()
                + " has a total capacity of " + mib(info[1]) + " of which " + mib(info[0]) + " is free. Of the allocated"
                + " memory " + mib(allocated) + " is allocated by torch4j, and " + mib(reserved() - allocated)
                + " is reserved by torch4j but unallocated.");
    }

    private static String mib(long b) { return String.format("%.2f MiB", b / 1048576.0); }

    private long tryAllocate(long bytes) {
        try {
            int rc = device.pool() != 0
                    ? (int) Driver.cuMemAllocAsync.invokeExact(out, bytes, CudaRuntime.currentStream())
                    : (int) Driver.cuMemAlloc.invokeExact(out, bytes);
            if (rc == Driver.OUT_OF_MEMORY) return 0;
            Driver.check(rc, "cuMemAllocAsync(" + bytes + " bytes)");
            return out.get(JAVA_LONG, 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Asks the collector for dead storages and adapts the budget to what that cost (Note [collection budget]). */
    private void collect() {
        long start = System.nanoTime();
        long wall = start - lastCollectEnd;
        System.gc();
        drain();
        long end = System.nanoTime();
        long cost = end - start;
        if (cost * 50 > wall) budget = Math.min(maxBudget, budget * 2);
        else if (cost * 400 < wall) budget = Math.max(MIN_BUDGET, budget / 2);
        sinceCollect = 0;
        lastCollectEnd = end;
    }

    /** Frees every block whose storage the collector found dead. */
    synchronized void drain() {
        Reference<? extends CudaStorage> r;
        while ((r = queue.poll()) != null) free((Block) r);
    }

    synchronized void release(Block b) {
        if (b.bytes() == 0) return;
        b.clear();
        free(b);
    }

    private void free(Block b) {
        long a = b.address;
        if (a == 0 || !live.remove(b)) return;
        b.address = 0;
        allocated -= rounded(b.bytes);
        device.makeCurrent();
        try {
            int rc = device.pool() != 0
                    ? (int) Driver.cuMemFreeAsync.invokeExact(a, CudaRuntime.currentStream())
                    : (int) Driver.cuMemFree.invokeExact(a);
            Driver.check(rc, "cuMemFreeAsync");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    synchronized long allocated() { drain(); return allocated; }

    synchronized long peak() { return peak; }

    synchronized void resetPeak() { peak = allocated; }

    /** Bytes the pool holds from the device (cached included). */
    synchronized long reserved() {
        long r = device.poolReserved();
        return r < 0 ? allocated : r;
    }

    /** Collects dead storages and returns the pool's cached memory to the device (torch.cuda.empty_cache). */
    synchronized void emptyCache() {
        System.gc();
        drain();
        CudaRuntime.waitForDevice();
        trim();
    }

    private void trim() {
        if (device.pool() == 0) return;
        try {
            Driver.check((int) Driver.cuMemPoolTrimTo.invokeExact(device.pool(), 0L), "cuMemPoolTrimTo");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
