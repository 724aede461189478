package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.backend.Coalesced;
import dev.torch4j.backend.Indexer;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import dev.torch4j.backend.cpu.CpuBackend;
import dev.torch4j.core.Determinism;
import dev.torch4j.core.Shapes;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The index kernels of index.cu: one advanced-indexing read and one write (with atomic accumulate) serve every
 * gather/scatter-like op, as on the CPU (CpuIndexing). A bad index value is recorded on the device by the first
 * thread that meets one and thrown, worded by the op, at the next synchronisation ({@link IndexErrors}), so an index
 * op does not wait for the GPU. More than 16 index operands or 16 coalesced dims (both far beyond real use) run on
 * the CPU.
 */
final class CudaIndexing {
    private CudaIndexing() {}

    private static final int MAX_DIMS = 16, MAX_INDICES = 16;
    /** sizeof(IndexParams) in index.cu. */
    static final int PARAMS_BYTES = 8 + 6 * 4 + 8 * MAX_DIMS + 8 * (MAX_INDICES + 2) * MAX_DIMS + 3 * 8 * MAX_INDICES;
    /** sizeof(NonzeroParams) in index.cu. */
    static final int NONZERO_BYTES = 8 + 2 * 4 + 2 * 8 + 2 * 8 * MAX_DIMS;
    /** Elements per nonzero chunk, and threads per block of the nonzero kernels. */
    private static final long NZ_CHUNK = 8192;
    private static final int NZ_THREADS = 256;
    private static final int MAX_GRID = 65535;

    static final KernelSpec READ = KernelSpec.of("index", "t4j_index_read", Param.struct(PARAMS_BYTES), Param.PTR,
            Param.PTR, Param.PTR);
    static final KernelSpec WRITE = KernelSpec.of("index", "t4j_index_write", Param.struct(PARAMS_BYTES), Param.PTR,
            Param.PTR, Param.PTR, Param.I32);
    static final KernelSpec NZ_COUNT = KernelSpec.of("index", "t4j_index_nonzero_count", Param.struct(NONZERO_BYTES),
            Param.PTR, Param.PTR);
    static final KernelSpec NZ_SCAN = KernelSpec.of("index", "t4j_index_nonzero_scan", Param.PTR, Param.I64);
    static final KernelSpec NZ_WRITE = KernelSpec.of("index", "t4j_index_nonzero_write", Param.struct(NONZERO_BYTES),
            Param.PTR, Param.PTR, Param.PTR);

    /** {@link dev.torch4j.backend.Backend#index}. */
    static void index(Strided out, Strided src, Indexer ix) {
        run(src, out, ix, false, false);
    }

    /** {@link dev.torch4j.backend.Backend#indexPut}. */
    static void indexPut(Strided self, Strided values, Indexer ix, boolean accumulate) {
        run(self, values, ix, true, accumulate);
    }

