package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Coalesced;
import dev.torch4j.backend.IndexOutOfRange;
import dev.torch4j.backend.Indexer;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import dev.torch4j.core.Half;

import java.util.concurrent.atomic.AtomicReference;

import static dev.torch4j.backend.cpu.CpuBackend.arr;

/**
 * The index kernels: one advanced-indexing read and one write (with accumulate) serve gather, index_select, take,
 * {@code t[idx]}, scatter, scatter_add, index_add_ and index_put_, because the op layer restrides every operand to
 * one iteration shape. When the index values are constant along the innermost coalesced dim (row lookups:
 * embeddings, index_select, {@code t[idx]} on leading dims) each run is one bounds check and one strided copy.
 * Otherwise runs are processed in blocks: the addressed element offsets of a block are computed first (one pass
 * per index operand, with the bounds check), then one typed loop moves the data. No per-element dispatch or
 * allocation either way. Bounds errors are recorded by the first thread that meets one and rethrown by the caller.
 */
final class CpuIndexing {
    private CpuIndexing() {}

    /** Elements per block of computed offsets (scratch is allocated once per parallel chunk). */
    private static final int BLOCK = 512;

    /** What to do with the addressed elements. */
    private enum Mode { READ, WRITE, ACCUMULATE }

    static void index(Strided out, Strided src, Indexer ix) {
        run(Mode.READ, src, out, ix);
    }

    static void indexPut(Strided self, Strided values, Indexer ix, boolean accumulate) {
        run(accumulate ? Mode.ACCUMULATE : Mode.WRITE, self, values, ix);
    }

    /**
     * Iterates the shape of {@code dense} (out for a read, values for a write); operand 0 is the addressed tensor,
     * operand 1 the dense one, operands 2.. the index tensors.
     */
    private static void run(Mode mode, Strided addressed, Strided dense, Indexer ix) {
        long numel = dense.numel();
        if (numel == 0) return;
        int nIdx = ix.count();
        long[][] strides = new long[2 + nIdx][];
        long[] base = new long[2 + nIdx];
        strides[0] = addressed.strides();
        base[0] = addressed.offset();
        strides[1] = dense.strides();
        base[1] = dense.offset();
        long[][] idx = new long[nIdx][];
        for (int k = 0; k < nIdx; k++) {
            Strided s = ix.indices()[k];
            if (s.dtype() != DType.INT64) throw new IllegalArgumentException("index kernel: index operands must be int64, got " + s.dtype());
            strides[2 + k] = s.strides();
            base[2 + k] = s.offset();
            idx[k] = (long[]) arr(s);
        }
        Coalesced c = Coalesced.of(dense.shape(), strides);
        Job job = new Job(mode, arr(addressed), arr(dense), addressed.dtype(), idx, ix, c);
        if (mode == Mode.ACCUMULATE) accumulateInParallel(job, c, base);
        else {
            StridedLoop l = new StridedLoop(c, base);
            Parallel.parallelFor(0, numel, Parallel.GRAIN_SIZE / 4, (b, e) -> job.range(l, b, e));
        }
        IndexOutOfRange err = job.error.get();
        if (err != null) throw ix.outOfRange(err.operand(), err.value(), err.size()); // this thread's stack
    }

