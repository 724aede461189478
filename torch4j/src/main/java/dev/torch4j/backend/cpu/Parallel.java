package dev.torch4j.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

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
        pool.invoke(new Split(begin, end, step, body));
    }

    private static final class Split extends RecursiveAction {
        private final long begin, end, step;
        private final RangeBody body;

        Split(long begin, long end, long step, RangeBody body) {
            this.begin = begin;
            this.end = end;
            this.step = step;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (end - begin <= step) {
                INSIDE.set(true);
                try {
                    body.run(begin, end);
                } finally {
                    INSIDE.set(false);
                }
                return;
            }
            long chunks = (end - begin + step - 1) / step;
            long mid = begin + (chunks / 2) * step;
            invokeAll(new Split(begin, mid, step, body), new Split(mid, end, step, body));
        }
    }
}
