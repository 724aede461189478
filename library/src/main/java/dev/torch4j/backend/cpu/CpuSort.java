package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Coalesced;
import dev.torch4j.backend.Strided;

import java.util.Arrays;

import static dev.torch4j.backend.cpu.CpuBackend.arr;

/**
 * Stable sort along one dim, lines split over threads. Each element becomes an integer key whose signed order is
 * the wanted order (floats through their IEEE bits, with every NaN mapped above +inf and -0.0 equal to 0.0, as
 * PyTorch compares them; descending order complements the key). Dtypes of at most 32 bits pack
 * {@code key << 32 | position} into one long, so a primitive {@link Arrays#sort(long[])} is stable for free;
 * float64 and int64 keys go through a stable merge sort of (key, position) pairs.
 */
final class CpuSort {
    private CpuSort() {}

    private static final int INSERTION = 32;

    static void sort(Strided values, Strided indices, Strided in, int dim, boolean descending) {
        if (in.numel() == 0) return;
        StridedLoop lines = new StridedLoop(Coalesced.excludingDim(dim, in.shape(), values, indices, in), values.offset(),
                indices.offset(), in.offset());
        int lv = lines.innerStride(0), lx = lines.innerStride(1), li = lines.innerStride(2);
        int sv = (int) values.strides()[dim], sx = (int) indices.strides()[dim], si = (int) in.strides()[dim];
        int n = (int) in.shape()[dim];
        DType t = in.dtype();
        boolean wide = t == DType.FLOAT64 || t == DType.INT64;
        Object v = arr(values), x = arr(in);
        long[] ix = (long[]) arr(indices);
        int cost = (int) Math.min(Integer.MAX_VALUE, (long) n * (64 - Long.numberOfLeadingZeros(n)));
        lines.forEach(Math.max(1, cost), (m, offs) -> {
            long[] keys = new long[n];
            int[] order = new int[n];
            long[] tmpK = wide ? new long[n] : null;
            int[] tmpO = wide ? new int[n] : null;
            for (int j = 0; j < m; j++) {
                int io = offs[2] + j * li;
                if (wide) {
                    for (int p = 0; p < n; p++) {
                        long k = t == DType.FLOAT64 ? key(((double[]) x)[io + p * si]) : ((long[]) x)[io + p * si];
                        keys[p] = descending ? ~k : k;
                        order[p] = p;
                    }
                    mergeSort(keys, order, n, tmpK, tmpO);
                } else {
                    for (int p = 0; p < n; p++) {
                        int k = key32(x, t, io + p * si);
                        keys[p] = (long) (descending ? ~k : k) << 32 | p;
                    }
                    Arrays.sort(keys, 0, n);
                    for (int p = 0; p < n; p++) order[p] = (int) keys[p];
                }
                int vo = offs[0] + j * lv, xo = offs[1] + j * lx;
                for (int p = 0; p < n; p++) ix[xo + p * sx] = order[p];
                gather(v, vo, sv, x, io, si, order, n);
            }
        });
    }

    /** A float64 as a long whose signed order is the numeric order, NaN above +inf, -0.0 equal to 0.0. */
    static long key(double d) {
        long b = d != d ? 0x7ff8000000000000L : d == 0 ? 0L : Double.doubleToRawLongBits(d);
        return b ^ ((b >> 63) & Long.MAX_VALUE);
    }

    static int key(float f) {
        int b = f != f ? 0x7fc00000 : f == 0 ? 0 : Float.floatToRawIntBits(f);
        return b ^ ((b >> 31) & Integer.MAX_VALUE);
    }

    static int key32(Object x, DType t, int i) {
        return switch (x) {
            case float[] a -> key(a[i]);
            case int[] a -> a[i];
            default -> t.isFloatingPoint() ? key((float) CpuAccess.getD(x, t, i)) : (int) CpuAccess.getL(x, t, i);
        };
    }

    /** {@code dst[do + p*ds] = src[so + order[p]*ss]} for the line, in the carrier's own type. */
    static void gather(Object dst, int dof, int ds, Object src, int sof, int ss, int[] order, int n) {
        switch (dst) {
            case float[] y -> { float[] a = (float[]) src; for (int p = 0; p < n; p++) y[dof + p * ds] = a[sof + order[p] * ss]; }
            case double[] y -> { double[] a = (double[]) src; for (int p = 0; p < n; p++) y[dof + p * ds] = a[sof + order[p] * ss]; }
            case long[] y -> { long[] a = (long[]) src; for (int p = 0; p < n; p++) y[dof + p * ds] = a[sof + order[p] * ss]; }
            case int[] y -> { int[] a = (int[]) src; for (int p = 0; p < n; p++) y[dof + p * ds] = a[sof + order[p] * ss]; }
            case short[] y -> { short[] a = (short[]) src; for (int p = 0; p < n; p++) y[dof + p * ds] = a[sof + order[p] * ss]; }
            case byte[] y -> { byte[] a = (byte[]) src; for (int p = 0; p < n; p++) y[dof + p * ds] = a[sof + order[p] * ss]; }
            default -> throw new IllegalStateException("unknown carrier " + dst.getClass());
        }
    }

    /** Stable sort of (key, order) pairs by key: insertion-sorted runs, then bottom-up merges. */
    static void mergeSort(long[] k, int[] o, int n, long[] tk, int[] to) {
        for (int lo = 0; lo < n; lo += INSERTION) {
            int hi = Math.min(n, lo + INSERTION);
            for (int i = lo + 1; i < hi; i++) {
                long key = k[i];
                int val = o[i];
                int j = i - 1;
                while (j >= lo && k[j] > key) {
                    k[j + 1] = k[j];
                    o[j + 1] = o[j];
                    j--;
                }
                k[j + 1] = key;
                o[j + 1] = val;
            }
        }
        for (int w = INSERTION; w < n; w *= 2) {
            for (int lo = 0; lo + w < n; lo += 2 * w) {
                int mid = lo + w, hi = Math.min(n, lo + 2 * w);
                if (k[mid - 1] <= k[mid]) continue; // already in order
                System.arraycopy(k, lo, tk, lo, w);
                System.arraycopy(o, lo, to, lo, w);
                int i = lo, j = mid, d = lo;
                while (i < mid && j < hi) {
                    if (k[j] < tk[i]) { k[d] = k[j]; o[d++] = o[j++]; }
                    else { k[d] = tk[i]; o[d++] = to[i++]; }
                }
                while (i < mid) { k[d] = tk[i]; o[d++] = to[i++]; }
            }
        }
    }
}