    /**
     * Accumulation must never let two threads add into one element. Two iteration points can only address the same
     * element when they agree on every dim where the addressed operand has a nonzero stride (the "free" dims:
     * the written tensor has no internal overlap), so the work is split along the largest free dim and each task
     * walks all the indexed positions of its slice. Coalescing never merges a free dim with an indexed one (their
     * strides cannot chain), so the free dims survive coalescing intact.
     */
    private static void accumulateInParallel(Job job, Coalesced c, long[] base) {
        long[] shape = c.shape();
        long[][] st = c.strides();
        int split = -1;
        for (int d = 0; d < shape.length; d++) {
            if (st[0][d] != 0 && shape[d] > 1 && (split < 0 || shape[d] > shape[split])) split = d;
        }
        long numel = c.numel();
        if (split < 0 || numel <= Parallel.GRAIN_SIZE / 4 || Parallel.numThreads() == 1) {
            job.range(new StridedLoop(c, base), 0, numel);
            return;
        }
        int sd = split;
        long perSlice = numel / shape[sd];
        long grain = Math.max(1, Parallel.GRAIN_SIZE / 4 / perSlice);
        // splitting the innermost dim shortens every run: keep runs long enough to amortise their bookkeeping
        if (sd == shape.length - 1) grain = Math.max(grain, 64);
        Parallel.parallelFor(0, shape[sd], grain, (b, e) -> {
            long[] sub = shape.clone();
            sub[sd] = e - b;
            long[] subBase = base.clone();
            for (int k = 0; k < subBase.length; k++) subBase[k] += b * st[k][sd];
            StridedLoop l = new StridedLoop(new Coalesced(sub, st), subBase);
            job.range(l, 0, l.numel());
        });
    }

    /** One kernel invocation: the arrays, the index operands and the first bounds error seen. */
    private static final class Job {
        final Mode mode;
        final Object addressed, dense;
        final DType dtype;
        final long[][] idx;
        final long[] sizes, idxStrides;
        final boolean wrap;
        final int nIdx;
        final int[] idxInner;
        final int addrInner, denseInner;
        final boolean constant;
        final Indexer ix;
        final AtomicReference<IndexOutOfRange> error = new AtomicReference<>();

        Job(Mode mode, Object addressed, Object dense, DType dtype, long[][] idx, Indexer ix, Coalesced c) {
            this.mode = mode;
            this.addressed = addressed;
            this.dense = dense;
            this.dtype = dtype;
            this.idx = idx;
            this.ix = ix;
            this.sizes = ix.sizes();
            this.idxStrides = ix.strides();
            this.wrap = ix.wrapNegative();
            this.nIdx = idx.length;
            int last = c.ndim() - 1;
            this.addrInner = (int) c.strides()[0][last];
            this.denseInner = (int) c.strides()[1][last];
            this.idxInner = new int[nIdx];
            boolean constant = true;
            for (int k = 0; k < nIdx; k++) {
                idxInner[k] = (int) c.strides()[2 + k][last];
                constant &= idxInner[k] == 0;
            }
            this.constant = constant;
        }

        /** Processes linear elements [begin, end) of the loop with scratch owned by this call. */
        void range(StridedLoop l, long begin, long end) {
            if (constant) {
                // every element of a run uses the same index values (a row gather/scatter: embedding lookups,
                // index_select): one bounds check per run, then a strided copy or add of the whole run
                l.range(begin, end, (n, o) -> {
                    if (error.get() != null) return;
                    int off = address(o);
                    if (off < 0) return;
                    switch (mode) {
                        case READ -> CpuCopy.sameType(dense, o[1], denseInner, addressed, off, addrInner, n);
                        case WRITE -> CpuCopy.sameType(addressed, off, addrInner, dense, o[1], denseInner, n);
                        case ACCUMULATE -> add(dtype, addressed, off, addrInner, dense, o[1], denseInner, n);
                    }
                });
                return;
            }
            int[] buf = new int[BLOCK];
            int[] offs = new int[2 + nIdx];
            l.range(begin, end, (n, o) -> {
                if (error.get() != null) return;
                for (int start = 0; start < n; start += BLOCK) {
                    int m = Math.min(BLOCK, n - start);
                    for (int k = 0; k < offs.length; k++) offs[k] = o[k] + start * inner(k);
                    if (!block(m, offs, buf)) return;
                }
            });
        }

        private int inner(int k) { return k == 0 ? addrInner : k == 1 ? denseInner : idxInner[k - 2]; }

