package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.ReduceOp;
import dev.torch4j.backend.Strided;

import java.util.ArrayList;
import java.util.List;

import static dev.torch4j.backend.cpu.CpuBackend.arr;

/**
 * Reductions over dims. The kept dims and the reduced dims are each coalesced (the reduced ones first sorted by
 * stride, except for ARGMAX/ARGMIN whose index counts in logical order), then one of two loop shapes runs:
 * <ul>
 * <li>horizontal: each output folds its reduced elements as long runs along the innermost reduced dim;</li>
 * <li>vertical: when a kept dim is more contiguous than every reduced one (a sum over dim 0 of a row-major
 * matrix), a block of neighbouring outputs is folded together, reading each reduced position as one contiguous
 * vector, so memory is walked in order.</li>
 * </ul>
 * Work is split over outputs; when there are too few outputs to keep every thread busy (a full sum), the reduced
 * range is split into chunks whose partial results are combined in order. How work is split depends only on the
 * shapes, so results do not change with the number of threads.
 *
 * <p>Note [float sums]: float64 sums accumulate in float64. float32 sums add short runs (4 vectors, or 8 rows
 * of a column sum) as a fixed pairwise tree in float32 and accumulate those partial sums in float64, rounding to
 * float32 once at the end (Note [float32 sums] in {@link ReduceSimd}): the error stays within about
 * {@code 3 * 2^-24 * sum|x|} for any length, at least as accurate as PyTorch's CPU sum (a float32 cascade);
 * results may differ from PyTorch's in the last bit of the float32 result.
 */
final class CpuReduce {
    private CpuReduce() {}

    /** Outputs per accumulator block, and elements per conversion buffer. */
    private static final int BLOCK = 1024;
    /** A kept dim needs at least this many outputs for the vertical loop shape to pay off. */
    private static final int MIN_VERTICAL = 16;
    /** Up to this many elements per output, folding whole columns beats per-output calls even with strided reads. */
    private static final int SHORT_REDUCTION = 16;
    /** Fewer outputs than this split their reduced range into chunks (a full sum); more are split by output. */
    private static final int MAX_CHUNKED_OUTPUTS = 64;
    /** Elements per chunk of a chunked reduction (at least), and the most chunks: enough to balance any pool. */
    private static final long CHUNK = 1L << 16;
    private static final int MAX_CHUNKS = 64;
    /**
     * From this many bytes read on (half the 32 MiB L3 here: such data streams from DRAM), threads claim chunks as
     * they go ({@link Parallel#parallelForDynamic}) instead of each reading the same part every call: with the fixed
     * split of a 64 MiB sum one thread sat idle for the last 0.1-1 ms, and claiming was faster in 10 of 11 JVMs
     * alternating the two call by call (by a median 0.14 ms of ~1.8). Smaller reductions keep the fixed split: the
     * CNN step's 5.5 MB bias-gradient sum gained only 5-7 us of ~90 that way, and the whole step did not get faster.
     */
    private static final long DYNAMIC_MIN_BYTES = 16L << 20;
    /**
     * Elements per piece a thread claims when such a reduction is split by output (rows of {@code sum(1)}): as many
     * as a chunk of a 64 MiB full sum (1 MiB of float32). With pieces of a quarter of that, {@code sum(1)} of
     * 4096x4096 took 3-6% longer than {@code sum()} of the same matrix in one JVM, with these 0-3% (2 threads, four
     * JVMs each; {@code max(1)} ~20% either way; docs/PERFORMANCE.md).
     */
    private static final long ROW_PIECE = 4 * CHUNK;

    static void reduce(ReduceOp op, Strided out, Strided in, boolean[] reduce) {
        if (reduce.length != in.ndim() || out.ndim() != in.ndim()) {
            throw new IllegalArgumentException("reduce: mask, input and output ranks differ: " + reduce.length + ", "
                    + in.ndim() + ", " + out.ndim());
        }
        Plan p = new Plan(op, out, in, reduce);
        if (p.outputs == 0) return;
        if (p.r == 0) {
            switch (op) {
                case SUM, ANY -> CpuCopy.fill(out, 0);
                case PROD, ALL -> CpuCopy.fill(out, 1);
                default -> throw new IllegalArgumentException("reduce: " + op + " over an empty dim has no identity");
            }
            return;
        }
        p.run();
    }

