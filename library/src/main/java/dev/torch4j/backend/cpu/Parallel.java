package dev.torch4j.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits loops over a shared ForkJoin pool. Ranges below the grain size run on the calling thread, so tiny ops
 * stay cheap; nested calls from inside a parallel region run serially (no oversubscription).
 */
public final class Parallel {
    /** PyTorch's internal grain size for elementwise loops (at::internal::GRAIN_SIZE). */
    public static final long GRAIN_SIZE = 32768;

    /** Body of a parallel loop over {@code [begin, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(long begin, long end);
    }

    private static volatile ForkJoinPool pool = newPool(Runtime.getRuntime().availableProcessors());
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private Parallel() {}

    private static ForkJoinPool newPool(int n) {
        return new ForkJoinPool(n, p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("torch4j-cpu-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** Number of threads used for intra-op parallelism ({@code torch.get_num_threads()}). */
    public static int numThreads() { return pool.getParallelism(); }

    /** Sets the number of threads ({@code torch.set_num_threads}). */
    public static synchronized void setNumThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("set_num_threads expects a positive integer, got " + n);
        if (n == pool.getParallelism()) return;
        ForkJoinPool old = pool;
        pool = newPool(n);
        old.shutdown();
    }

    /** True while the current thread runs inside a {@link #parallelFor} body. */
    public static boolean inParallelRegion() {
        return INSIDE.get() || Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread w && w.getPool() == pool;
    }

    /**
     * Runs {@code body} over {@code [begin, end)}, split into at most {@link #numThreads()} chunks of at least
     * {@code grain} iterations each.
     */
    public static void parallelFor(long begin, long end, long grain, RangeBody body) {
        long n = end - begin;
        if (n <= 0) return;
        int threads = numThreads();
        if (threads == 1 || n <= grain || inParallelRegion()) {
            body.run(begin, end);
            return;
        }
        int chunks = (int) Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1) {
            body.run(begin, end);
            return;
        }
        long step = (n + chunks - 1) / chunks;
        // The calling thread runs the first chunk itself while the pool wakes up for the others: waking idle
        // workers takes 10-50 us here, which the caller's own share of the work hides.
        ForkJoinTask<?>[] rest = new ForkJoinTask<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            long b = begin + c * step, e = Math.min(end, b + step);
            rest[c - 1] = pool.submit(() -> runMarked(body, b, e));
        }
        Throwable failure = null;
        try {
            runMarked(body, begin, Math.min(end, begin + step));
        } catch (Throwable t) {
            failure = t;
        }
        for (ForkJoinTask<?> t : rest) {
            try {
                t.join();
            } catch (Throwable x) {
                if (failure == null) failure = x;
            }
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new RuntimeException(failure);
    }

    private static void runMarked(RangeBody body, long b, long e) {
        boolean was = INSIDE.get();
        INSIDE.set(true);
        try {
            body.run(b, e);
        } finally {
            INSIDE.set(was);
        }
    }
}
