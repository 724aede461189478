package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.ValuesIndices;
import dev.torch4j.nn.Functional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

import static dev.torch4j.Torch.ALL;
import static dev.torch4j.Torch.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The index kernels (index.cu: advanced indexing, gather/scatter, index_add/index_put with accumulate, nonzero) and
 * the sort kernel (sort.cu: sort/argsort/topk) against the CPU backend on the same inputs: every dtype,
 * noncontiguous views, duplicate indices, negative indices, NaN/-0.0, ties, long rows (the CPU fallback) and
 * out-of-range indices (same message, at the next synchronisation). Accumulations use small integers so every summation order gives the same
 * bits. Skips without a GPU.
 */
class CudaIndexingTest {
    private static final Device GPU = Device.cuda(0);
    private static final DType[] ALL_TYPES = dev.torch4j.testing.RealDTypes.values();

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    // ---------------------------------------------------------------- data and comparison

    /** Random data of dtype t; with {@code small} integers 0..4 (ties, exact sums), else normals with NaN/inf/±0. */
    private static Tensor data(DType t, long seed, boolean small, long... shape) {
        Random rnd = new Random(seed);
        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            if (small || !t.isFloatingPoint()) {
                v[i] = t == DType.BOOL ? rnd.nextInt(3) == 0 ? 0 : 1 : rnd.nextInt(5);
                if (!small && (t == DType.INT8 || t == DType.INT16 || t == DType.INT32 || t == DType.INT64)) v[i] -= 2;
                continue;
            }
            int k = rnd.nextInt(40);
            v[i] = k == 0 ? Double.NaN : k == 1 ? Double.POSITIVE_INFINITY : k == 2 ? Double.NEGATIVE_INFINITY
                    : k == 3 ? -0.0 : k == 4 ? 0.0 : k < 10 ? rnd.nextInt(3) : rnd.nextGaussian();
        }
        return tensor(v, TensorOptions.DEFAULT.dtype(DType.FLOAT64)).reshape(shape).to(t);
    }

    private static Tensor longs(long... v) { return tensor(v); }

    /** int64 indices in [lo, hi). */
    private static Tensor randIdx(long seed, long lo, long hi, long... shape) {
        Random rnd = new Random(seed);
        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = lo + (long) rnd.nextInt((int) (hi - lo));
        return tensor(v).reshape(shape);
    }

    private static Tensor gpu(Tensor t) { return t.to(GPU); }

    /** Same dtype, shape and bits (NaN matches NaN; -0.0 differs from 0.0). */
    private static void assertExact(Tensor cpu, Tensor gpu, String what) {
        assertEquals(GPU, gpu.device(), what);
        assertEquals(cpu.dtype(), gpu.dtype(), what);
        assertArrayEquals(cpu.shapeArray(), gpu.shapeArray(), what);
        Tensor g = gpu.cpu();
        if (cpu.dtype().isFloatingPoint()) assertArrayEquals(cpu.toDoubleArray(), g.toDoubleArray(), what);
        else assertArrayEquals(cpu.toLongArray(), g.toLongArray(), what);
    }

    /**
     * The CPU op throws IndexOutOfBoundsException; the GPU op returns without waiting for its kernel, and the next
     * copy to the host throws the CPU's message with {@link IndexErrors#DEFERRED} after it, once
     * (Note [deferred index errors]). With CUDA_LAUNCH_BLOCKING=1 the GPU op throws the CPU's message itself.
     */
    private static void assertSameError(Executable cpu, Supplier<Tensor> gpu, String what) {
        String expected = assertThrows(IndexOutOfBoundsException.class, cpu, what).getMessage();
        if (IndexErrors.BLOCKING) {
            assertEquals(expected, assertThrows(IndexOutOfBoundsException.class, gpu::get, what).getMessage(), what);
            return;
        }
        Tensor r = gpu.get();
        assertEquals(expected + IndexErrors.DEFERRED, assertThrows(IndexOutOfBoundsException.class, r::cpu, what).getMessage(),
                what);
        assertDoesNotThrow(r::cpu, what + ": reported once");
    }

    // ---------------------------------------------------------------- reads

    @Test
    void advancedIndexingEveryDtype() {
        Tensor i0 = randIdx(1, -4, 4, 3, 2), i1 = randIdx(2, -6, 6, 2), mask = data(DType.BOOL, 3, false, 4, 5);
        for (DType t : ALL_TYPES) {
            Tensor x = data(t, 10 + t.ordinal(), false, 4, 5, 6);
            Tensor g = gpu(x);
            String w = t + " ";
            assertExact(x.index(i0), g.index(gpu(i0)), w + "x[i0]");
            assertExact(x.index(ALL, ALL, i1), g.index(ALL, ALL, gpu(i1)), w + "x[:, :, i1]");
            assertExact(x.index(i0, ALL, i1), g.index(gpu(i0), ALL, gpu(i1)), w + "x[i0, :, i1] (broadcast)");
            assertExact(x.index(mask), g.index(gpu(mask)), w + "x[mask]");
            Tensor p = x.permute(2, 0, 1), gp = g.permute(2, 0, 1);
            assertExact(p.index(ALL, i0), gp.index(ALL, gpu(i0)), w + "permuted");
            assertExact(p.index(i1.narrow(0, 0, 1), i0), gp.index(gpu(i1).narrow(0, 0, 1), gpu(i0)), w + "permuted 2 idx");
        }
    }

    @Test
    void gatherIndexSelectTakeEveryDtype() {
        for (DType t : ALL_TYPES) {
            Tensor x = data(t, 20 + t.ordinal(), false, 5, 7), g = gpu(x);
            Tensor gi = randIdx(21, 0, 7, 5, 9), si = randIdx(22, 0, 5, 11), ti = randIdx(23, -35, 35, 4, 3);
            String w = t + " ";
            assertExact(x.gather(1, gi), g.gather(1, gpu(gi)), w + "gather");
            assertExact(x.t().gather(0, gi.t()), g.t().gather(0, gpu(gi).t()), w + "gather transposed");
            assertExact(x.indexSelect(0, si), g.indexSelect(0, gpu(si)), w + "index_select 0");
            assertExact(x.indexSelect(1, si), g.indexSelect(1, gpu(si)), w + "index_select 1");
            assertExact(x.take(ti), g.take(gpu(ti)), w + "take");
        }
    }

    @Test
    void largeGatherUsesTheWholeGrid() {
        Tensor x = data(DType.FLOAT32, 30, false, 1000, 300), idx = randIdx(31, 0, 1000, 500_000);
        assertExact(x.indexSelect(0, idx.narrow(0, 0, 2000)), gpu(x).indexSelect(0, gpu(idx).narrow(0, 0, 2000)), "rows");
        assertExact(x.take(idx), gpu(x).take(gpu(idx)), "take 500k");
    }

    // ---------------------------------------------------------------- writes

    @Test
    void scatterAndIndexPutWithoutDuplicates() {
        // a permutation per row: no two writes hit one element, so the result does not depend on their order
        Tensor perm = dev.torch4j.Torch.rand(4, 9).argsort(1);
        for (DType t : ALL_TYPES) {
            Tensor self = data(t, 41 + t.ordinal(), false, 4, 9), src = data(t, 42 + t.ordinal(), false, 4, 9);
            String w = t + " ";
            assertExact(self.scatter(1, perm, src), gpu(self).scatter(1, gpu(perm), gpu(src)), w + "scatter");
            Tensor rows = longs(2, -1, 0); // index_put wraps -1 to row 3: three distinct rows
            Tensor vals = data(t, 43 + t.ordinal(), false, 3, 9);
            assertExact(self.indexPut(new Object[] {rows}, vals, false), gpu(self).indexPut(new Object[] {gpu(rows)}, gpu(vals), false),
                    w + "index_put");
            Tensor st = self.t().contiguous().t(); // column-major self
            assertExact(st.indexPut(new Object[] {ALL, perm.index(0)}, src, false),
                    gpu(st).indexPut(new Object[] {ALL, gpu(perm).index(0)}, gpu(src), false), w + "index_put column-major");
        }
    }

    @Test
    void accumulateWithDuplicatesEveryDtype() {
        Tensor dup = longs(0, 2, 2, 4, 0, 0, -1, 4);      // index_put wraps -1 to 4
        Tensor dupPos = longs(0, 2, 2, 4, 0, 0, 3, 4);
        Tensor gi = randIdx(50, 0, 3, 6, 40);              // scatter_add: many duplicates per column
        for (DType t : ALL_TYPES) {
            String w = t + " ";
            Tensor self = data(t, 51 + t.ordinal(), true, 5, 6), vals = data(t, 52 + t.ordinal(), true, 8, 6);
            assertExact(self.indexPut(new Object[] {dup}, vals, true), gpu(self).indexPut(new Object[] {gpu(dup)}, gpu(vals), true),
                    w + "index_put accumulate");
            assertExact(self.indexAdd(0, dupPos, vals), gpu(self).indexAdd(0, gpu(dupPos), gpu(vals)), w + "index_add");
            assertExact(self.t().indexAdd(1, dupPos, vals.t()), gpu(self).t().indexAdd(1, gpu(dupPos), gpu(vals).t()),
                    w + "index_add transposed");
            Tensor s3 = data(t, 53 + t.ordinal(), true, 3, 40), src = data(t, 54 + t.ordinal(), true, 6, 40);
            assertExact(s3.scatterAdd(0, gi, src), gpu(s3).scatterAdd(0, gpu(gi), gpu(src)), w + "scatter_add");
        }
    }

    @Test
    void writesIntoAnExpandedViewEveryDtype() {
        // index_put_ and index_fill_ write each place of the base as often as the expanded view addresses it
        Tensor rows = longs(0, 2, 1, 2), cols = longs(1, 3);
        for (DType t : ALL_TYPES) {
            String w = t + " ";
            Tensor base = data(t, 71 + t.ordinal(), true, 1, 5), vals = data(t, 72 + t.ordinal(), true, 4, 5);
            Tensor c = base.clone(), g = gpu(base);
            c.expand(3, 5).indexPut_(new Object[] {rows}, vals, true);
            g.expand(3, 5).indexPut_(new Object[] {gpu(rows)}, gpu(vals), true);
            assertExact(c, g, w + "index_put_ accumulate into an expanded view");
            c.expand(3, 5).indexPut_(new Object[] {rows}, 3.0);
            g.expand(3, 5).indexPut_(new Object[] {gpu(rows)}, 3.0);
            assertExact(c, g, w + "index_put_ into an expanded view");
            c.expand(2, 5).indexFill_(1, cols, 1.0);
            g.expand(2, 5).indexFill_(1, gpu(cols), 1.0);
            assertExact(c, g, w + "index_fill_ into an expanded view");
        }
    }

    @Test
    void float32AccumulateOfNormalsIsClose() {
        Tensor self = dev.torch4j.Torch.zeros(100, 8), vals = dev.torch4j.Torch.randn(20_000, 8);
        Tensor idx = randIdx(61, 0, 100, 20_000);
        Tensor cpu = self.indexAdd(0, idx, vals), g = gpu(self).indexAdd(0, gpu(idx), gpu(vals)).cpu();
        double err = cpu.sub(g).abs().max().item(), scale = vals.abs().sum().item() / 100;
        assertEquals(0, err, 1e-5 * scale, "float32 atomic sums within rounding");
    }

    // ---------------------------------------------------------------- errors

    @Test
    void outOfRangeIndexRaisesTheCpuMessage() {
        Tensor x = data(DType.FLOAT32, 70, false, 5, 6);
        Tensor bad = longs(0, 1, 7, 2), neg = longs(0, -6, 1);
        assertSameError(() -> x.index(bad), () -> gpu(x).index(gpu(bad)), "x[bad]");
        assertSameError(() -> x.index(neg), () -> gpu(x).index(gpu(neg)), "x[-6]");
        assertSameError(() -> x.index(ALL, bad), () -> gpu(x).index(ALL, gpu(bad)), "x[:, bad]");
        Tensor gb = longs(0, 1, 6, 2, 1, 0).reshape(1, 6);
        assertSameError(() -> x.gather(1, gb), () -> gpu(x).gather(1, gpu(gb)), "gather");
        assertSameError(() -> x.indexSelect(0, longs(1, -1)), () -> gpu(x).indexSelect(0, gpu(longs(1, -1))), "index_select -1");
        assertSameError(() -> x.take(longs(30)), () -> gpu(x).take(gpu(longs(30))), "take");
        Tensor v = data(DType.FLOAT32, 71, true, 4, 6);
        assertSameError(() -> x.clone().indexPut_(new Object[] {bad}, v, true),
                () -> gpu(x).clone().indexPut_(new Object[] {gpu(bad)}, gpu(v), true), "index_put_ accumulate");
        assertSameError(() -> x.scatterAdd(1, gb, v.narrow(0, 0, 1)), () -> gpu(x).scatterAdd(1, gpu(gb), gpu(v).narrow(0, 0, 1)),
                "scatter_add");
    }

    @Test
    void aDeferredErrorIsTheFirstBadLaunchsAndLaterWorkIsSound() {
        assumeTrue(!IndexErrors.BLOCKING, "CUDA_LAUNCH_BLOCKING=1 reports at the op");
        Tensor x = data(DType.FLOAT32, 72, false, 5, 6);
        Tensor g = gpu(x);
        g.gather(1, gpu(longs(0, 9).reshape(1, 2)));
        g.indexSelect(0, gpu(longs(-1)));
        Tensor good = g.gather(1, gpu(longs(5, 0).reshape(1, 2)));
        String msg = assertThrows(IndexOutOfBoundsException.class, () -> Torch.cuda().synchronize()).getMessage();
        assertEquals("gather(): index 9 is out of bounds for dimension 1 with size 6" + IndexErrors.DEFERRED, msg);
        assertDoesNotThrow(() -> Torch.cuda().synchronize(), "the record is clear after the report");
        assertExact(x.gather(1, longs(5, 0).reshape(1, 2)), good, "a good gather queued after the bad ones");
        assertExact(x.indexSelect(0, longs(4, 0)), g.indexSelect(0, gpu(longs(4, 0))), "index_select after the report");
    }

    @Test
    void aStepOfIndexOpsWithoutSynchronisationStillReportsABadIndex() {
        assumeTrue(!IndexErrors.BLOCKING, "CUDA_LAUNCH_BLOCKING=1 reports at the op");
        Tensor g = gpu(data(DType.FLOAT32, 73, false, 4, 3));
        Tensor ok = gpu(longs(2, 0).reshape(1, 2));
        g.gather(1, gpu(longs(3, 0).reshape(1, 2)));
        // a loop that never copies to the host: the wordings kept are bounded, so some later op reads the record
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> {
            for (int i = 0; i < 5000; i++) g.gather(1, ok);
        });
        assertEquals("gather(): index 3 is out of bounds for dimension 1 with size 3" + IndexErrors.DEFERRED, e.getMessage());
    }

    @Test
    void nllLossNamesABadTargetWithoutReadingTheTargets() {
        Tensor logits = data(DType.FLOAT32, 74, false, 3, 5), target = longs(1, 7, -100);
        String expected = assertThrows(IndexOutOfBoundsException.class,
                () -> Functional.crossEntropy(logits, target)).getMessage();
        assertEquals("Target 7 is out of bounds.", expected);
        assertSameError(() -> Functional.crossEntropy(logits, target),
                () -> Functional.crossEntropy(gpu(logits), gpu(target)), "cross_entropy");
    }

    @Test
    void moreThanSixteenIndexOperandsFallBackToTheCpu() {
        long[] shape = new long[17];
        Arrays.fill(shape, 2);
        Tensor x = data(DType.FLOAT64, 80, false, shape);
        Object[] ix = new Object[17], gx = new Object[17];
        for (int d = 0; d < 17; d++) {
            ix[d] = longs(d % 2, 1, 0);
            gx[d] = gpu((Tensor) ix[d]);
        }
        assertExact(x.index(ix), gpu(x).index(gx), "read");
        Tensor v = data(DType.FLOAT64, 81, true, 3);
        assertExact(x.indexPut(ix, v, true), gpu(x).indexPut(gx, gpu(v), true), "accumulate");
    }

    // ---------------------------------------------------------------- nonzero

    @Test
    void nonzeroAndMaskedSelectEveryDtype() {
        for (DType t : ALL_TYPES) {
            String w = t + " ";
            Tensor x = data(t, 90 + t.ordinal(), false, 7, 11, 13), g = gpu(x);
            assertExact(x.nonzero(), g.nonzero(), w + "nonzero");
            assertExact(x.permute(1, 2, 0).nonzero(), g.permute(1, 2, 0).nonzero(), w + "nonzero permuted");
            Tensor mask = data(DType.BOOL, 91, false, 11, 13);
            assertExact(x.maskedSelect(mask), g.maskedSelect(gpu(mask)), w + "masked_select broadcast");
            // nonzero(as_tuple=True) / where(condition): one index tensor per dim, on the GPU, usable as an index
            Tensor[] cols = x.nonzeroAsTuple(), gcols = Torch.where(g);
            assertEquals(3, gcols.length, w + "as_tuple length");
            for (int d = 0; d < 3; d++) {
                assertEquals(GPU, gcols[d].device(), w + "as_tuple device");
                assertExact(cols[d], gcols[d], w + "as_tuple dim " + d);
            }
            assertExact(x.index((Object[]) cols), g.index((Object[]) gcols), w + "indexed by as_tuple");
        }
        Tensor zeroD = tensor(new double[] {5}).reshape();
        Tensor[] one = gpu(zeroD).nonzeroAsTuple();
        assertEquals(1, one.length, "0-d as_tuple");
        assertExact(zeroD.nonzeroAsTuple()[0], one[0], "0-d as_tuple");
    }

    @Test
    void nonzeroAcrossManyChunksAndEdgeCases() {
        Tensor full = data(DType.FLOAT32, 100, false, 3, 50_000, 7); // a strided view over many 8192-element chunks
        assertExact(full.narrow(1, 3, 40_000).nonzero(), gpu(full).narrow(1, 3, 40_000).nonzero(), "big");
        Tensor sparse = data(DType.INT32, 101, true, 300_001).eq(4L).logicalAnd(data(DType.BOOL, 102, false, 300_001));
        assertExact(sparse.nonzero(), gpu(sparse).nonzero(), "sparse");
        Tensor zeros = dev.torch4j.Torch.zeros(1000, 3);
        assertExact(zeros.nonzero(), gpu(zeros).nonzero(), "all zero");
        assertExact(tensor(2.0).nonzero(), gpu(tensor(2.0)).nonzero(), "0-d");
        assertExact(dev.torch4j.Torch.zeros(0, 4).nonzero(), gpu(dev.torch4j.Torch.zeros(0, 4)).nonzero(), "empty");
        Tensor negZero = tensor(new double[] {-0.0, 0.0, Double.NaN, 1e-300}, TensorOptions.DEFAULT.dtype(DType.FLOAT64));
        for (DType t : new DType[] {DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64}) {
            assertExact(negZero.to(t).nonzero(), gpu(negZero.to(t)).nonzero(), t + " -0.0 / NaN / underflow");
        }
    }

    // ---------------------------------------------------------------- sort

    private static void assertSort(Tensor x, long dim, boolean descending, String what) {
        ValuesIndices c = x.sort(dim, descending), g = gpu(x).sort(dim, descending);
        assertExact(c.values(), g.values(), what + " values");
        assertExact(c.indices(), g.indices(), what + " indices");
    }

    @Test
    void sortEveryDtypeDimAndDirection() {
        for (DType t : ALL_TYPES) {
            Tensor x = data(t, 110 + t.ordinal(), false, 6, 37, 5), small = data(t, 111 + t.ordinal(), true, 6, 37, 5);
            for (int dim = 0; dim < 3; dim++) {
                for (boolean desc : new boolean[] {false, true}) {
                    String w = t + " dim " + dim + (desc ? " desc" : " asc");
                    assertSort(x, dim, desc, w);
                    assertSort(small, dim, desc, w + " ties");
                    assertSort(x.permute(2, 0, 1), dim, desc, w + " permuted");
                }
            }
        }
    }

    @Test
    void sortRowLengthsAroundTheBitonicLimit() {
        // past 4096: tiles, merge passes (one, and four with an odd run left over) and a gather
        for (int n : new int[] {1, 2, 3, 31, 64, 1000, 4095, 4096, 4097, 10_000, 40_000}) {
            for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT16}) {
                Tensor x = data(t, 120 + n, n % 2 == 0, 3, n);
                assertSort(x, 1, false, t + " n=" + n);
                assertSort(x, 1, true, t + " n=" + n + " desc");
                assertSort(x.t(), 0, true, t + " n=" + n + " column");
            }
        }
        Tensor manyRows = data(DType.FLOAT32, 130, true, 70_000, 5); // more rows than blocks in the grid
        assertSort(manyRows, 1, false, "70000 rows");
    }

    @Test
    void argsortAndTopk() {
        Tensor x = data(DType.FLOAT32, 140, false, 8, 50), g = gpu(x);
        assertExact(x.argsort(1), g.argsort(1), "argsort");
        assertExact(x.argsort(0, true), g.argsort(0, true), "argsort desc");
        for (boolean largest : new boolean[] {true, false}) {
            ValuesIndices c = x.topk(7, 1, largest, true), r = g.topk(7, 1, largest, true);
            assertExact(c.values(), r.values(), "topk values " + largest);
            assertExact(c.indices(), r.indices(), "topk indices " + largest);
        }
        Tensor ties = data(DType.INT32, 141, true, 5, 300);
        ValuesIndices c = ties.topk(20), r = gpu(ties).topk(20);
        assertExact(c.values(), r.values(), "topk ties values");
        assertExact(c.indices(), r.indices(), "topk ties indices");
    }
}