        /** Moves one block of m elements whose index values vary; false after a bounds error. */
        private boolean block(int m, int[] o, int[] buf) {
            int base = o[0];
            for (int k = 0; k < nIdx; k++) {
                long[] a = idx[k];
                int p = o[2 + k], s = idxInner[k];
                long size = sizes[k], st = idxStrides[k];
                for (int i = 0; i < m; i++) {
                    long v = a[p + i * s];
                    long w = v < 0 && wrap ? v + size : v;
                    if (w < 0 || w >= size) {
                        error.compareAndSet(null, ix.outOfRange(k, v, size));
                        return false;
                    }
                    // the first index pass also lays down the addressed operand's own offsets
                    int delta = (int) (w * st);
                    buf[i] = k == 0 ? base + i * addrInner + delta : buf[i] + delta;
                }
            }
            switch (mode) {
                case READ -> gather(addressed, buf, dense, o[1], denseInner, m);
                case WRITE -> scatter(addressed, buf, dense, o[1], denseInner, m);
                case ACCUMULATE -> accumulate(dtype, addressed, buf, dense, o[1], denseInner, m);
            }
            return true;
        }

        /** The addressed offset of the first element of a run whose index values are constant; -1 after a bounds error. */
        private int address(int[] o) {
            long off = o[0];
            for (int k = 0; k < nIdx; k++) {
                long v = idx[k][o[2 + k]];
                long size = sizes[k];
                long w = v < 0 && wrap ? v + size : v;
                if (w < 0 || w >= size) {
                    error.compareAndSet(null, ix.outOfRange(k, v, size));
                    return -1;
                }
                off += w * idxStrides[k];
            }
            return (int) off;
        }
    }

    // ---- typed moves (by carrier: a copy does not care which dtype shares a carrier)

    /** {@code dst[d0 + i*ds] += src[s0 + i*ss]} for i in [0, n), with the dtype's arithmetic. */
    private static void add(DType t, Object dst, int d0, int ds, Object src, int s0, int ss, int n) {
        if (ds == 1 && ss == 1 && t == DType.FLOAT32) { // unit strides vectorize: the embedding-backward case
            float[] y = (float[]) dst, x = (float[]) src;
            for (int i = 0; i < n; i++) y[d0 + i] += x[s0 + i];
            return;
        }
        if (ds == 1 && ss == 1 && t == DType.FLOAT64) {
            double[] y = (double[]) dst, x = (double[]) src;
            for (int i = 0; i < n; i++) y[d0 + i] += x[s0 + i];
            return;
        }
        switch (t) {
            case FLOAT32 -> { float[] y = (float[]) dst, x = (float[]) src; for (int i = 0; i < n; i++) y[d0 + i * ds] += x[s0 + i * ss]; }
            case FLOAT64 -> { double[] y = (double[]) dst, x = (double[]) src; for (int i = 0; i < n; i++) y[d0 + i * ds] += x[s0 + i * ss]; }
            case INT64 -> { long[] y = (long[]) dst, x = (long[]) src; for (int i = 0; i < n; i++) y[d0 + i * ds] += x[s0 + i * ss]; }
            case INT32 -> { int[] y = (int[]) dst, x = (int[]) src; for (int i = 0; i < n; i++) y[d0 + i * ds] += x[s0 + i * ss]; }
            default -> { for (int i = 0; i < n; i++) addOne(t, dst, d0 + i * ds, src, s0 + i * ss); }
        }
    }

    /** One element of {@link #add} and {@link #accumulate} for the narrow dtypes (int16, int8, uint8, bool, float16, bfloat16). */
    private static void addOne(DType t, Object dst, int di, Object src, int si) {
        switch (t) {
            case INT16 -> ((short[]) dst)[di] += ((short[]) src)[si];
            case INT8, UINT8 -> ((byte[]) dst)[di] += ((byte[]) src)[si];
            case BOOL -> ((byte[]) dst)[di] |= ((byte[]) src)[si];
            case FLOAT16 -> ((short[]) dst)[di] = Half.floatToF16(Half.f16ToFloat(((short[]) dst)[di]) + Half.f16ToFloat(((short[]) src)[si]));
            case BFLOAT16 -> ((short[]) dst)[di] = Half.floatToBf16(Half.bf16ToFloat(((short[]) dst)[di]) + Half.bf16ToFloat(((short[]) src)[si]));
            default -> throw new IllegalStateException("addOne: " + t);
        }
    }