    /** Iterates dense's shape; addressed is src of a read, self of a write. */
    private static void run(Strided addressed, Strided dense, Indexer ix, boolean write, boolean accumulate) {
        long numel = dense.numel();
        if (numel == 0) return;
        int nIdx = ix.count();
        long[][] strides = new long[2 + nIdx][];
        strides[0] = addressed.strides();
        strides[1] = dense.strides();
        for (int k = 0; k < nIdx; k++) {
            Strided s = ix.indices()[k];
            if (s.dtype() != DType.INT64) throw new IllegalArgumentException("index kernel: index operands must be int64, got " + s.dtype());
            strides[2 + k] = s.strides();
        }
        Coalesced c = Coalesced.of(dense.shape(), strides);
        // the kernel's writes race: duplicates add in any order (atomics) or the last writer wins; under
        // use_deterministic_algorithms the CPU kernel's sequential order decides instead, as PyTorch's sorted path does
        boolean racy = write && (!accumulate || addressed.dtype().isFloatingPoint());
        if (nIdx > MAX_INDICES || c.ndim() > MAX_DIMS || racy && Determinism.enabled()) {
            onCpu(addressed, dense, ix, write, accumulate);
            return;
        }
        IndexErrors errors = CudaRuntime.use(Cuda.device(addressed)).indexErrors();
        long record = errors.record();
        int launchId = errors.register(ix.wording());
        ByteBuffer b = ByteBuffer.allocate(PARAMS_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(numel).putInt(c.ndim()).putInt(nIdx).putInt(addressed.dtype().itemSize()).putInt(addressed.dtype().ordinal())
                .putInt(ix.wrapNegative() ? 1 : 0).putInt(launchId);
        putPadded(b, c.shape(), MAX_DIMS);
        for (int k = 0; k < MAX_INDICES + 2; k++) putPadded(b, k < 2 + nIdx ? c.strides()[k] : new long[0], MAX_DIMS);
        long[] ptrs = new long[nIdx];
        for (int k = 0; k < nIdx; k++) ptrs[k] = Cuda.ptr(ix.indices()[k]);
        putPadded(b, ptrs, MAX_INDICES);
        putPadded(b, ix.sizes(), MAX_INDICES);
        putPadded(b, ix.strides(), MAX_INDICES);
        try {
            if (write) WRITE.launchElementwise(numel, b.array(), addressed, dense, record, accumulate ? 1 : 0);
            else READ.launchElementwise(numel, b.array(), dense, addressed, record);
        } finally {
            Reference.reachabilityFence(ix); // its index operands' addresses travel inside the params
        }
        if (IndexErrors.BLOCKING) errors.check();
    }

    /**
     * The CPU kernel on a host copy of the addressed operand's whole storage (index strides address the storage,
     * not the view), with dense and index operands copied contiguously; a write copies the storage back.
     */
    private static void onCpu(Strided addressed, Strided dense, Indexer ix, boolean write, boolean accumulate) {
        Storage st = addressed.storage();
        Strided whole = new Strided(st, new long[] {st.numel()}, new long[] {1}, 0);
        Strided hostWhole = CudaHost.toCpu(whole);
        Strided hostAddressed = new Strided(hostWhole.storage(), addressed.shape(), addressed.strides(),
                hostWhole.offset() + addressed.offset());
        Strided[] idx = new Strided[ix.count()];
        for (int k = 0; k < idx.length; k++) idx[k] = CudaHost.toCpu(ix.indices()[k]);
        Indexer hostIx = new Indexer(idx, ix.sizes(), ix.strides(), ix.wrapNegative(), ix.wording());
        if (write) {
            CpuBackend.INSTANCE.indexPut(hostAddressed, CudaHost.toCpu(dense), hostIx, accumulate);
            CudaHost.fromCpu(whole, hostWhole);
        } else {
            long[] shape = dense.shape();
            Strided hostOut = new Strided(CpuBackend.INSTANCE.allocate(dense.dtype(), dense.numel()), shape,
                    Shapes.contiguousStrides(shape), 0);
            CpuBackend.INSTANCE.index(hostOut, hostAddressed, hostIx);
            CudaHost.fromCpu(dense, hostOut);
        }
    }

    /** Writes {@code v} followed by zeros up to {@code n} longs. */
    private static void putPadded(ByteBuffer b, long[] v, int n) {
        for (int i = 0; i < n; i++) b.putLong(i < v.length ? v[i] : 0);
    }

    /**
     * {@link dev.torch4j.backend.Backend#nonzero}: counts per chunk, scans the counts on the device, reads the total
     * back (one synchronisation: the output's size depends on it), then each chunk writes its coordinates in order.
     */
    static Storage nonzero(Strided in) {
        int nd = in.ndim();
        int dev = Cuda.device(in);
        long numel = in.numel();
        if (numel == 0) return CudaStorage.allocate(dev, DType.INT64, 0, false);
        if (nd > MAX_DIMS) {
            Storage host = CpuBackend.INSTANCE.nonzero(CudaHost.toCpu(in));
            CudaStorage out = CudaStorage.allocate(dev, DType.INT64, host.numel(), false);
            CudaHost.fromCpu(new Strided(out, new long[] {host.numel()}, new long[] {1}, 0),
                    new Strided(host, new long[] {host.numel()}, new long[] {1}, 0));
            return out;
        }
        long chunks = (numel + NZ_CHUNK - 1) / NZ_CHUNK;
        ByteBuffer b = ByteBuffer.allocate(NONZERO_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(numel).putInt(nd).putInt(in.dtype().ordinal()).putLong(NZ_CHUNK).putLong(chunks);
        putPadded(b, in.shape(), MAX_DIMS);
        putPadded(b, in.strides(), MAX_DIMS);
        byte[] params = b.array();
        long grid = Math.min(chunks, MAX_GRID);
        CudaStorage counts = CudaStorage.allocate(dev, DType.INT64, chunks + 1, false);
        try {
            NZ_COUNT.launch(grid, NZ_THREADS, 0, params, in, counts);
            NZ_SCAN.launch(1, 1024, 0, counts, chunks);
            long total = CudaMemory.readLong(counts.address() + chunks * 8);
            CudaStorage out = CudaStorage.allocate(dev, DType.INT64, total * nd, false);
            if (total > 0) NZ_WRITE.launch(grid, NZ_THREADS, 0, params, in, counts, out);
            return out;
        } finally {
            counts.release(); // stream-ordered: the write kernel is done with it before the memory is reused
        }
    }
}
