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
 * shared memory, which is stable because no two pairs compare equal. Rows longer than {@value #MAX_ROW} elements are
 * sorted per tile of that size into scratch runs, merged pairwise until one run is left (each pass doubles the run
 * length; an element's output index is its index in its run plus its rank in the other run), then gathered into
 * values and indices. Rows spread over more than 16 coalesced dims, or of 2^31 elements or more, are sorted on the
 * CPU (CpuSort) through a host round trip.
 */
final class CudaSort {
    private CudaSort() {}

    static final int MAX_ROW = 4096;
    private static final int MAX_DIMS = 16, MAX_GRID = 65535;
    /** sizeof(SortParams) in sort.cu. */
    static final int PARAMS_BYTES = 2 * 8 + 6 * 4 + 8 * MAX_DIMS + 3 * 8 * MAX_DIMS + 3 * 8;

    static final KernelSpec SORT_ROWS = KernelSpec.of("sort", "t4j_sort_rows", Param.struct(PARAMS_BYTES), Param.PTR,
            Param.PTR, Param.PTR);
    static final KernelSpec SORT_TILES = KernelSpec.of("sort", "t4j_sort_tiles", Param.struct(PARAMS_BYTES), Param.PTR,
            Param.PTR, Param.PTR);
    static final KernelSpec SORT_MERGE = KernelSpec.of("sort", "t4j_sort_merge", Param.I64, Param.I64, Param.I64,
            Param.PTR, Param.PTR, Param.PTR, Param.PTR);
    static final KernelSpec SORT_GATHER = KernelSpec.of("sort", "t4j_sort_gather", Param.struct(PARAMS_BYTES),
            Param.PTR, Param.PTR, Param.PTR, Param.PTR);

    /** {@link dev.torch4j.backend.Backend#sort}. */
    static void sort(Strided values, Strided indices, Strided in, int dim, boolean descending) {
        if (in.numel() == 0) return;
        long n = in.shape()[dim];
        Coalesced rows = Coalesced.excludingDim(dim, in.shape(), values, indices, in);
        if (rows.ndim() > MAX_DIMS || n > Integer.MAX_VALUE) {
            onCpu(values, indices, in, dim, descending);
            return;
        }
        int p = (int) Math.min(MAX_ROW, Long.highestOneBit(n));
        if (p < n && p < MAX_ROW) p <<= 1;
        byte[] params = params(rows, n, p, values, indices, in, dim, descending);
        int threads = Math.min(1024, Math.max(32, p / 2));
        if (n <= MAX_ROW) {
            SORT_ROWS.launch(Math.min(rows.numel(), MAX_GRID), threads, p * 10, params, values, indices, in);
            return;
        }
        long total = rows.numel() * n;
        int dev = Cuda.device(in);
        CudaStorage k0 = CudaStorage.allocate(dev, DType.INT64, total, false), k1 = null, p0 = null, p1 = null;
        try {
            p0 = CudaStorage.allocate(dev, DType.INT32, total, false);
            k1 = CudaStorage.allocate(dev, DType.INT64, total, false);
            p1 = CudaStorage.allocate(dev, DType.INT32, total, false);
            long tiles = rows.numel() * ((n + MAX_ROW - 1) / MAX_ROW);
            SORT_TILES.launch(Math.min(tiles, MAX_GRID), threads, p * 10, params, k0, p0, in);
            for (long width = MAX_ROW; width < n; width *= 2) {
                SORT_MERGE.launchElementwise(total, rows.numel(), n, width, k0, p0, k1, p1);
                CudaStorage t = k0;
                k0 = k1;
                k1 = t;
                t = p0;
                p0 = p1;
                p1 = t;
            }
            SORT_GATHER.launchElementwise(total, params, values, indices, in, p0);
        } finally {
            for (CudaStorage s : new CudaStorage[] {k0, k1, p0, p1}) if (s != null) s.release(); // stream-ordered
        }
    }

    /** SortParams (sort.cu) for rows of n elements sorted in tiles of p. */
    private static byte[] params(Coalesced rows, long n, int p, Strided values, Strided indices, Strided in, int dim,
                                 boolean descending) {
        ByteBuffer b = ByteBuffer.allocate(PARAMS_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(rows.numel()).putLong(n).putInt(p).putInt(in.dtype().ordinal()).putInt(in.dtype().itemSize())
                .putInt(descending ? 1 : 0).putInt(rows.ndim()).putInt(0);
        putPadded(b, rows.shape());
        for (long[] s : rows.strides()) putPadded(b, s);
        b.putLong(values.strides()[dim]).putLong(indices.strides()[dim]).putLong(in.strides()[dim]);
        return b.array();
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