    /** Iterates a mixed-radix index space (innermost dim last), tracking one offset per set of strides. */
    private static final class Counter {
        final long[] sizes;
        final long[][] strides;
        final long[] idx;
        final long[] off;

        Counter(long[] sizes, long[]... strides) {
            this.sizes = sizes;
            this.strides = strides;
            this.idx = new long[sizes.length];
            this.off = new long[strides.length];
        }

        void set(long linear) {
            java.util.Arrays.fill(off, 0);
            for (int d = sizes.length - 1; d >= 0; d--) {
                idx[d] = linear % sizes[d];
                linear /= sizes[d];
                for (int k = 0; k < off.length; k++) off[k] += idx[d] * strides[k][d];
            }
        }

        void next() {
            for (int d = sizes.length - 1; d >= 0; d--) {
                idx[d]++;
                for (int k = 0; k < off.length; k++) off[k] += strides[k][d];
                if (idx[d] < sizes[d]) return;
                for (int k = 0; k < off.length; k++) off[k] -= strides[k][d] * sizes[d];
                idx[d] = 0;
            }
        }
    }

    private static final class Plan {
        final ReduceOp op;
        final Strided out;
        final Object a;
        final DType inType, outType;
        final boolean floating;
        final long inBase, outBase;
        // kept dims (coalesced): sizes, input strides, output strides
        final long[] kSize, kIn, kOut;
        // reduced dims (coalesced): sizes, input strides; the innermost one is walked as runs
        final long[] rSize, rIn;
        final long outputs, r, runLen;
        final int runStride;
        /** Strides of the innermost kept dim: a block of outputs lies along it. */
        final int kInStride, kOutStride;
        final boolean vertical;

        Plan(ReduceOp op, Strided out, Strided in, boolean[] mask) {
            this.op = op;
            this.out = out;
            this.a = arr(in);
            this.inType = in.dtype();
            this.outType = out.dtype();
            this.floating = inType.isFloatingPoint();
            this.inBase = in.offset();
            this.outBase = out.offset();
            long[] shape = in.shape(), is = in.strides(), os = out.strides();
            List<long[]> kept = new ArrayList<>(), red = new ArrayList<>();
            long o = 1, rr = 1;
            for (int d = 0; d < shape.length; d++) {
                if (mask[d]) {
                    rr *= shape[d];
                    if (shape[d] != 1) red.add(new long[] {shape[d], is[d]});
                } else {
                    o *= shape[d];
                    if (shape[d] != 1) kept.add(new long[] {shape[d], is[d], os[d]});
                }
            }
            this.outputs = o;
            this.r = rr;
            boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
            // the order of reduced elements only matters for the index of ARGMAX/ARGMIN: otherwise walk memory in order
            if (!arg) red.sort((x, y) -> Long.compare(Math.abs(y[1]), Math.abs(x[1])));
            kept = coalesce(kept);
            red = coalesce(red);
            if (red.isEmpty()) red.add(new long[] {1, 0});
            kSize = column(kept, 0);
            kIn = column(kept, 1);
            kOut = column(kept, 2);
            rSize = column(red, 0);
            rIn = column(red, 1);
            runLen = rSize[rSize.length - 1];
            runStride = (int) rIn[rIn.length - 1];
            kInStride = kIn.length == 0 ? 0 : (int) kIn[kIn.length - 1];
            kOutStride = kOut.length == 0 ? 0 : (int) kOut[kOut.length - 1];
            vertical = kSize.length > 0 && kSize[kSize.length - 1] >= MIN_VERTICAL && rr > 1
                    && (Math.abs(kInStride) < Math.abs(runStride) || rr <= SHORT_REDUCTION);
        }

        /** Merges neighbouring dims [size, strides...] whose strides all continue each other. */
        private static List<long[]> coalesce(List<long[]> dims) {
            List<long[]> res = new ArrayList<>();
            for (long[] e : dims) {
                if (!res.isEmpty()) {
                    long[] prev = res.get(res.size() - 1);
                    boolean merge = true;
                    for (int k = 1; k < e.length && merge; k++) merge = prev[k] == e[0] * e[k];
                    if (merge) {
                        prev[0] *= e[0];
                        for (int k = 1; k < e.length; k++) prev[k] = e[k];
                        continue;
                    }
                }
                res.add(e.clone());
            }
            return res;
        }

