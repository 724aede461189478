package dev.torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.torch4j.DType;
import dev.torch4j.backend.Strided;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The int8 product against the definition, with zero points, on shapes whose K needs one float block or several (the
 * block keeps every partial sum below 2^24, where float32 is exact).
 */
class CpuInt8GemmTest {
    private static Strided bytes(byte[] v, int rows, int cols, int offset) {
        return new Strided(CpuStorage.wrap(DType.UINT8, v), new long[] {rows, cols}, new long[] {cols, 1}, offset);
    }

    @Test
    void equalsTheDefinitionExactly() {
        SplittableRandom r = new SplittableRandom(5);
        int[][] shapes = {{1, 1, 1}, {4, 4, 16}, {5, 7, 33}, {9, 13, 100}, {3, 64, 1024}, {17, 6, 15}, {8, 8, 0}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2], za = r.nextInt(256), zb = r.nextInt(-128, 128);
            byte[] a = new byte[m * k + 3], b = new byte[n * k];
            for (int i = 0; i < a.length; i++) a[i] = (byte) r.nextInt(256);
            for (int i = 0; i < b.length; i++) b[i] = (byte) r.nextInt(-128, 128);
            int[] want = new int[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int acc = 0;
                    for (int t = 0; t < k; t++) acc += ((a[3 + i * k + t] & 0xFF) - za) * (b[j * k + t] - zb);
                    want[i * n + j] = acc;
                }
            }
            Strided bs = new Strided(CpuStorage.wrap(DType.INT8, b), new long[] {n, k}, new long[] {k, 1}, 0);
            int[] got = (int[]) ((CpuStorage) CpuInt8Gemm.gemm(bytes(a, m, k, 3), za, bs, zb)).array();
            assertArrayEquals(want, got, m + "x" + n + "x" + k);
        }
    }

    /** The weight's widened floats are reused only while its storage is unchanged. */
    @Test
    void aWrittenWeightIsWidenedAgain() {
        byte[] a = {1, 2, 3}, b = {4, 5, 6, -7, -8, -9};
        Strided as = bytes(a, 1, 3, 0);
        Strided bs = new Strided(CpuStorage.wrap(DType.INT8, b), new long[] {2, 3}, new long[] {3, 1}, 0);
        assertArrayEquals(new int[] {32, -50}, (int[]) ((CpuStorage) CpuInt8Gemm.gemm(as, 0, bs, 0)).array());
        b[0] = 0;
        bs.storage().bumpVersion(); // what an in-place write through a tensor does
        assertArrayEquals(new int[] {28, -50}, (int[]) ((CpuStorage) CpuInt8Gemm.gemm(as, 0, bs, 0)).array());
        assertArrayEquals(new int[] {22, -56}, (int[]) ((CpuStorage) CpuInt8Gemm.gemm(as, 0, bs, 1)).array(), "another zero point");
    }
}
