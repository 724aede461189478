package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Coalesced;
import dev.torch4j.backend.Strided;

import java.util.Arrays;

import static dev.torch4j.backend.cpu.CpuBackend.arr;

/**
 * topk along one dim by selection instead of a full sort: each line's elements become {@link CpuSort}'s packed
 * keys {@code key << 32 | position} (unique, so ties keep index order), and a max-heap keeps the k smallest; only
 * an element below the heap's top costs more than one compare. The k kept keys are then sorted, so the result is
 * exactly the first k of the stable sort (O(n + k log k log n) per line instead of O(n log n)). float64 and int64
 * keys do not fit beside a position, so their heap holds (key, position) pairs compared in that order.
 */
final class CpuTopk {
    private CpuTopk() {}

    /** Whether {@link #topk} handles this dtype. */
    static boolean supports(DType t) { return !t.isComplex() && t != DType.BOOL; }

    static void topk(Strided values, Strided indices, Strided in, int dim, int k, boolean largest) {
        if (values.numel() == 0) return;
        StridedLoop lines = new StridedLoop(Coalesced.excludingDim(dim, in.shape(), values, indices, in), values.offset(),
                indices.offset(), in.offset());
        int lv = lines.innerStride(0), lx = lines.innerStride(1), li = lines.innerStride(2);
        int sv = (int) values.strides()[dim], sx = (int) indices.strides()[dim], si = (int) in.strides()[dim];
        int n = (int) in.shape()[dim];
        DType t = in.dtype();
        Object v = arr(values), x = arr(in);
        long[] ix = (long[]) arr(indices);
        if (t == DType.FLOAT64 || t == DType.INT64) {
            lines.forEach(Math.max(1, n), (m, offs) -> {
                long[] hk = new long[k];
                int[] hp = new int[k];
                long[] tk = new long[k];
                int[] tp = new int[k];
                for (int j = 0; j < m; j++) {
                    int io = offs[2] + j * li;
                    selectWide(x, io, si, n, largest, hk, hp, k);
                    // back to position order, then a stable sort by key: ties in position order, as the sort
                    Arrays.sort(hp, 0, k);
                    for (int p = 0; p < k; p++) hk[p] = wideKey(x, io + hp[p] * si, largest);
                    CpuSort.mergeSort(hk, hp, k, tk, tp);
                    int vo = offs[0] + j * lv, xo = offs[1] + j * lx;
                    for (int p = 0; p < k; p++) ix[xo + p * sx] = hp[p];
                    CpuSort.gather(v, vo, sv, x, io, si, hp, k);
                }
            });
            return;
        }
        lines.forEach(Math.max(1, n), (m, offs) -> {
            long[] heap = new long[k];
            int[] order = new int[k];
            for (int j = 0; j < m; j++) {
                int io = offs[2] + j * li;
                select(x, t, io, si, n, largest, heap, k);
                Arrays.sort(heap, 0, k);
                for (int p = 0; p < k; p++) order[p] = (int) heap[p];
                int vo = offs[0] + j * lv, xo = offs[1] + j * lx;
                for (int p = 0; p < k; p++) ix[xo + p * sx] = order[p];
                CpuSort.gather(v, vo, sv, x, io, si, order, k);
            }
        });
    }

    /** The k smallest packed keys of the line into heap[0, k), as a max-heap. */
    private static void select(Object x, DType t, int io, int si, int n, boolean largest, long[] heap, int k) {
        if (x instanceof float[] a) {
            // the float loop written out: the per-element dtype switch of the generic one costs more than the compare
            for (int p = 0; p < k; p++) heap[p] = pack(CpuSort.key(a[io + p * si]), p, largest);
            heapify(heap, k);
            long top = heap[0];
            float thr = a[io + (int) top * si];
            for (int p = k; p < n; p++) {
                float e = a[io + p * si];
                // a float compare first: only a value beyond the top's (or a NaN on either side) can enter, since
                // an equal key comes later than every kept one
                if (largest ? e <= thr : e >= thr) continue;
                long c = pack(CpuSort.key(e), p, largest);
                if (c < top) {
                    top = replaceTop(heap, k, c);
                    thr = a[io + (int) top * si];
                }
            }
            return;
        }
        for (int p = 0; p < k; p++) heap[p] = pack(CpuSort.key32(x, t, io + p * si), p, largest);
        heapify(heap, k);
        long top = heap[0];
        for (int p = k; p < n; p++) {
            long c = pack(CpuSort.key32(x, t, io + p * si), p, largest);
            if (c < top) top = replaceTop(heap, k, c);
        }
    }

    private static long wideKey(Object x, int i, boolean largest) {
        long k = x instanceof double[] a ? CpuSort.key(a[i]) : ((long[]) x)[i];
        return largest ? ~k : k;
    }

    /** The k smallest (key, position) pairs of a float64/int64 line into a max-heap (hk, hp)[0, k). */
    private static void selectWide(Object x, int io, int si, int n, boolean largest, long[] hk, int[] hp, int k) {
        for (int p = 0; p < k; p++) {
            hk[p] = wideKey(x, io + p * si, largest);
            hp[p] = p;
        }
        for (int i = k / 2 - 1; i >= 0; i--) siftDown(hk, hp, k, i, hk[i], hp[i]);
        for (int p = k; p < n; p++) {
            long c = wideKey(x, io + p * si, largest);
            // a later position with an equal key never enters
            if (c < hk[0]) siftDown(hk, hp, k, 0, c, p);
        }
    }

    private static void siftDown(long[] hk, int[] hp, int k, int i, long c, int cp) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= k) break;
            int r = l + 1;
            int big = r < k && after(hk[r], hp[r], hk[l], hp[l]) ? r : l;
            if (!after(hk[big], hp[big], c, cp)) break;
            hk[i] = hk[big];
            hp[i] = hp[big];
            i = big;
        }
        hk[i] = c;
        hp[i] = cp;
    }

    /** Whether (ka, pa) comes after (kb, pb) in the stable sort. */
    private static boolean after(long ka, int pa, long kb, int pb) { return ka > kb || ka == kb && pa > pb; }

    /** The sort's packed key: largest first complements the key, positions break ties upward. */
    private static long pack(int key, int p, boolean largest) { return (long) (largest ? ~key : key) << 32 | p; }

    private static void heapify(long[] h, int k) {
        for (int i = k / 2 - 1; i >= 0; i--) siftDown(h, k, i, h[i]);
    }

    /** Replaces the largest kept key by c (smaller) and returns the new largest. */
    private static long replaceTop(long[] h, int k, long c) {
        siftDown(h, k, 0, c);
        return h[0];
    }

    private static void siftDown(long[] h, int k, int i, long c) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= k) break;
            int r = l + 1;
            int big = r < k && h[r] > h[l] ? r : l;
            if (h[big] <= c) break;
            h[i] = h[big];
            i = big;
        }
        h[i] = c;
    }
}