        private static long[] column(List<long[]> dims, int k) {
            long[] c = new long[dims.size()];
            for (int i = 0; i < c.length; i++) c[i] = dims.get(i)[k];
            return c;
        }

        void run() {
            long total = outputs > Long.MAX_VALUE / r ? Long.MAX_VALUE : outputs * r;
            // The split depends only on the shape, never on the thread count or on being nested in a parallel
            // region, so a result is the same bits however many threads compute it.
            boolean dynamic = total >= DYNAMIC_MIN_BYTES / inType.itemSize();
            if (outputs >= MAX_CHUNKED_OUTPUTS || total < 2 * CHUNK) {
                // a vertical plan reads a block of outputs per pass: it keeps the fixed split
                if (dynamic && !vertical) Parallel.parallelForDynamic(0, outputs, Math.max(1, ROW_PIECE / r), this::outputRange);
                else Parallel.parallelFor(0, outputs, Math.max(1, Parallel.GRAIN_SIZE / r), this::outputRange);
            } else {
                reduceInChunks((int) Math.min(MAX_CHUNKS, total / CHUNK), dynamic);
            }
        }

        /** Every output in [ob, oe), each over the whole reduced range, written to out. */
        private void outputRange(long ob, long oe) {
            Acc acc = new Acc(this, (int) Math.min(BLOCK, oe - ob)); // a block never holds more outputs than that
            Counter kc = new Counter(kSize, kIn, kOut);
            for (long o = ob; o < oe; ) {
                int n = blockLength(o, oe);
                acc.init(0, n, 0);
                foldBlock(o, n, 0, r, acc, 0, kc);
                write(o, n, acc, kc);
                o += n;
            }
        }

        /** Few outputs, many elements: each chunk of the reduced range folds every output, then partials combine in order. */
        private void reduceInChunks(int chunks, boolean dynamic) {
            int n = (int) outputs;
            Acc[] parts = new Acc[chunks];
            Parallel.RangeBody fold = (cb, ce) -> {
                Counter kc = new Counter(kSize, kIn, kOut);
                for (int c = (int) cb; c < ce; c++) {
                    long rb = r * c / chunks, re = r * (c + 1) / chunks;
                    Acc acc = new Acc(this, n);
                    acc.init(0, n, rb);
                    for (long o = 0; o < n; ) {
                        int len = blockLength(o, n);
                        foldBlock(o, len, rb, re, acc, (int) o, kc);
                        o += len;
                    }
                    parts[c] = acc;
                }
            };
            if (dynamic) Parallel.parallelForDynamic(0, chunks, 1, fold);
            else Parallel.parallelFor(0, chunks, 1, fold);
            Acc total = parts[0];
            for (int c = 1; c < chunks; c++) total.combine(parts[c], n);
            write(0, n, total, new Counter(kSize, kIn, kOut));
        }

        /** Outputs from o on that one block may hold: a block stays within one run of the innermost kept dim. */
        private int blockLength(long o, long end) {
            long n = Math.min(end - o, BLOCK);
            if (kSize.length > 0) {
                long inner = kSize[kSize.length - 1];
                n = Math.min(n, inner - o % inner);
            }
            return (int) n;
        }

