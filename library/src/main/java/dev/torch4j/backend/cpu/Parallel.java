package dev.torch4j.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits loops over a team of dedicated worker threads, as OpenMP does: chunk {@code c > 0} of every parallel loop
 * always runs on worker {@code c}, and the calling thread runs chunk 0. Ranges below the grain size run on the
 * calling thread, so tiny ops stay cheap; nested calls from inside a parallel region, and calls made while another
 * thread holds the team, run serially on the calling thread (no oversubscription; every kernel's result depends
 * only on the shape, not on the thread count).
 *
 * <p>Why not a ForkJoin pool: with one, the second half of a loop went to whichever of the pool's workers woke up
 * first, so consecutive loops over the same tensor read each half from a different core's cache. Fixed chunk
 * owners keep each half in one core's cache across calls (PyTorch's OpenMP team behaves the same way), and a worker
 * spins for {@link #SPIN_NANOS} after its chunk before parking, so back-to-back ops skip the 10-50 us wake-up.
 */
public final class Parallel {
    /** PyTorch's internal grain size for elementwise loops (at::internal::GRAIN_SIZE). */
    public static final long GRAIN_SIZE = 32768;

    /**
     * How long an idle worker (and a caller waiting for its workers) spins before parking. Long enough to bridge
     * the serial code between two ops of a training step; short enough not to hold a core when the program moves
     * on to something else (OpenBLAS's threads, the JIT, another process).
     */
    static final long SPIN_NANOS = Long.getLong("torch4j.parallel.spinMicros", 50) * 1000;

    /** Body of a parallel loop over {@code [begin, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(long begin, long end);
    }

    private static volatile Team team = new Team(Runtime.getRuntime().availableProcessors());
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private Parallel() {}

    /** Number of threads used for intra-op parallelism ({@code torch.get_num_threads()}). */
    public static int numThreads() { return team.threads(); }

    /** Sets the number of threads ({@code torch.set_num_threads}). */
    public static synchronized void setNumThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("set_num_threads expects a positive integer, got " + n);
        if (n == team.threads()) return;
        Team old = team;
        team = new Team(n);
        old.shutdown();
    }

    /**
     * Makes idle workers that are still spinning park now. Called before handing the cores to another thread pool
     * (OpenBLAS's): a worker spinning on a core that pool needs slowed an MLP training step by up to 2x.
     */
    public static void yieldCores() {
        if (SPIN_NANOS > 0) quiet++;
    }

    /** Bumped by {@link #yieldCores}; spinning workers park when they see it change. Races only cost a spin. */
    private static volatile int quiet;

    /** True while the current thread runs inside a {@link #parallelFor} body. */
    public static boolean inParallelRegion() {
        return Thread.currentThread() instanceof Worker || INSIDE.get();
    }

    /**
     * Runs {@code body} over {@code [begin, end)}, split into at most {@link #numThreads()} chunks of at least
     * {@code grain} iterations each.
     */
    public static void parallelFor(long begin, long end, long grain, RangeBody body) {
        long n = end - begin;
        if (n <= 0) return;
        Team t = team;
        int threads = t.threads();
        if (threads == 1 || n <= grain || inParallelRegion()) {
            body.run(begin, end);
            return;
        }
        int chunks = (int) Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || !t.busy.compareAndSet(false, true)) {
            runMarked(body, begin, end);
            return;
        }
        try {
            t.run(begin, end, chunks, body);
        } finally {
            t.busy.set(false);
            if (t.retiring) t.retireIfIdle();
        }
    }

    /**
     * Runs {@code body} over {@code [begin, end)} in pieces of {@code piece} iterations (the last may be shorter),
     * which the team's threads claim in order, each taking the next piece when it finishes one. For loops over data
     * far larger than the caches, where nothing is gained by each thread reading the same part every call: with a
     * fixed split of a 64 MiB sum, one thread finished 0.08-0.45 ms (median per JVM; up to 1.1 ms) before the other
     * and left half the memory bandwidth unused meanwhile. The pieces do not depend on the thread count, so a body
     * that keeps each piece's result apart gives the same bits however many threads run it.
     */
    public static void parallelForDynamic(long begin, long end, long piece, RangeBody body) {
        long n = end - begin;
        if (n <= 0) return;
        if (piece < 1) throw new IllegalArgumentException("parallelForDynamic: piece must be positive, got " + piece);
        long pieces = (n - 1) / piece + 1;
        AtomicLong next = new AtomicLong();
        parallelFor(0, Math.min(pieces, numThreads()), 1, (tb, te) -> {
            for (long p; (p = next.getAndIncrement()) < pieces; ) {
                long b = begin + p * piece;
                body.run(b, Math.min(end, b + piece));
            }
        });
    }

    private static void runMarked(RangeBody body, long b, long e) {
        INSIDE.set(true);
        try {
            body.run(b, e);
        } finally {
            INSIDE.set(false);
        }
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new RuntimeException(failure);
    }

    /** The calling thread plus {@code threads - 1} workers; one parallel loop at a time (see {@code busy}). */
    private static final class Team {
        final Worker[] workers;
        final AtomicBoolean busy = new AtomicBoolean();
        /** Replaced by setNumThreads: its workers stop once no loop holds the team (never released again). */
        volatile boolean retiring;

        Team(int threads) {
            workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker("torch4j-cpu-" + (i + 1));
                workers[i].start();
            }
        }

        int threads() { return workers.length + 1; }

        void run(long begin, long end, int chunks, RangeBody body) {
            long n = end - begin, step = (n + chunks - 1) / chunks;
            Thread caller = Thread.currentThread();
            for (int c = 1; c < chunks; c++) {
                long b = begin + c * step;
                workers[c - 1].assign(body, b, Math.min(end, b + step), caller);
            }
            Throwable failure = null;
            try {
                runMarked(body, begin, Math.min(end, begin + step));
            } catch (Throwable x) {
                failure = x;
            }
            for (int c = 1; c < chunks; c++) {
                Throwable x = workers[c - 1].await();
                if (failure == null) failure = x;
            }
            rethrow(failure);
        }

        /**
         * Stops the workers now if no loop holds the team, else when that loop ends (its workers must finish their
         * chunks first; waiting here instead would deadlock a set_num_threads called from inside a loop body).
         */
        void shutdown() {
            retiring = true;
            retireIfIdle();
        }

        void retireIfIdle() {
            if (busy.compareAndSet(false, true)) for (Worker w : workers) w.retire();
        }
    }

    /**
     * One worker: waits for a chunk (spinning, then parked), runs it, publishes completion. The volatile
     * {@code posted}/{@code done} counters and {@code parked}/{@code waiting} flags pair up so that a wake-up is
     * never lost: each side writes its own flag before re-reading the other's counter.
     */
    private static final class Worker extends Thread {
        private volatile long posted, done;
        private volatile boolean parked, waiting, stopped;
        private RangeBody body;
        private long from, to;
        private Throwable failure;
        private Thread caller;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void assign(RangeBody body, long from, long to, Thread caller) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.caller = caller;
            failure = null;
            posted = posted + 1; // volatile write publishes the fields above
            if (parked) LockSupport.unpark(this);
        }

        /** Waits until the chunk assigned last has run; returns its exception, if any. */
        Throwable await() {
            long want = posted, deadline = System.nanoTime() + SPIN_NANOS;
            while (done != want) {
                if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                } else {
                    waiting = true;
                    if (done != want) LockSupport.park(this);
                    waiting = false;
                }
            }
            Throwable f = failure;
            failure = null;
            body = null;
            return f;
        }

        void retire() {
            stopped = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long deadline = System.nanoTime() + SPIN_NANOS;
                int calm = quiet;
                while (posted == seen && !stopped) {
                    if (quiet == calm && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (posted == seen && !stopped) LockSupport.park(this);
                        parked = false;
                    }
                }
                if (stopped) return;
                seen = posted;
                try {
                    body.run(from, to);
                } catch (Throwable x) {
                    failure = x;
                }
                Thread c = caller;
                done = seen;
                if (waiting) LockSupport.unpark(c);
            }
        }
    }
}
