package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The integer product of dynamic quantized linear layers: {@code C[i][j] = sum_k (A[i][k] - za) * (B[j][k] - zb)} for
 * a uint8 A (M x K, the quantized activations) and an int8 B (N x K, the quantized weight rows), exact in int32 as
 * FBGEMM's accumulation is.
 *
 * <p>Note [int8 products in float32]: the Vector API has no 8-bit multiply-add into int lanes (x86's vpmaddubsw,
 * vpdpbusd), and its 32-bit integer multiply runs at half the float FMA rate; an int32 dot-product kernel here was
 * 27x slower than the float32 Linear on 512 x 1024 x 1024. So the operands become floats (zero points subtracted:
 * integers of magnitude at most 255) and go through the float GEMM in blocks of K short enough that every partial sum
 * stays below 2^24, where float32 represents every integer: each block's result is exact whatever the kernel's
 * summation order, and the blocks add up in int. The weight's floats are kept per storage (until it is written to),
 * so a layer widens them once.
 */
final class CpuInt8Gemm {
    private CpuInt8Gemm() {}

    /** 2^24: below it every integer is a float32, so sums of integer products that stay below it are exact. */
    private static final long EXACT = 1 << 24;

    /** Widened operands: {@code values[i] = raw[offset + i] - zero}, and the largest magnitude among them. */
    private record Widened(int version, long offset, int count, int zero, float[] values, long maxAbs) {}

    private static final Map<Storage, Widened> WEIGHTS = Collections.synchronizedMap(new WeakHashMap<>());

    /** The product of contiguous 2-d operands as a new int32 storage of M x N elements. */
    static Storage gemm(Strided a, int za, Strided b, int zb) {
        int m = (int) a.shape()[0], k = (int) a.shape()[1], n = (int) b.shape()[0];
        int[] c = new int[m * n];
        if (k == 0 || c.length == 0) return CpuStorage.wrap(DType.INT32, c);
        Widened wa = widen(a, za, m * k, true), wb = weight(b, zb, n * k);
        int block = (int) Math.max(1, Math.min(k, (EXACT - 1) / Math.max(1, wa.maxAbs * wb.maxAbs)));
        float[] part = new float[c.length];
        for (int k0 = 0; k0 < k; k0 += block) {
            int kb = Math.min(block, k - k0);
            Gemm.sgemm(false, true, m, n, kb, 1f, wa.values, k0, k, wb.values, k0, k, 0f, part, 0, n);
            for (int i = 0; i < c.length; i++) c[i] += (int) part[i];
        }
        return CpuStorage.wrap(DType.INT32, c);
    }

    private static Widened weight(Strided b, int zb, int count) {
        Storage s = b.storage();
        Widened w = WEIGHTS.get(s);
        if (w != null && w.version == s.version() && w.offset == b.offset() && w.count == count && w.zero == zb) return w;
        w = widen(b, zb, count, false);
        WEIGHTS.put(s, w);
        return w;
    }

    private static Widened widen(Strided s, int zero, int count, boolean unsigned) {
        byte[] src = (byte[]) ((CpuStorage) s.storage()).array();
        int off = (int) s.offset();
        float[] out = new float[count];
        int max = 0;
        for (int i = 0; i < count; i++) {
            int v = (unsigned ? src[off + i] & 0xFF : src[off + i]) - zero;
            out[i] = v;
            max = Math.max(max, Math.abs(v));
        }
        return new Widened(s.storage().version(), s.offset(), count, zero, out, max);
    }
}
