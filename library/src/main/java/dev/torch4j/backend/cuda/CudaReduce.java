package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.backend.ReduceOp;
import dev.torch4j.backend.Strided;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reductions over dims on the GPU ({@code reduce.cu}); the semantics are {@code Backend.reduce}'s and the CPU
 * kernel's ({@code CpuReduce}). The kept dims and the reduced dims are each coalesced (the reduced ones sorted by
 * stride first, except for ARGMAX/ARGMIN whose index counts in logical order), then one of two loop shapes runs:
 * <ul>
 * <li>rows: a warp or a block per output reads the reduced elements consecutively (reduced dim innermost);</li>
 * <li>cols: a thread per output, neighbouring threads on neighbouring outputs (a kept dim is innermost, as in a sum
 * over dim 0 of a row-major matrix, or the reduced range is short).</li>
 * </ul>
 * When that leaves the GPU mostly idle (few outputs, long reduced range) the range is cut into slices whose
 * partial results go to a scratch buffer that a second kernel folds in slice order. No atomics: a given shape
 * gives the same bits on every run.
 */
final class CudaReduce {
    /** Byte size of {@code struct RedDesc} in reduce.cu: 8 scalars and 5 arrays of 16, all int64. */
    static final int DESC_BYTES = (8 + 5 * 16) * 8;
    private static final int MAX_DIMS = 16;

    static final KernelSpec ROWS = KernelSpec.of("reduce", "t4j_reduce_rows", Param.struct(DESC_BYTES), Param.I32,
            Param.PTR, Param.PTR, Param.PTR);
    static final KernelSpec COLS = KernelSpec.of("reduce", "t4j_reduce_cols", Param.struct(DESC_BYTES), Param.I32,
            Param.PTR, Param.PTR, Param.PTR);
    static final KernelSpec ROWS_FAST = KernelSpec.of("reduce", "t4j_reduce_rows_fast", Param.struct(DESC_BYTES), Param.I32,
            Param.PTR, Param.PTR, Param.PTR);
    static final KernelSpec COLS_FAST = KernelSpec.of("reduce", "t4j_reduce_cols_fast", Param.struct(DESC_BYTES), Param.I32,
            Param.PTR, Param.PTR, Param.PTR);
    static final KernelSpec COMBINE = KernelSpec.of("reduce", "t4j_reduce_combine", Param.struct(DESC_BYTES), Param.I32,
            Param.PTR, Param.PTR);

    /** Reduced elements per thread below which a slice is not worth its own partial. */
    private static final int MIN_PER_THREAD = 16;
    /** Reduced ranges shorter than this are folded by one thread per output. */
    private static final int SHORT_RANGE = 32;
    /** Reduced ranges up to this are folded by a warp per output, longer ones by a block. */
    private static final int WARP_RANGE = 4096;
    private static final int MAX_SPLIT = 4096;

    private CudaReduce() {}

