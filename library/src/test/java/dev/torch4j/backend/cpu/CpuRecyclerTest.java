package dev.torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.torch4j.DType;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-thread pool behind {@link CpuStorage#allocate}: bounds, zeroing, and what it never takes. */
class CpuRecyclerTest {
    private static final int N = 1 << 15;   // 128 KiB of floats: above the pool's minimum

    @BeforeEach
    void empty() {
        CpuRecycler.setEnabled(true);
        CpuRecycler.clear();
    }

    @AfterEach
    void restore() {
        CpuRecycler.setEnabled(true);
        CpuRecycler.clear();
    }

    @Test
    void anArrayGivenBackIsTheNextAllocationOfItsSizeAndComesBackZeroed() {
        CpuStorage s = CpuStorage.allocate(DType.FLOAT32, N);
        float[] a = (float[]) s.array();
        Arrays.fill(a, 7f);
        s.recycle();
        assertEquals(1, CpuRecycler.pooled());
        // another size or another carrier does not take it
        assertNotSame(a, CpuStorage.allocate(DType.FLOAT32, N + 1).array());
        assertNotSame(a, CpuStorage.allocate(DType.INT32, N).array());
        CpuStorage t = CpuStorage.allocate(DType.FLOAT32, N);
        assertSame(a, t.array());
        for (float v : a) assertEquals(0f, v);
        assertEquals(0, CpuRecycler.pooled());
    }

    @Test
    void theMostRecentlyFreedArrayIsHandedOutFirst() {
        float[] older = new float[N], newer = new float[N];
        CpuRecycler.give(older);
        CpuRecycler.give(newer);
        assertSame(newer, CpuRecycler.take(float.class, N));
        assertSame(older, CpuRecycler.take(float.class, N));
        assertNull(CpuRecycler.take(float.class, N));
    }

    @Test
    void aWrappedArrayIsNeverPooled() {
        float[] users = new float[N];
        CpuStorage.wrap(DType.FLOAT32, users).recycle();
        assertEquals(0, CpuRecycler.pooled());
    }

    @Test
    void oneArrayGivenTwiceIsPooledOnce() {
        float[] a = new float[N];
        CpuRecycler.give(a);
        CpuRecycler.give(a);
        assertEquals(1, CpuRecycler.pooled());
    }

    @Test
    void smallAndHugeArraysAreLeftToTheCollector() {
        CpuRecycler.give(new float[(int) (CpuRecycler.MIN_BYTES / 4) - 1]);
        CpuRecycler.give(new double[(int) (CpuRecycler.MAX_BYTES / 8) + 1]);
        assertEquals(0, CpuRecycler.pooled());
    }

    @Test
    void thePoolKeepsAtMostItsCountAndItsBytesDroppingTheOldest() {
        float[] first = new float[N];
        CpuRecycler.give(first);
        for (int i = 0; i < CpuRecycler.MAX_ARRAYS + 3; i++) CpuRecycler.give(new float[N]);
        assertEquals(CpuRecycler.MAX_ARRAYS, CpuRecycler.pooled());
        for (int i = 0; i < CpuRecycler.MAX_ARRAYS; i++) assertNotSame(first, CpuRecycler.take(float.class, N));
        int quarter = (int) (CpuRecycler.MAX_BYTES / 4 / 4);   // float[] of a quarter of the byte budget
        for (int i = 0; i < 6; i++) CpuRecycler.give(new float[quarter]);
        assertEquals(4, CpuRecycler.pooled());
    }

    @Test
    void whenDisabledNothingIsPooledOrHandedOut() {
        float[] a = new float[N];
        CpuRecycler.give(a);
        CpuRecycler.setEnabled(false);
        assertNull(CpuRecycler.take(float.class, N));
        CpuRecycler.give(new float[N]);
        assertEquals(1, CpuRecycler.pooled());
        assertNotSame(a, CpuStorage.allocate(DType.FLOAT32, N).array());
    }

    @Test
    void poolsBelongToTheirThread() throws InterruptedException {
        CpuRecycler.give(new float[N]);
        int[] seen = new int[1];
        Thread t = new Thread(() -> seen[0] = CpuRecycler.pooled() + (CpuRecycler.take(float.class, N) == null ? 0 : 100));
        t.start();
        t.join();
        assertEquals(0, seen[0]);
        assertEquals(1, CpuRecycler.pooled());
    }
}
