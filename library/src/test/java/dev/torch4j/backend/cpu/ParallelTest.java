package dev.torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private int before;

    @BeforeEach
    void remember() { before = Parallel.numThreads(); }

    @AfterEach
    void restore() { Parallel.setNumThreads(before); }

    /** Runs a loop that records how often each index was visited. */
    private static AtomicIntegerArray visit(int begin, int end, long grain) {
        AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(end, 1));
        Parallel.parallelFor(begin, end, grain, (b, e) -> {
            for (long i = b; i < e; i++) seen.incrementAndGet((int) i);
        });
        return seen;
    }

    @Test
    void everyIndexRunsExactlyOnceForAnyThreadCountRangeAndGrain() {
        for (int threads : new int[] {1, 2, 3, 4}) {
            Parallel.setNumThreads(threads);
            assertEquals(threads, Parallel.numThreads());
            for (int[] r : new int[][] {{0, 0}, {0, 1}, {0, 7}, {3, 10}, {0, 100}, {5, 1000}, {0, 99_999}}) {
                for (long grain : new long[] {1, 2, 33, 1000}) {
                    AtomicIntegerArray seen = visit(r[0], r[1], grain);
                    for (int i = 0; i < seen.length(); i++) {
                        assertEquals(i >= r[0] && i < r[1] ? 1 : 0, seen.get(i),
                                "threads " + threads + " range " + r[0] + ".." + r[1] + " grain " + grain + " index " + i);
                    }
                }
            }
        }
    }

    @Test
    void dynamicLoopsRunEveryPieceOnceWithBoundariesIndependentOfTheThreadCount() {
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setNumThreads(threads);
            for (long[] c : new long[][] {{0, 0, 1}, {0, 1, 1}, {3, 10, 1}, {5, 1000, 7}, {0, 100_000, 4096}, {0, 10, 50}}) {
                long begin = c[0], end = c[1], piece = c[2];
                AtomicIntegerArray seen = new AtomicIntegerArray((int) Math.max(end, 1));
                ConcurrentHashMap<Long, Long> pieces = new ConcurrentHashMap<>();
                ConcurrentHashMap<Thread, Boolean> ran = new ConcurrentHashMap<>();
                Parallel.parallelForDynamic(begin, end, piece, (b, e) -> {
                    assertTrue(Parallel.inParallelRegion() || threads == 1 || end - begin <= piece);
                    ran.put(Thread.currentThread(), true);
                    assertEquals(null, pieces.put(b, e));
                    for (long i = b; i < e; i++) seen.incrementAndGet((int) i);
                });
                String what = "threads " + threads + " range " + begin + ".." + end + " piece " + piece;
                for (int i = 0; i < seen.length(); i++) assertEquals(i >= begin && i < end ? 1 : 0, seen.get(i), what + " index " + i);
                for (var p : pieces.entrySet()) {
                    assertEquals(0, (p.getKey() - begin) % piece, what);
                    assertEquals(Math.min(end, p.getKey() + piece), p.getValue(), what);
                }
                assertEquals(end == begin ? 0 : (end - begin - 1) / piece + 1, pieces.size(), what);
                assertTrue(ran.size() <= threads, what);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Parallel.parallelForDynamic(0, 10, 0, (b, e) -> { }));
    }

    @Test
    void dynamicLoopsShareThePiecesAndPassExceptionsOn() {
        Parallel.setNumThreads(2);
        ConcurrentHashMap<Thread, Boolean> ran = new ConcurrentHashMap<>();
        long giveUp = System.nanoTime() + 60_000_000_000L;   // only if the worker never claims a piece (a bug)
        Parallel.parallelForDynamic(0, 64, 1, (b, e) -> {
            ran.put(Thread.currentThread(), true);
            // the first piece is held until the other thread has claimed one: each thread runs its own claim loop
            while (b == 0 && ran.size() < 2 && System.nanoTime() < giveUp) Thread.onSpinWait();
        });
        assertEquals(2, ran.size(), "both threads claimed pieces");
        IllegalStateException x = assertThrows(IllegalStateException.class,
                () -> Parallel.parallelForDynamic(0, 64, 1, (b, e) -> {
                    if (b == 40) throw new IllegalStateException("piece 40");
                }));
        assertEquals("piece 40", x.getMessage());
        AtomicIntegerArray seen = visit(0, 10, 1);
        for (int i = 0; i < 10; i++) assertEquals(1, seen.get(i));
    }

    @Test
    void eachChunkAfterTheFirstAlwaysRunsOnTheSameWorker() {
        Parallel.setNumThreads(3);
        Thread caller = Thread.currentThread();
        ConcurrentHashMap<Long, Thread> owner = new ConcurrentHashMap<>();
        for (int call = 0; call < 200; call++) {
            Parallel.parallelFor(0, 300, 1, (b, e) -> {
                Thread prev = owner.putIfAbsent(b, Thread.currentThread());
                if (prev != null) assertSame(prev, Thread.currentThread(), "chunk at " + b + " changed threads");
            });
        }
        assertEquals(3, owner.size());
        assertSame(caller, owner.get(0L));
        assertNotSame(owner.get(100L), owner.get(200L));
        assertTrue(owner.get(100L).getName().startsWith("torch4j-cpu-"));
    }

    @Test
    void insideTheBodyNestedLoopsRunSeriallyOnTheirOwnThread() {
        Parallel.setNumThreads(2);
        assertFalse(Parallel.inParallelRegion());
        ConcurrentHashMap<Thread, Boolean> nestedOnOtherThread = new ConcurrentHashMap<>();
        Parallel.parallelFor(0, 2, 1, (b, e) -> {
            assertTrue(Parallel.inParallelRegion());
            Thread me = Thread.currentThread();
            Parallel.parallelFor(0, 1000, 1, (b2, e2) -> {
                if (Thread.currentThread() != me || b2 != 0 || e2 != 1000) nestedOnOtherThread.put(me, true);
            });
        });
        assertTrue(nestedOnOtherThread.isEmpty());
        assertFalse(Parallel.inParallelRegion());
    }

    @Test
    void exceptionsFromAnyChunkReachTheCallerAndTheTeamKeepsWorking() {
        Parallel.setNumThreads(2);
        IllegalStateException fromCaller = assertThrows(IllegalStateException.class,
                () -> Parallel.parallelFor(0, 10, 1, (b, e) -> {
                    if (b == 0) throw new IllegalStateException("chunk 0");
                }));
        assertEquals("chunk 0", fromCaller.getMessage());
        IllegalArgumentException fromWorker = assertThrows(IllegalArgumentException.class,
                () -> Parallel.parallelFor(0, 10, 1, (b, e) -> {
                    if (b != 0) throw new IllegalArgumentException("chunk 1");
                }));
        assertEquals("chunk 1", fromWorker.getMessage());
        AssertionError error = assertThrows(AssertionError.class,
                () -> Parallel.parallelFor(0, 10, 1, (b, e) -> {
                    if (b != 0) throw new AssertionError("worker error");
                }));
        assertEquals("worker error", error.getMessage());
        assertFalse(Parallel.inParallelRegion());
        AtomicIntegerArray seen = visit(0, 10, 1);
        for (int i = 0; i < 10; i++) assertEquals(1, seen.get(i));
    }

    @Test
    void concurrentCallersAllGetCompleteResults() throws Exception {
        Parallel.setNumThreads(2);
        int callers = 4, calls = 300, n = 5000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    for (int c = 0; c < calls; c++) {
                        long[] sum = new long[1];
                        Object lock = new Object();
                        Parallel.parallelFor(0, n, 64, (b, e) -> {
                            long s = 0;
                            for (long i = b; i < e; i++) s += i;
                            synchronized (lock) { sum[0] += s; }
                        });
                        synchronized (lock) {
                            if (sum[0] != (long) n * (n - 1) / 2) throw new AssertionError("sum " + sum[0]);
                        }
                    }
                } catch (Throwable x) {
                    failure.compareAndSet(null, x);
                }
            });
            threads.add(th);
            th.start();
        }
        start.countDown();
        // Changing the thread count while loops run must not lose or repeat work either.
        for (int k = 0; k < 20; k++) Parallel.setNumThreads(k % 2 == 0 ? 3 : 2);
        for (Thread th : threads) th.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
    }

    @Test
    void changingTheThreadCountFromInsideALoopBodyDoesNotDeadlock() {
        Parallel.setNumThreads(2);
        AtomicIntegerArray seen = new AtomicIntegerArray(2);
        Parallel.parallelFor(0, 2, 1, (b, e) -> {
            if (b == 0) Parallel.setNumThreads(3);
            seen.incrementAndGet((int) b);
        });
        assertEquals(1, seen.get(0));
        assertEquals(1, seen.get(1));
        assertEquals(3, Parallel.numThreads());
        AtomicIntegerArray after = visit(0, 300, 1);
        for (int i = 0; i < 300; i++) assertEquals(1, after.get(i));
    }

    @Test
    void rejectsANonPositiveThreadCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.setNumThreads(0));
        assertEquals("set_num_threads expects a positive integer, got 0", e.getMessage());
    }
}
