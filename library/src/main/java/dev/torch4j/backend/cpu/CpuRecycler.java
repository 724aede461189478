package dev.torch4j.backend.cpu;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Per-thread arrays whose storage autograd proved dead (a gradient the engine alone held, consumed by a built-in
 * derivative formula), handed out again by {@link CpuStorage#allocate}. PyTorch gets the same from its allocator:
 * a block freed by one op is given to the next allocation of that size, still in cache. A new Java array is memory
 * the program has not touched for a whole young-generation cycle; measured on the MNIST CNN step, allocating
 * results was 1.9 ms of 14.7 (13%).
 *
 * <p>Bounded: at most {@value #MAX_ARRAYS} arrays and {@value #MAX_BYTES} bytes per thread (about the L3 cache:
 * beyond it a reused array is no longer in cache), arrays of at least {@value #MIN_BYTES} bytes (smaller ones come
 * from the thread's allocation buffer, still warm). When full, the array given back longest ago is dropped to the
 * garbage collector. Arrays are zeroed when handed out, so {@code allocate} keeps its contract.
 */
public final class CpuRecycler {
    private CpuRecycler() {}

    static final int MAX_ARRAYS = 16;
    static final long MAX_BYTES = 32L << 20;
    static final long MIN_BYTES = 64L << 10;

    private static volatile boolean enabled = !"false".equals(System.getProperty("torch4j.recycle"));

    private static final ThreadLocal<CpuRecycler.Pool> POOL = ThreadLocal.withInitial(Pool::new);

    /**
     * Turns reuse on or off for every thread (on by default; {@code -Dtorch4j.recycle=false} starts with it off). For
     * tests and for ruling it out when chasing a bug: results are the same bits either way.
     */
    public static void setEnabled(boolean on) { enabled = on; }

    /** Arrays the pool of the calling thread holds now (for tests). */
    public static int pooled() { return POOL.get().size; }

    /** Empties the calling thread's pool (for tests). */
    static void clear() {
        Pool p = POOL.get();
        while (p.size > 0) p.removeAt(0);
    }

    /** Takes {@code array} for reuse on this thread; the caller guarantees nothing references it any more. */
    static void give(Object array) {
        if (!enabled) return;
        long bytes = bytes(array);
        if (bytes < MIN_BYTES || bytes > MAX_BYTES) return;
        POOL.get().add(array, bytes);
    }

    /** A zeroed array of exactly {@code length} elements of {@code type} from this thread's pool, or null. */
    static Object take(Class<?> type, int length) {
        // small allocations (per-op overhead) skip the thread-local lookup: the pool never holds their size
        if (!enabled || (long) length * width(type) < MIN_BYTES) return null;
        Pool p = POOL.get();
        if (p.size == 0) return null;
        Object a = p.remove(type, length);
        if (a != null) zero(a);
        return a;
    }

    private static int width(Class<?> type) {
        if (type == double.class || type == long.class) return 8;
        if (type == float.class || type == int.class) return 4;
        return type == short.class ? 2 : 1;
    }

    private static long bytes(Object array) {
        return (long) Array.getLength(array) * width(array.getClass().getComponentType());
    }

    private static void zero(Object a) {
        switch (a) {
            case float[] f -> Arrays.fill(f, 0f);
            case double[] d -> Arrays.fill(d, 0.0);
            case long[] l -> Arrays.fill(l, 0L);
            case int[] i -> Arrays.fill(i, 0);
            case short[] s -> Arrays.fill(s, (short) 0);
            case byte[] b -> Arrays.fill(b, (byte) 0);
            default -> throw new IllegalStateException("not a storage array: " + a.getClass());
        }
    }

    /** Oldest first; a removal shifts the few entries after it. */
    private static final class Pool {
        final Object[] arrays = new Object[MAX_ARRAYS];
        final long[] sizes = new long[MAX_ARRAYS];
        int size;
        long bytes;

        void add(Object array, long n) {
            for (int i = 0; i < size; i++) {
                if (arrays[i] == array) return;   // never twice: two tensors would share it
            }
            while (size > 0 && (size == MAX_ARRAYS || bytes + n > MAX_BYTES)) removeAt(0);
            arrays[size] = array;
            sizes[size++] = n;
            bytes += n;
        }

        Object remove(Class<?> type, int length) {
            for (int i = size - 1; i >= 0; i--) {   // the most recently freed first: the likeliest still in cache
                Object a = arrays[i];
                if (a.getClass().getComponentType() == type && Array.getLength(a) == length) {
                    removeAt(i);
                    return a;
                }
            }
            return null;
        }

        private void removeAt(int i) {
            bytes -= sizes[i];
            System.arraycopy(arrays, i + 1, arrays, i, size - i - 1);
            System.arraycopy(sizes, i + 1, sizes, i, size - i - 1);
            arrays[--size] = null;
        }
    }
}