        /** Folds reduced indices [rb, re) of outputs [o, o + n) (one block) into acc slots [aoff, aoff + n). */
        private void foldBlock(long o, int n, long rb, long re, Acc acc, int aoff, Counter kc) {
            kc.set(o);
            long base = inBase + kc.off[0];
            if (vertical) {
                Counter rc = new Counter(rSize, rIn);
                rc.set(rb);
                boolean groups = acc.groupable();
                for (long pos = rb; pos < re; ) {
                    // 8 rows of one run at a time where the float32 group sum applies (Note [float32 sums] in
                    // ReduceSimd); groups start at multiples of 8 within the run, the rest go one by one
                    if (groups && pos % runLen % ReduceSimd.GROUP == 0 && re - pos >= ReduceSimd.GROUP
                            && runLen - pos % runLen >= ReduceSimd.GROUP) {
                        acc.foldColumns8((int) (base + rc.off[0]), runStride, n, aoff);
                        for (int k = 0; k < ReduceSimd.GROUP; k++) rc.next();
                        pos += ReduceSimd.GROUP;
                        continue;
                    }
                    acc.foldColumn((int) (base + rc.off[0]), kInStride, n, pos, aoff);
                    rc.next();
                    pos++;
                }
                return;
            }
            Counter rc = new Counter(java.util.Arrays.copyOf(rSize, rSize.length - 1), rIn);
            for (int j = 0; j < n; j++) {
                long pos = rb;
                rc.set(pos / runLen);
                long t = pos % runLen;
                while (pos < re) {
                    int len = (int) Math.min(runLen - t, re - pos);
                    acc.foldRun((int) (base + (long) j * kInStride + rc.off[0] + t * runStride), runStride, len, pos, aoff + j);
                    pos += len;
                    t = 0;
                    rc.next();
                }
            }
        }

        /** Writes acc slots [0, n) to outputs [o, o + n), block by block. */
        private void write(long o, int n, Acc acc, Counter kc) {
            for (int j0 = 0; j0 < n; ) {
                int len = blockLength(o + j0, o + n);
                kc.set(o + j0);
                writeBlock((int) (outBase + kc.off[1]), len, acc, j0);
                j0 += len;
            }
        }

        private void writeBlock(int off, int n, Acc acc, int a0) {
            Object y = arr(out);
            int os = kOutStride;
            switch (op) {
                case ARGMAX, ARGMIN -> { long[] z = (long[]) y; for (int j = 0; j < n; j++) z[off + j * os] = acc.idx[a0 + j]; }
                case ANY, ALL -> {
                    byte[] z = (byte[]) y;
                    if (floating) for (int j = 0; j < n; j++) z[off + j * os] = (byte) (acc.d[a0 + j] != 0 ? 1 : 0);
                    else for (int j = 0; j < n; j++) z[off + j * os] = (byte) (acc.l[a0 + j] != 0 ? 1 : 0);
                }
                default -> {
                    switch (y) {
                        case float[] z when floating -> { for (int j = 0; j < n; j++) z[off + j * os] = (float) acc.d[a0 + j]; }
                        case double[] z when floating -> { for (int j = 0; j < n; j++) z[off + j * os] = acc.d[a0 + j]; }
                        case long[] z when !floating -> { for (int j = 0; j < n; j++) z[off + j * os] = acc.l[a0 + j]; }
                        default -> {
                            if (floating) for (int j = 0; j < n; j++) CpuAccess.setD(y, outType, off + j * os, acc.d[a0 + j]);
                            else for (int j = 0; j < n; j++) CpuAccess.setL(y, outType, off + j * os, acc.l[a0 + j]);
                        }
                    }
                }
            }
        }
    }

    /** Accumulator slots of one task plus its conversion buffers. */
    private static final class Acc {
        final Plan p;
        final double[] d;
        final long[] l;
        final long[] idx;
        double[] bufD;
        long[] bufL;

        Acc(Plan p, int n) {
            this.p = p;
            this.d = p.floating ? new double[n] : null;
            this.l = p.floating ? null : new long[n];
            this.idx = p.op == ReduceOp.ARGMAX || p.op == ReduceOp.ARGMIN ? new long[n] : null;
        }

        void init(int from, int n, long firstIndex) {
            if (d != null) java.util.Arrays.fill(d, from, from + n, ReduceLoops.initD(p.op));
            else java.util.Arrays.fill(l, from, from + n, ReduceLoops.initL(p.op));
            if (idx != null) java.util.Arrays.fill(idx, from, from + n, firstIndex);
        }

