package dev.torch4j.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** One CUDA device: its primary context, properties and memory pool. */
public final class CudaDevice {
    private static final int ATTR_SM_COUNT = 16, ATTR_CC_MAJOR = 75, ATTR_CC_MINOR = 76, ATTR_POOLS = 115;
    private static final int POOL_RELEASE_THRESHOLD = 4, POOL_RESERVED_CURRENT = 5, POOL_USED_CURRENT = 7;

    private final int index;
    private final long context;
    private final String name;
    private final int major, minor, smCount;
    private final long totalMemory;
    private final long pool; // 0 when the device has no stream-ordered allocator
    private final CudaAllocator allocator;
    private final IndexErrors indexErrors = new IndexErrors();
    private static final ThreadLocal<long[]> CURRENT_CONTEXT = ThreadLocal.withInitial(() -> new long[] {0L});

    CudaDevice(int index) throws Throwable {
        this.index = index;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_LONG);
            MemorySegment i = a.allocate(JAVA_INT);
            Driver.check((int) Driver.cuDeviceGet.invokeExact(i, index), "cuDeviceGet");
            int dev = i.get(JAVA_INT, 0);
            Driver.check((int) Driver.cuDevicePrimaryCtxRetain.invokeExact(out, dev), "cuDevicePrimaryCtxRetain");
            context = out.get(JAVA_LONG, 0);
            MemorySegment buf = a.allocate(256);
            Driver.check((int) Driver.cuDeviceGetName.invokeExact(buf, 256, dev), "cuDeviceGetName");
            name = buf.getString(0);
            major = attr(a, ATTR_CC_MAJOR, dev);
            minor = attr(a, ATTR_CC_MINOR, dev);
            smCount = attr(a, ATTR_SM_COUNT, dev);
            Driver.check((int) Driver.cuDeviceTotalMem.invokeExact(out, dev), "cuDeviceTotalMem");
            totalMemory = out.get(JAVA_LONG, 0);
            makeCurrent();
            long p = 0;
            if (attr(a, ATTR_POOLS, dev) != 0) {
                Driver.check((int) Driver.cuDeviceGetDefaultMemPool.invokeExact(out, dev), "cuDeviceGetDefaultMemPool");
                p = out.get(JAVA_LONG, 0);
                // keep freed blocks in the pool (a caching allocator): the default threshold 0 hands them back at
                // every synchronisation
                out.set(JAVA_LONG, 0, -1L);
                Driver.check((int) Driver.cuMemPoolSetAttribute.invokeExact(p, POOL_RELEASE_THRESHOLD, out),
                        "cuMemPoolSetAttribute(RELEASE_THRESHOLD)");
            }
            pool = p;
        }
        allocator = new CudaAllocator(this);
    }

    private static int attr(Arena a, int attr, int dev) throws Throwable {
        MemorySegment v = a.allocate(JAVA_INT);
        Driver.check((int) Driver.cuDeviceGetAttribute.invokeExact(v, attr, dev), "cuDeviceGetAttribute(" + attr + ")");
        return v.get(JAVA_INT, 0);
    }

    /** Makes this device's primary context current on the calling thread (cheap when it already is). */
    public void makeCurrent() {
        long[] cur = CURRENT_CONTEXT.get();
        if (cur[0] == context) return;
        try {
            Driver.check((int) Driver.cuCtxSetCurrent.invokeExact(context), "cuCtxSetCurrent");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        cur[0] = context;
    }

    public int index() { return index; }

    public String name() { return name; }

    /** Compute capability {major, minor}. */
    public int[] capability() { return new int[] {major, minor}; }

    public int smCount() { return smCount; }

    public long totalMemory() { return totalMemory; }

    /** The stream-ordered memory pool, or 0 when the device has none. */
    long pool() { return pool; }

    CudaAllocator allocator() { return allocator; }

    /** Bad index values met by this device's index kernels, not yet reported. */
    IndexErrors indexErrors() { return indexErrors; }

    /** Bytes the pool holds from the device (used plus cached), or the allocator's count without a pool. */
    long poolReserved() { return poolAttr(POOL_RESERVED_CURRENT); }

    long poolUsed() { return poolAttr(POOL_USED_CURRENT); }

    private long poolAttr(int attr) {
        if (pool == 0) return -1;
        makeCurrent();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_LONG);
            Driver.check((int) Driver.cuMemPoolGetAttribute.invokeExact(pool, attr, v), "cuMemPoolGetAttribute");
            return v.get(JAVA_LONG, 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {free, total} bytes of device memory (cuMemGetInfo). */
    long[] memInfo() {
        makeCurrent();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(JAVA_LONG), t = a.allocate(JAVA_LONG);
            Driver.check((int) Driver.cuMemGetInfo.invokeExact(f, t), "cuMemGetInfo");
            return new long[] {f.get(JAVA_LONG, 0), t.get(JAVA_LONG, 0)};
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override public String toString() { return "cuda:" + index + " (" + name + ")"; }
}
