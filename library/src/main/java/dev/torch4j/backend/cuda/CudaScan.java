package dev.torch4j.backend.cuda;

import dev.torch4j.backend.Coalesced;
import dev.torch4j.backend.ReduceOp;
import dev.torch4j.backend.Strided;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Cumulative sums and products along one dim on the GPU ({@code scan.cu}); the semantics are {@code Backend.scan}'s
 * and the CPU kernel's ({@code CpuScan}): floating inputs accumulate in float64, integral and bool inputs in int64.
 * Short lines, and many lines lying side by side in memory, get a thread each (neighbouring threads on neighbouring
 * lines, so a scan over dim 0 of a row-major matrix reads coalesced); other long lines get a block each, scanned block-wide chunk by chunk with a running carry.
 * Floating results may differ from the CPU's in the last bits (a different summation order).
 */
final class CudaScan {
    /** Byte size of {@code struct ScanDesc} in scan.cu: 8 scalars and 3 arrays of 16, all int64. */
    static final int DESC_BYTES = (8 + 3 * 16) * 8;
    private static final int MAX_DIMS = 16;
    /** Lines longer than this get a block each. */
    private static final int LONG_LINE = 1024;
    private static final int BLOCK = 512;
    /** Lines enough to fill the GPU with a thread each. */
    private static final int MANY_LINES = 16384;

    static final KernelSpec ROWS = KernelSpec.of("scan", "t4j_scan_rows", Param.struct(DESC_BYTES), Param.I32, Param.PTR, Param.PTR);
    static final KernelSpec BLOCKS = KernelSpec.of("scan", "t4j_scan_block", Param.struct(DESC_BYTES), Param.I32, Param.PTR, Param.PTR);

    private CudaScan() {}

    /** {@code Backend.scan}: see its contract. */
    static void scan(ReduceOp op, Strided out, Strided in, int dim) {
        if (op != ReduceOp.SUM && op != ReduceOp.PROD) throw new IllegalArgumentException("scan: unsupported op " + op);
        if (in.numel() == 0) return;
        long len = in.shape()[dim];
        Coalesced lines = Coalesced.excludingDim(dim, in.shape(), in, out);
        if (lines.ndim() > MAX_DIMS) throw new IllegalArgumentException("scan: more than " + MAX_DIMS + " dims after coalescing");
        long rows = lines.numel();
        ByteBuffer b = ByteBuffer.allocate(DESC_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(rows).putLong(len).putLong(lines.ndim());
        b.putLong(in.dtype().ordinal()).putLong(out.dtype().ordinal());
        b.putLong(in.strides()[dim]).putLong(out.strides()[dim]).putLong(0);
        put(b, lines.shape());
        put(b, lines.strides()[0]);
        put(b, lines.strides()[1]);
        byte[] desc = b.array();
        Integer prod = op == ReduceOp.PROD ? 1 : 0;
        // a thread per line also when many lines lie closer together than a line's elements (a scan over dim 0 of
        // a row-major matrix): neighbouring threads then read neighbouring elements, whatever the line length
        long lineStride = Math.abs(lines.strides()[0][lines.ndim() - 1]);
        boolean across = rows >= MANY_LINES && lineStride < Math.abs(in.strides()[dim]);
        if (len <= LONG_LINE || across) {
            ROWS.launchElementwise(rows, desc, prod, out, in);
        } else {
            long grid = Math.min(rows, 32L * CudaRuntime.current().smCount());
            BLOCKS.launch(grid, BLOCK, 0, desc, prod, out, in);
        }
    }

    private static void put(ByteBuffer b, long[] a) {
        for (int i = 0; i < MAX_DIMS; i++) b.putLong(i < a.length ? a[i] : 0);
    }
}