    private static void gather(Object src, int[] at, Object dst, int d0, int ds, int m) {
        switch (dst) {
            case float[] y -> { float[] x = (float[]) src; for (int i = 0; i < m; i++) y[d0 + i * ds] = x[at[i]]; }
            case double[] y -> { double[] x = (double[]) src; for (int i = 0; i < m; i++) y[d0 + i * ds] = x[at[i]]; }
            case long[] y -> { long[] x = (long[]) src; for (int i = 0; i < m; i++) y[d0 + i * ds] = x[at[i]]; }
            case int[] y -> { int[] x = (int[]) src; for (int i = 0; i < m; i++) y[d0 + i * ds] = x[at[i]]; }
            case short[] y -> { short[] x = (short[]) src; for (int i = 0; i < m; i++) y[d0 + i * ds] = x[at[i]]; }
            case byte[] y -> { byte[] x = (byte[]) src; for (int i = 0; i < m; i++) y[d0 + i * ds] = x[at[i]]; }
            default -> throw new IllegalStateException("unknown carrier " + dst.getClass());
        }
    }

    private static void scatter(Object dst, int[] at, Object src, int s0, int ss, int m) {
        switch (dst) {
            case float[] y -> { float[] x = (float[]) src; for (int i = 0; i < m; i++) y[at[i]] = x[s0 + i * ss]; }
            case double[] y -> { double[] x = (double[]) src; for (int i = 0; i < m; i++) y[at[i]] = x[s0 + i * ss]; }
            case long[] y -> { long[] x = (long[]) src; for (int i = 0; i < m; i++) y[at[i]] = x[s0 + i * ss]; }
            case int[] y -> { int[] x = (int[]) src; for (int i = 0; i < m; i++) y[at[i]] = x[s0 + i * ss]; }
            case short[] y -> { short[] x = (short[]) src; for (int i = 0; i < m; i++) y[at[i]] = x[s0 + i * ss]; }
            case byte[] y -> { byte[] x = (byte[]) src; for (int i = 0; i < m; i++) y[at[i]] = x[s0 + i * ss]; }
            default -> throw new IllegalStateException("unknown carrier " + dst.getClass());
        }
    }

    /** {@code dst[at[i]] += src[s0 + i*ss]} with the dtype's arithmetic (C++ semantics: integers wrap, bool ORs). */
    private static void accumulate(DType t, Object dst, int[] at, Object src, int s0, int ss, int m) {
        switch (t) {
            case FLOAT32 -> { float[] y = (float[]) dst, x = (float[]) src; for (int i = 0; i < m; i++) y[at[i]] += x[s0 + i * ss]; }
            case FLOAT64 -> { double[] y = (double[]) dst, x = (double[]) src; for (int i = 0; i < m; i++) y[at[i]] += x[s0 + i * ss]; }
            case INT64 -> { long[] y = (long[]) dst, x = (long[]) src; for (int i = 0; i < m; i++) y[at[i]] += x[s0 + i * ss]; }
            case INT32 -> { int[] y = (int[]) dst, x = (int[]) src; for (int i = 0; i < m; i++) y[at[i]] += x[s0 + i * ss]; }
            default -> { for (int i = 0; i < m; i++) addOne(t, dst, at[i], src, s0 + i * ss); }
        }
    }

    // ---- nonzero

