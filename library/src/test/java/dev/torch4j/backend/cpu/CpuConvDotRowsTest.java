package dev.torch4j.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * CpuConv.dotRows (the weight gradient of convolutions with few input rows, e.g. conv1 with C = 1 and a 3x3 kernel)
 * against Gemm's {@code A x B^T}: row counts that are and are not multiples of its 3 x 4 blocks, row lengths with
 * and without a masked tail, offsets, and accumulation into what is already there.
 */
class CpuConvDotRowsTest {
    @Test
    void matchesGemmWithTransposedB() {
        Random r = new Random(5);
        int[][] shapes = {{9, 32, 676}, {1, 1, 1}, {2, 5, 15}, {3, 4, 16}, {4, 7, 33}, {15, 3, 100}, {5, 9, 7}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], len = s[2], ao = 3, bo = 5, co = 2;
            float[] a = new float[ao + m * len], b = new float[bo + n * len];
            for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
            for (int i = 0; i < b.length; i++) b[i] = (float) r.nextGaussian();
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] got = new float[co + m * n + 1], want = new float[co + m * n + 1];
                for (int i = 0; i < got.length; i++) got[i] = want[i] = (float) r.nextGaussian();
                CpuConv.dotRows(a, ao, m, b, bo, n, len, accumulate, got, co);
                Gemm.sgemm(false, true, m, n, len, 1f, a, ao, len, b, bo, len, accumulate ? 1f : 0f, want, co, n);
                String what = m + "x" + n + "x" + len + (accumulate ? " accumulate" : "");
                assertEquals(want[0], got[0], what + ": before the result");
                assertEquals(want[co + m * n], got[co + m * n], what + ": after the result");
                for (int i = co; i < co + m * n; i++) {
                    assertEquals(want[i], got[i], 1e-4 * Math.sqrt(len) * (1 + Math.abs(want[i])), what + " at " + (i - co));
                }
            }
        }
    }
}
