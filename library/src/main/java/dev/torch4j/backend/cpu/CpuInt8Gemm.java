package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The integer product of dynamic quantized linear layers: {@code C[i][j] = sum_k (A[i][k] - za) * (B[j][k] - zb)} for
 * a uint8 A (M x K, the quantized activations) and an int8 B (N x K, the quantized weight rows), exact in int32 as
 * FBGEMM's accumulation is.
 *
 * <p>Both operands are widened to int once, zero points subtracted (so the inner loop needs no row or column offset
 * corrections), and each 4 x 4 block of C is 16 dot products over K in int vectors: 8 vector loads feed 16
 * multiply-adds. The Vector API has no 8-bit multiply-add into int lanes (x86's vpmaddubsw / vpdpbusd), so the
 * products are 32-bit ({@code docs/PERFORMANCE.md} has the ratio against the float32 Linear).
 */
final class CpuInt8Gemm {
    private CpuInt8Gemm() {}

    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    private static final int MR = 4, NR = 4;

    /** The product of contiguous 2-d operands as a new int32 storage of M x N elements. */
    static Storage gemm(Strided a, int za, Strided b, int zb) {
        int m = (int) a.shape()[0], k = (int) a.shape()[1], n = (int) b.shape()[0];
        int[] wa = widen(a, za, m * k, true), wb = widen(b, zb, n * k, false);
        int[] c = new int[m * n];
        int rowTiles = (m + MR - 1) / MR, colTiles = (n + NR - 1) / NR;
        long grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1L, (long) MR * NR * k));
        Parallel.parallelFor(0, (long) rowTiles * colTiles, grain, (lo, hi) -> {
            for (long t = lo; t < hi; t++) {
                int i0 = (int) (t / colTiles) * MR, j0 = (int) (t % colTiles) * NR;
                if (i0 + MR <= m && j0 + NR <= n) tile(wa, wb, c, i0, j0, k, n);
                else edge(wa, wb, c, i0, Math.min(m, i0 + MR), j0, Math.min(n, j0 + NR), k, n);
            }
        });
        return CpuStorage.wrap(DType.INT32, c);
    }

    private static int[] widen(Strided s, int zero, int count, boolean unsigned) {
        byte[] src = (byte[]) ((CpuStorage) s.storage()).array();
        int off = (int) s.offset();
        int[] out = new int[count];
        if (unsigned) for (int i = 0; i < count; i++) out[i] = (src[off + i] & 0xFF) - zero;
        else for (int i = 0; i < count; i++) out[i] = src[off + i] - zero;
        return out;
    }

    /** A full 4 x 4 block: vector dot products over K, then the scalar tail of K. */
    private static void tile(int[] a, int[] b, int[] c, int i0, int j0, int k, int n) {
        int a0 = i0 * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        int b0 = j0 * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
        IntVector c00 = IntVector.zero(IS), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00,
                c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int len = IS.length(), bound = IS.loopBound(k), p = 0;
        for (; p < bound; p += len) {
            IntVector x0 = IntVector.fromArray(IS, a, a0 + p), x1 = IntVector.fromArray(IS, a, a1 + p);
            IntVector x2 = IntVector.fromArray(IS, a, a2 + p), x3 = IntVector.fromArray(IS, a, a3 + p);
            IntVector y = IntVector.fromArray(IS, b, b0 + p);
            c00 = x0.mul(y).add(c00);
            c10 = x1.mul(y).add(c10);
            c20 = x2.mul(y).add(c20);
            c30 = x3.mul(y).add(c30);
            y = IntVector.fromArray(IS, b, b1 + p);
            c01 = x0.mul(y).add(c01);
            c11 = x1.mul(y).add(c11);
            c21 = x2.mul(y).add(c21);
            c31 = x3.mul(y).add(c31);
            y = IntVector.fromArray(IS, b, b2 + p);
            c02 = x0.mul(y).add(c02);
            c12 = x1.mul(y).add(c12);
            c22 = x2.mul(y).add(c22);
            c32 = x3.mul(y).add(c32);
            y = IntVector.fromArray(IS, b, b3 + p);
            c03 = x0.mul(y).add(c03);
            c13 = x1.mul(y).add(c13);
            c23 = x2.mul(y).add(c23);
            c33 = x3.mul(y).add(c33);
        }
        IntVector[] acc = {c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33};
        for (int r = 0; r < MR; r++) {
            for (int q = 0; q < NR; q++) {
                int s = acc[r * NR + q].reduceLanes(VectorOperators.ADD);
                int ar = (i0 + r) * k, bq = (j0 + q) * k;
                for (int t = p; t < k; t++) s += a[ar + t] * b[bq + t];
                c[(i0 + r) * n + j0 + q] = s;
            }
        }
    }

    /** A partial block at the bottom or right edge: one vector dot product per element. */
    private static void edge(int[] a, int[] b, int[] c, int i0, int i1, int j0, int j1, int k, int n) {
        int len = IS.length(), bound = IS.loopBound(k);
        for (int i = i0; i < i1; i++) {
            int ai = i * k;
            for (int j = j0; j < j1; j++) {
                int bj = j * k, p = 0;
                IntVector acc = IntVector.zero(IS);
                for (; p < bound; p += len) acc = IntVector.fromArray(IS, a, ai + p).mul(IntVector.fromArray(IS, b, bj + p)).add(acc);
                int s = acc.reduceLanes(VectorOperators.ADD);
                for (; p < k; p++) s += a[ai + p] * b[bj + p];
                c[i * n + j] = s;
            }
        }
    }
}