    /** {@code Backend.reduce}: see its contract. */
    static void reduce(ReduceOp op, Strided out, Strided in, boolean[] reduce) {
        if (reduce.length != in.ndim() || out.ndim() != in.ndim()) {
            throw new IllegalArgumentException("reduce: mask, input and output ranks differ: " + reduce.length + ", "
                    + in.ndim() + ", " + out.ndim());
        }
        boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
        long[] shape = in.shape(), is = in.strides(), os = out.strides();
        List<long[]> kept = new ArrayList<>(), red = new ArrayList<>();
        long outer = 1, inner = 1;
        for (int d = 0; d < shape.length; d++) {
            if (reduce[d]) {
                inner *= shape[d];
                if (shape[d] != 1) red.add(new long[] {shape[d], is[d]});
            } else {
                outer *= shape[d];
                if (shape[d] != 1) kept.add(new long[] {shape[d], is[d], os[d]});
            }
        }
        if (outer == 0) return;
        if (inner == 0 && op != ReduceOp.SUM && op != ReduceOp.PROD && op != ReduceOp.ANY && op != ReduceOp.ALL) {
            throw new IllegalArgumentException("reduce: " + op + " over an empty dim has no identity");
        }
        // Outputs are independent, so kept dims may run in any order: the most contiguous innermost (reads
        // coalesce across threads). Reduced dims too, except for the ARG ops whose index is the logical one.
        kept.sort((x, y) -> Long.compare(Math.abs(y[1]), Math.abs(x[1])));
        if (!arg) red.sort((x, y) -> Long.compare(Math.abs(y[1]), Math.abs(x[1])));
        kept = coalesce(kept);
        red = coalesce(red);
        if (red.isEmpty()) red.add(new long[] {1, 0});
        if (kept.size() > MAX_DIMS || red.size() > MAX_DIMS) {
            throw new IllegalArgumentException("reduce: more than " + MAX_DIMS + " kept or reduced dims after coalescing");
        }

        int sm = CudaRuntime.current().smCount();
        long target = 2048L * sm; // resident threads of a full GPU
        long innerStride = Math.abs(red.get(red.size() - 1)[1]);
        boolean byCols = inner < SHORT_RANGE || (!kept.isEmpty() && Math.abs(kept.get(kept.size() - 1)[1]) < innerStride);
        int bx, by;
        long gx, threads, nsplit = 1, chunk;
        if (byCols) {
            bx = (int) Math.min(pow2ceil(outer), 64);
            by = (int) Math.min(256 / bx, pow2floor(Math.max(1, inner / 8)));
            gx = Math.min(ceilDiv(outer, bx), 32L * sm);
            threads = Math.min(outer, gx * bx) * by;
        } else {
            bx = inner <= WARP_RANGE ? 32 : 512;
            by = bx == 32 ? 8 : 1;
            gx = Math.min(ceilDiv(outer, by), 32L * sm);
            threads = Math.min(outer, gx * by) * bx;
        }
        if (threads < target) {
            long perThread = byCols ? by : bx;
            nsplit = Math.max(1, Math.min(Math.min(ceilDiv(target, threads), ceilDiv(inner, perThread * MIN_PER_THREAD)), MAX_SPLIT));
        }
        chunk = Math.max(1, ceilDiv(inner, nsplit));
        if (!byCols) chunk = ceilDiv(chunk, 128) * 128; // slices start on whole 128-element runs
        nsplit = Math.max(1, ceilDiv(inner, chunk));

        long[][] k = columns(kept, 3), r = columns(red, 2);
        // specialised loops (reduce.cu's *_fast entry points) for the common float sums and extremes
        boolean fast = red.size() == 1 && (in.dtype() == DType.FLOAT32 || in.dtype() == DType.FLOAT64)
                && (op == ReduceOp.SUM || op == ReduceOp.MAX || op == ReduceOp.MIN);
        KernelSpec pass1 = byCols ? (fast ? COLS_FAST : COLS) : (fast ? ROWS_FAST : ROWS);
        int gy = (int) Math.min(nsplit, 65535);
        if (nsplit == 1) {
            byte[] desc = desc(outer, inner, in.dtype(), out.dtype(), 1, chunk, k, r);
            pass1.launch3((int) gx, 1, 1, bx, by, 1, 0, desc, op.ordinal(), out, in, 0L);
            return;
        }
        byte[] desc = desc(outer, inner, in.dtype(), out.dtype(), nsplit, chunk, k, r);
        CudaStorage part = CudaStorage.allocate(Cuda.device(in), DType.INT64, nsplit * outer * (arg ? 2 : 1), false);
        try {
            // operands, not addresses: the scratch allocation above may have collected storages (KernelSpec's
            // Note [reachable operands])
            pass1.launch3((int) gx, gy, 1, bx, by, 1, 0, desc, op.ordinal(), out, in, part);
            int cx = (int) Math.min(pow2ceil(outer), 64);
            int cy = (int) Math.min(256 / cx, pow2ceil(nsplit));
            int cgx = (int) Math.min(ceilDiv(outer, cx), 32L * sm);
            COMBINE.launch3(cgx, 1, 1, cx, cy, 1, 0, desc, op.ordinal(), out, part);
        } finally {
            part.release(); // stream-ordered: freed after the kernels that read it
        }
    }

    /** Merges neighbouring dims [size, strides...] whose strides all continue each other (as CpuReduce does). */
    static List<long[]> coalesce(List<long[]> dims) {
        List<long[]> res = new ArrayList<>();
        for (long[] e : dims) {
            if (!res.isEmpty()) {
                long[] prev = res.get(res.size() - 1);
                boolean merge = true;
                for (int i = 1; i < e.length && merge; i++) merge = prev[i] == e[0] * e[i];
                if (merge) {
                    prev[0] *= e[0];
                    for (int i = 1; i < e.length; i++) prev[i] = e[i];
                    continue;
                }
            }
            res.add(e.clone());
        }
        return res;
    }

    /** The columns of a list of [size, strides...] rows: result[c][i] = dims[i][c]. */
    private static long[][] columns(List<long[]> dims, int width) {
        long[][] c = new long[width][dims.size()];
        for (int i = 0; i < dims.size(); i++) for (int j = 0; j < width; j++) c[j][i] = dims.get(i)[j];
        return c;
    }

    /** Packs {@code struct RedDesc}; k = {sizes, in strides, out strides} of kept dims, r = {sizes, in strides}. */
    private static byte[] desc(long outer, long inner, DType in, DType out, long nsplit, long chunk, long[][] k, long[][] r) {
        ByteBuffer b = ByteBuffer.allocate(DESC_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(outer).putLong(inner).putLong(k[0].length).putLong(r[0].length);
        b.putLong(in.ordinal()).putLong(out.ordinal()).putLong(nsplit).putLong(chunk);
        for (long[] a : k) putArray(b, a);
        for (long[] a : r) putArray(b, a);
        return b.array();
    }

    private static void putArray(ByteBuffer b, long[] a) {
        for (int i = 0; i < MAX_DIMS; i++) b.putLong(i < a.length ? a[i] : 0);
    }

    static long ceilDiv(long a, long b) { return (a + b - 1) / b; }

    static long pow2ceil(long n) { return n <= 1 ? 1 : Long.highestOneBit(n - 1) << 1; }

    static long pow2floor(long n) { return Long.highestOneBit(Math.max(1, n)); }
}
