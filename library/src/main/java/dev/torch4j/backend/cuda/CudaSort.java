package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.backend.Coalesced;
import dev.torch4j.backend.Strided;
import dev.torch4j.backend.cpu.CpuBackend;
import dev.torch4j.core.Shapes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Stable sort along one dim (sort.cu): one block per row sorts (key, position) pairs with a bitonic network in
 * shared memory, which is stable because no two pairs compare equal. Rows longer than {@value #MAX_ROW} elements
 * (or rows spread over more than 16 coalesced dims) are sorted on the CPU (CpuSort) through a host round trip:
 * correct, and a GPU merge path for long rows can replace it later.
 */
final class CudaSort {
    private CudaSort() {}

    static final int MAX_ROW = 4096;
    private static final int MAX_DIMS = 16, MAX_GRID = 65535;
    /** sizeof(SortParams) in sort.cu. */
    static final int PARAMS_BYTES = 2 * 8 + 6 * 4 + 8 * MAX_DIMS + 3 * 8 * MAX_DIMS + 3 * 8;

    static final KernelSpec SORT_ROWS = KernelSpec.of("sort", "t4j_sort_rows", Param.struct(PARAMS_BYTES), Param.PTR,
            Param.PTR, Param.PTR);

    /** {@link dev.torch4j.backend.Backend#sort}. */
    static void sort(Strided values, Strided indices, Strided in, int dim, boolean descending) {
        if (in.numel() == 0) return;
        long n = in.shape()[dim];
        Coalesced rows = Coalesced.excludingDim(dim, in.shape(), values, indices, in);
        if (n > MAX_ROW || rows.ndim() > MAX_DIMS) {
            onCpu(values, indices, in, dim, descending);
            return;
        }
        int p = Integer.highestOneBit((int) n);
        if (p < n) p <<= 1;
        ByteBuffer b = ByteBuffer.allocate(PARAMS_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(rows.numel()).putLong(n).putInt(p).putInt(in.dtype().ordinal()).putInt(in.dtype().itemSize())
                .putInt(descending ? 1 : 0).putInt(rows.ndim()).putInt(0);
        putPadded(b, rows.shape());
        for (long[] s : rows.strides()) putPadded(b, s);
        b.putLong(values.strides()[dim]).putLong(indices.strides()[dim]).putLong(in.strides()[dim]);
        int threads = Math.min(1024, Math.max(32, p / 2));
        SORT_ROWS.launch(Math.min(rows.numel(), MAX_GRID), threads, p * 10, b.array(), values, indices,
                in);
    }

    /** CpuSort on a host copy; the results are written back into the (any-strided) CUDA outputs. */
    private static void onCpu(Strided values, Strided indices, Strided in, int dim, boolean descending) {
        Strided hostIn = CudaHost.toCpu(in);
        long[] shape = in.shape(), st = Shapes.contiguousStrides(shape);
        long numel = in.numel();
        Strided hv = new Strided(CpuBackend.INSTANCE.allocate(in.dtype(), numel), shape, st, 0);
        Strided hx = new Strided(CpuBackend.INSTANCE.allocate(DType.INT64, numel), shape, st, 0);
        CpuBackend.INSTANCE.sort(hv, hx, hostIn, dim, descending);
        CudaHost.fromCpu(values, hv);
        CudaHost.fromCpu(indices, hx);
    }

    private static void putPadded(ByteBuffer b, long[] v) {
        for (int i = 0; i < MAX_DIMS; i++) b.putLong(i < v.length ? v[i] : 0);
    }
}
