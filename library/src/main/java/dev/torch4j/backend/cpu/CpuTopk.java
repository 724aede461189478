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
 * exactly the first k of the stable sort (O(n + k log k log n) per line instead of O(n log n)). Dtypes of at most
 * 32 bits only; the wider ones go through the sort.
 */
final class CpuTopk {
    private CpuTopk() {}

    /** Whether {@link #topk} handles this dtype. */
    static boolean supports(DType t) { return t != DType.FLOAT64 && t != DType.INT64 && !t.isComplex() && t != DType.BOOL; }

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
