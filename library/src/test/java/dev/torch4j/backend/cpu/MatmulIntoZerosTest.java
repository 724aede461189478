package dev.torch4j.backend.cpu;

import dev.torch4j.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.fromArray;
import static dev.torch4j.Torch.mm;
import static dev.torch4j.Torch.out;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A new product is computed with beta 1 into its zero-filled result where OpenBLAS would clear C itself
 * ({@link Gemm#addsIntoC}): the bits must be those of the plain beta-0 GEMM, signed zeros included, and an
 * {@code out=} tensor that holds other values must still be overwritten.
 */
class MatmulIntoZerosTest {
    /** Values with exact zeros, so that some products are -0.0 and the sign of a zero sum shows. */
    static float[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(4) == 0 ? 0f : (float) r.nextGaussian();
        return v;
    }

    /**
     * The reference: beta 0 into a C full of NaN, one matrix of the batch at a time, on the kernel the batched call
     * takes (a batch spread over threads runs the Java kernel inside the region; OpenBLAS and the Java kernel need
     * not agree to the last bit).
     */
    static float[] overwritingGemm(float[] a, float[] b, int batch, int m, int n, int k) {
        float[] c = new float[batch * m * n];
        java.util.Arrays.fill(c, Float.NaN);
        long macs = (long) m * n * k;
        boolean spread = batch > 1 && macs < Gemm.BATCH_SPLIT_MAX_MACS && Parallel.numThreads() > 1
                && (!Gemm.usesNative() || macs >= Gemm.BATCH_SPLIT_MIN_NATIVE_MACS);
        Runnable all = () -> {
            for (int i = 0; i < batch; i++) {
                Gemm.sgemm(false, false, m, n, k, 1f, a, i * m * k, k, b, i * k * n, n, 0f, c, i * m * n, n);
            }
        };
        if (spread) Parallel.parallelFor(0, 2, 1, (u0, u1) -> { if (u0 == 0) all.run(); });
        else all.run();
        return c;
    }

    static int[] bits(float[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Float.floatToRawIntBits(v[i]);
        return r;
    }

    @Test
    void newProductsHaveTheBitsOfTheOverwritingGemm() {
        // one product above the small-matrix limit, a batch spread over threads (stays beta 0), a batch of large ones
        int[][] shapes = {{1, 160, 170, 180}, {3, 128, 128, 128}, {2, 220, 210, 230}, {1, 40, 50, 60}};
        for (int[] s : shapes) {
            int batch = s[0], m = s[1], n = s[2], k = s[3];
            float[] a = values(batch * m * k, 1), b = values(batch * k * n, 2);
            // row 0 of A zero and column 0 of B negative: every term of element (0, 0) is -0.0, so only the start
            // value decides its sign
            for (int j = 0; j < k; j++) {
                a[j] = 0f;
                b[j * n] = -Math.abs(b[j * n]) - 1f;
            }
            Tensor x = fromArray(a, batch, m, k), y = fromArray(b, batch, k, n);
            float[] got = (batch == 1 ? x.view(m, k).matmul(y.view(k, n)) : x.bmm(y)).toFloatArray();
            assertArrayEquals(bits(overwritingGemm(a, b, batch, m, n, k)), bits(got),
                    "matmul " + java.util.Arrays.toString(s));
            assertEquals(0, Float.floatToRawIntBits(got[0]), "a zero row's sum is +0.0 as in PyTorch");
        }
    }

    @Test
    void outArgumentIsOverwrittenNotAddedTo() {
        int m = 160, n = 170, k = 180;
        Tensor a = fromArray(values(m * k, 3), m, k), b = fromArray(values(k * n, 4), k, n);
        Tensor o = dev.torch4j.Torch.full(new long[] {m, n}, 7.0);
        mm(a, b, out(o));
        assertArrayEquals(bits(a.matmul(b).toFloatArray()), bits(o.toFloatArray()), "mm(a, b, out=o) with o full of 7");
    }

    @Test
    void onlyWhereOpenBlasClearsC() {
        assertFalse(Gemm.addsIntoC(1, 100, 100, 100), "small products: OpenBLAS may write C without reading it");
        assertEquals(Gemm.nativeRuns(160, 170, 180), Gemm.addsIntoC(1, 160, 170, 180));
        assertFalse(Gemm.addsIntoC(3, 128, 128, 128), "a batch spread over threads runs the Java kernel");
        assertEquals(Gemm.nativeRuns(220, 210, 230), Gemm.addsIntoC(2, 220, 210, 230));
        int before = Parallel.numThreads();
        try {
            Parallel.setNumThreads(2);
            java.util.concurrent.atomic.AtomicInteger regions = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean adds = new java.util.concurrent.atomic.AtomicBoolean();
            Parallel.parallelFor(0, 2, 1, (lo, hi) -> {
                if (Parallel.inParallelRegion()) regions.incrementAndGet();
                if (Gemm.addsIntoC(1, 160, 170, 180)) adds.set(true);
            });
            assertEquals(2, regions.get(), "both pieces ran inside the region");
            assertFalse(adds.get(), "inside a parallel region the Java kernel runs");
        } finally {
            Parallel.setNumThreads(before);
        }
    }
}
