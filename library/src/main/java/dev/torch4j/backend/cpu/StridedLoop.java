package dev.torch4j.backend.cpu;

import dev.torch4j.backend.Coalesced;

/**
 * Walks a coalesced iteration space as runs along its innermost dim, split over threads above the grain size.
 * Each run gets the element offset of every operand; the inner stride of operand k is {@code innerStride(k)}.
 */
final class StridedLoop {
    /** One run of {@code n} elements starting at {@code offs[k]} for operand k. */
    @FunctionalInterface
    interface Run {
        void run(int n, int[] offs);
    }

    private final long[] shape;
    private final long[][] strides;
    private final long[] base;

    StridedLoop(Coalesced c, long... baseOffsets) {
        this.shape = c.shape();
        this.strides = c.strides();
        this.base = baseOffsets;
    }

    int innerStride(int k) { return (int) strides[k][shape.length - 1]; }

    long numel() {
        long n = 1;
        for (long v : shape) n *= v;
        return n;
    }

    /** Runs {@code body} over every element, in parallel when the work is large; {@code costPerElement} scales the grain. */
    void forEach(int costPerElement, Run body) {
        long n = numel();
        if (n == 0) return;
        long grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, costPerElement));
        Parallel.parallelFor(0, n, grain, (b, e) -> range(b, e, body));
    }

    /** Runs {@code body} over linear elements {@code [begin, end)} of the iteration space. */
    void range(long begin, long end, Run body) {
        int nd = shape.length, ops = base.length;
        long[] idx = new long[nd];
        long rem = begin;
        for (int d = nd - 1; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
        }
        int[] offs = new int[ops];
        long pos = begin;
        long inner = shape[nd - 1];
        while (pos < end) {
            for (int k = 0; k < ops; k++) {
                long o = base[k];
                for (int d = 0; d < nd; d++) o += idx[d] * strides[k][d];
                offs[k] = (int) o;
            }
            int n = (int) Math.min(inner - idx[nd - 1], end - pos);
            body.run(n, offs);
            pos += n;
            idx[nd - 1] += n;
            for (int d = nd - 1; d > 0 && idx[d] >= shape[d]; d--) {
                idx[d] = 0;
                idx[d - 1]++;
            }
        }
    }
}