    /**
     * Two parallel passes over the same chunks: count the nonzeros of each chunk, then write each chunk's
     * coordinates at its prefix-sum position, so the output is in row-major order without a merge.
     */
    static Storage nonzero(Strided in) {
        long[] shape = in.shape();
        int nd = shape.length;
        long numel = in.numel();
        int threads = Parallel.numThreads();
        int chunks = (int) Math.max(1, Math.min(threads, numel / Parallel.GRAIN_SIZE));
        long step = numel == 0 ? 1 : (numel + chunks - 1) / chunks;
        long[] counts = new long[chunks];
        Object a = arr(in);
        int mask = in.dtype() == DType.FLOAT16 || in.dtype() == DType.BFLOAT16 ? 0x7fff : 0xffff; // +-0.0 are zero
        Parallel.parallelFor(0, chunks, 1, (b, e) -> {
            for (long c = b; c < e; c++) counts[(int) c] = walk(in, a, mask, c * step, Math.min(numel, (c + 1) * step), null, 0);
        });
        long total = 0;
        long[] start = new long[chunks];
        for (int c = 0; c < chunks; c++) {
            start[c] = total;
            total += counts[c];
        }
        CpuStorage out = CpuStorage.allocate(DType.INT64, Math.toIntExact(total * nd));
        long[] o = (long[]) out.array();
        Parallel.parallelFor(0, chunks, 1, (b, e) -> {
            for (long c = b; c < e; c++) walk(in, a, mask, c * step, Math.min(numel, (c + 1) * step), o, start[(int) c] * nd);
        });
        return out;
    }

    /**
     * Walks linear elements [begin, end) of {@code in} in row-major order; counts the nonzeros, and when
     * {@code out} is not null also writes their coordinates from {@code pos}.
     */
    private static long walk(Strided in, Object a, int shortMask, long begin, long end, long[] out, long pos) {
        long[] shape = in.shape(), st = in.strides();
        int nd = shape.length;
        long[] idx = new long[nd];
        long rem = begin;
        for (int d = nd - 1; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
        }
        long count = 0;
        long p = begin;
        int last = nd - 1;
        int inner = (int) st[last];
        while (p < end) {
            long off = in.offset();
            for (int d = 0; d < nd; d++) off += idx[d] * st[d];
            int n = (int) Math.min(shape[last] - idx[last], end - p);
            int o = (int) off;
            count += out == null ? countRun(a, o, inner, n, shortMask)
                    : writeRun(a, o, inner, n, shortMask, out, (int) (pos + count * nd), idx);
            p += n;
            idx[last] += n;
            for (int d = last; d > 0 && idx[d] >= shape[d]; d--) {
                idx[d] = 0;
                idx[d - 1]++;
            }
        }
        return count;
    }

    /** Number of nonzeros among {@code a[o + i*inner]}, i in [0, n) (the type switch is hoisted out of the loop). */
    private static int countRun(Object a, int o, int inner, int n, int shortMask) {
        int c = 0;
        switch (a) {
            case float[] x -> { for (int i = 0; i < n; i++) c += x[o + i * inner] != 0 ? 1 : 0; }
            case double[] x -> { for (int i = 0; i < n; i++) c += x[o + i * inner] != 0 ? 1 : 0; }
            case long[] x -> { for (int i = 0; i < n; i++) c += x[o + i * inner] != 0 ? 1 : 0; }
            case int[] x -> { for (int i = 0; i < n; i++) c += x[o + i * inner] != 0 ? 1 : 0; }
            case short[] x -> { for (int i = 0; i < n; i++) c += (x[o + i * inner] & shortMask) != 0 ? 1 : 0; }
            case byte[] x -> { for (int i = 0; i < n; i++) c += x[o + i * inner] != 0 ? 1 : 0; }
            default -> throw new IllegalStateException("unknown carrier " + a.getClass());
        }
        return c;
    }

    /** Writes the coordinates of the nonzeros of one run (whose first element is at {@code idx}) from {@code w}. */
    private static int writeRun(Object a, int o, int inner, int n, int shortMask, long[] out, int w, long[] idx) {
        int c = 0, nd = idx.length;
        for (int i = 0; i < n; i++) {
            int j = o + i * inner;
            boolean nz = switch (a) {
                case float[] x -> x[j] != 0;
                case double[] x -> x[j] != 0;
                case long[] x -> x[j] != 0;
                case int[] x -> x[j] != 0;
                case short[] x -> (x[j] & shortMask) != 0;
                case byte[] x -> x[j] != 0;
                default -> throw new IllegalStateException("unknown carrier " + a.getClass());
            };
            if (!nz) continue;
            int p = w + c * nd;
            System.arraycopy(idx, 0, out, p, nd - 1);
            out[p + nd - 1] = idx[nd - 1] + i;
            c++;
        }
        return c;
    }
}