        /** Folds the run {@code a[off + t*s]}, t in [0, n), with reduced indices from r0, into slot j. */
        void foldRun(int off, int s, int n, long r0, int j) {
            ReduceOp op = p.op;
            switch (p.a) {
                case float[] x -> ReduceLoops.fold(op, x, off, s, n, r0, d, idx, j);
                case double[] x -> ReduceLoops.fold(op, x, off, s, n, r0, d, idx, j);
                case long[] x -> ReduceLoops.fold(op, x, off, s, n, r0, l, idx, j);
                default -> {
                    // other carriers are widened a block at a time into a buffer the double/long loops read
                    for (int t = 0; t < n; t += BLOCK) {
                        int len = Math.min(BLOCK, n - t);
                        if (d != null) ReduceLoops.fold(op, toD(off + t * s, s, len), 0, 1, len, r0 + t, d, idx, j);
                        else ReduceLoops.fold(op, toL(off + t * s, s, len), 0, 1, len, r0 + t, l, idx, j);
                    }
                }
            }
        }

        /** Folds {@code a[off + j*s]}, j in [0, n), all with reduced index r, into slots [aoff, aoff + n). */
        void foldColumn(int off, int s, int n, long r, int aoff) {
            if (d != null) {
                if (s == 1 && p.a instanceof float[] x) {
                    if (ReduceSimd.column(p.op, d, aoff, x, off, n)) return;
                    if (p.op == ReduceOp.ARGMAX || p.op == ReduceOp.ARGMIN) {
                        ReduceSimd.columnArg(p.op == ReduceOp.ARGMAX, d, idx, aoff, x, off, n, r);
                        return;
                    }
                }
                if (s == 1 && p.a instanceof double[] x) ReduceLoops.vfold(p.op, x, off, null, r, d, idx, aoff, n);
                else ReduceLoops.vfold(p.op, toD(off, s, n), 0, null, r, d, idx, aoff, n);
            } else {
                if (s == 1 && p.a instanceof long[] x) ReduceLoops.vfold(p.op, x, off, null, r, l, idx, aoff, n);
                else ReduceLoops.vfold(p.op, toL(off, s, n), 0, null, r, l, idx, aoff, n);
            }
        }

        /** True when {@link #foldColumns8} applies: a float32 SUM whose outputs are contiguous in the input. */
        boolean groupable() { return p.op == ReduceOp.SUM && p.a instanceof float[] && p.kInStride == 1; }

        /** Folds the 8 rows {@code a[off + k*rs + j]}, k in [0, 8), j in [0, n), into slots [aoff, aoff + n) (SUM). */
        void foldColumns8(int off, int rs, int n, int aoff) { ReduceSimd.columnSum8(d, aoff, (float[]) p.a, off, rs, n); }

        /** Folds another task's slots (a later chunk of the reduced range) into these. */
        void combine(Acc o, int n) {
            if (d != null) ReduceLoops.vfold(p.op, o.d, 0, o.idx, 0, d, idx, 0, n);
            else ReduceLoops.vfold(p.op, o.l, 0, o.idx, 0, l, idx, 0, n);
        }

        private double[] toD(int off, int s, int n) {
            if (bufD == null || bufD.length < n) bufD = new double[n];
            double[] b = bufD;
            switch (p.a) {
                case float[] x -> { for (int i = 0; i < n; i++) b[i] = x[off + i * s]; }
                case double[] x -> { for (int i = 0; i < n; i++) b[i] = x[off + i * s]; }
                default -> { for (int i = 0; i < n; i++) b[i] = CpuAccess.getD(p.a, p.inType, off + i * s); }
            }
            return b;
        }

        private long[] toL(int off, int s, int n) {
            if (bufL == null || bufL.length < n) bufL = new long[n];
            long[] b = bufL;
            switch (p.a) {
                case long[] x -> { for (int i = 0; i < n; i++) b[i] = x[off + i * s]; }
                case int[] x -> { for (int i = 0; i < n; i++) b[i] = x[off + i * s]; }
                case byte[] x when p.inType == DType.UINT8 -> { for (int i = 0; i < n; i++) b[i] = x[off + i * s] & 0xff; }
                case byte[] x -> { for (int i = 0; i < n; i++) b[i] = x[off + i * s]; }
                case short[] x -> { for (int i = 0; i < n; i++) b[i] = x[off + i * s]; }
                default -> { for (int i = 0; i < n; i++) b[i] = CpuAccess.getL(p.a, p.inType, off + i * s); }
            }
            return b;
        }
    }
}
