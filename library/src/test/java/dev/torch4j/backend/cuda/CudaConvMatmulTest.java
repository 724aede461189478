package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;
import dev.torch4j.nn.Functional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * bmm/matmul through cuBLAS, im2col/col2im (unfold/fold, conv2d forward and backward) and max_pool2d on the GPU
 * against the CPU backend on the same inputs: transposed, broadcast-batch, sliced and packed operands, outputs that
 * cuBLAS cannot write directly, empty sizes; exact equality where the math is exact (im2col, col2im's fixed
 * summation order, max pooling with NaN), relative 1e-5 (float32) / 1e-12 (float64) of the largest |value| for
 * products. Skips without a GPU.
 */
class CudaConvMatmulTest {
    private static final Device GPU = Device.cuda(0);
    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    private static double rtol(DType t) { return t == DType.FLOAT32 ? 1e-5 : 1e-12; }

    private static Tensor rn(DType t, long... shape) { return randn(shape).to(t); }

    /** |gpu - cpu| <= rtol * max|cpu| elementwise (NaN matches NaN), same shape. */
    private static void assertClose(Tensor cpu, Tensor gpu, double rtol, String what) {
        assertArrayEquals(cpu.shape().toArray(), gpu.shape().toArray(), what + ": shape");
        double[] e = cpu.toDoubleArray(), a = gpu.cpu().toDoubleArray();
        double scale = 0;
        for (double v : e) if (Double.isFinite(v)) scale = Math.max(scale, Math.abs(v));
        double tol = rtol * Math.max(scale, 1e-30);
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) && Double.isNaN(a[i]) || e[i] == a[i]) continue;
            assertTrue(Math.abs(e[i] - a[i]) <= tol, what + ": element " + i + " expected " + e[i] + " got " + a[i] + " (tol " + tol + ")");
        }
    }

    /** Bit-for-bit equality (NaN and -0.0 included). */
    private static void assertExact(Tensor cpu, Tensor gpu, String what) {
        assertArrayEquals(cpu.shape().toArray(), gpu.shape().toArray(), what + ": shape");
        assertEquals(cpu.dtype(), gpu.dtype(), what + ": dtype");
        if (cpu.dtype() == DType.INT64) assertArrayEquals(cpu.toLongArray(), gpu.cpu().toLongArray(), what);
        else assertArrayEquals(cpu.toDoubleArray(), gpu.cpu().toDoubleArray(), what);
    }

    /** Applies the same view to a CPU tensor and to its GPU copy (made first, so the GPU operand is a real view). */
    private static Tensor[] pair(Tensor cpuBase, UnaryOperator<Tensor> view) {
        Tensor g = cpuBase.to(GPU);
        return new Tensor[] {view.apply(cpuBase), view.apply(g)};
    }

    private void checkMatmul(Tensor[] a, Tensor[] b, String what) {
        DType t = a[0].dtype();
        assertClose(a[0].matmul(b[0]), a[1].matmul(b[1]), rtol(t), what + " " + t);
    }

    // ---------------------------------------------------------------- matmul / bmm

    @Test
    void mmWithTransposedOperands() {
        manualSeed(1);
        for (DType t : FLOATS) {
            checkMatmul(pair(rn(t, 37, 53), x -> x), pair(rn(t, 53, 29), x -> x), "mm");
            checkMatmul(pair(rn(t, 53, 37), Tensor::t), pair(rn(t, 53, 29), x -> x), "mm a^T");
            checkMatmul(pair(rn(t, 37, 53), x -> x), pair(rn(t, 29, 53), Tensor::t), "mm b^T");
            checkMatmul(pair(rn(t, 53, 37), Tensor::t), pair(rn(t, 29, 53), Tensor::t), "mm a^T b^T");
            checkMatmul(pair(rn(t, 1, 53), x -> x), pair(rn(t, 53, 1), x -> x), "mm 1x1");
            checkMatmul(pair(rn(t, 53), x -> x), pair(rn(t, 53, 7), x -> x), "vector-matrix");
            checkMatmul(pair(rn(t, 7, 53), x -> x), pair(rn(t, 53), x -> x), "matrix-vector");
            checkMatmul(pair(rn(t, 256, 384), x -> x), pair(rn(t, 384, 320), x -> x), "mm large");
        }
    }

    @Test
    void addmmBiasRowsAndGeneralInputsMatchCpu() {
        manualSeed(9);
        for (DType t : FLOATS) {
            for (double alpha : new double[] {1, 0.5}) {
                String w = t + " alpha " + alpha;
                Tensor[] x = pair(rn(t, 33, 70), v -> v), wt = pair(rn(t, 45, 70), Tensor::t), bias = pair(rn(t, 45), v -> v);
                // a bias row: cuBLASLt's bias epilogue where cuBLASLt is (a Linear layer), else copy + GEMM
                long lt = CublasLt.biasGemmsRun();
                assertClose(addmm(bias[0], x[0], wt[0], 1, alpha), addmm(bias[1], x[1], wt[1], 1, alpha), rtol(t), "bias " + w);
                if (CublasLt.available()) assertEquals(lt + 1, CublasLt.biasGemmsRun(), "the bias row ran on cuBLASLt " + w);
                // a bias that is not 16-byte aligned (offset one element; cuBLASLt may decline it), a transposed operand
                Tensor[] b1 = pair(rn(t, 46), v -> v.narrow(0, 1, 45)), xt = pair(rn(t, 70, 33), Tensor::t);
                assertClose(addmm(b1[0], xt[0], wt[0], 1, alpha), addmm(b1[1], xt[1], wt[1], 1, alpha), rtol(t), "misaligned " + w);
                // not a bias row: a 2-d input, beta 0.25, a column vector, a single row (copy + GEMM with beta)
                Tensor[] in2 = pair(rn(t, 33, 45), v -> v), col = pair(rn(t, 33, 1), v -> v);
                assertClose(addmm(in2[0], x[0], wt[0], 0.25, alpha), addmm(in2[1], x[1], wt[1], 0.25, alpha), rtol(t), "2-d " + w);
                assertClose(addmm(col[0], x[0], wt[0], 1, alpha), addmm(col[1], x[1], wt[1], 1, alpha), rtol(t), "column " + w);
                Tensor[] row = pair(rn(t, 1, 70), v -> v);
                assertClose(addmm(bias[0], row[0], wt[0], 1, alpha), addmm(bias[1], row[1], wt[1], 1, alpha), rtol(t), "1 row " + w);
            }
        }
        // Linear forward and backward (addmm with a bias row, recorded)
        Tensor x = randn(16, 24), w = randn(10, 24).requiresGrad_(true), b = randn(10).requiresGrad_(true);
        Tensor xg = x.to(GPU), wg = w.detach().to(GPU).requiresGrad_(true), bg = b.detach().to(GPU).requiresGrad_(true);
        Tensor yc = Functional.linear(x, w, b), yg = Functional.linear(xg, wg, bg);
        assertClose(yc, yg, 1e-5, "linear");
        yc.sum().backward();
        yg.sum().backward();
        assertClose(w.grad(), wg.grad(), 1e-5, "linear weight grad");
        assertClose(b.grad(), bg.grad(), 1e-5, "linear bias grad");
    }

    @Test
    void cublasLtRunsTheBiasEpilogueWhereItLoads() {
        assumeTrue(CublasLt.available(), "no cuBLASLt");
        for (DType t : FLOATS) {
            Tensor a = rn(t, 6, 5).to(GPU), bt = rn(t, 4, 5).to(GPU), bias = rn(t, 4).to(GPU);
            Tensor out = empty(dev.torch4j.Size.of(6, 4), dev.torch4j.TensorOptions.DEFAULT.dtype(t).device(GPU));
            // column-major D (4 x 6) = B^T (4 x 5, stored as bt's rows) * A^T (5 x 6, a's rows) + bias down D's rows
            boolean ran = CublasLt.matmulBias(0, t, Cublas.OP_T, Cublas.OP_N, 4, 6, 5, 1, Cuda.ptr(bt.strided()), 5,
                    Cuda.ptr(a.strided()), 5, Cuda.ptr(bias.strided()), Cuda.ptr(out.strided()), 4);
            assertTrue(ran, "cuBLASLt took a plain " + t + " bias GEMM");
            assertClose(addmm(bias.cpu(), a.cpu(), bt.cpu().t(), 1, 1), out, rtol(t), "cuBLASLt " + t);
        }
        assertEquals(256, CublasLt.alignment(0x7f0000000100L));
        assertEquals(4, CublasLt.alignment(0x7f0000000104L));
    }

    @Test
    void bmmBroadcastSlicedAndPackedOperands() {
        manualSeed(2);
        for (DType t : FLOATS) {
            checkMatmul(pair(rn(t, 5, 17, 23), x -> x), pair(rn(t, 5, 23, 11), x -> x), "bmm");
            checkMatmul(pair(rn(t, 5, 23, 17), x -> x.transpose(1, 2)), pair(rn(t, 5, 11, 23), x -> x.transpose(1, 2)), "bmm transposed");
            checkMatmul(pair(rn(t, 1, 17, 23), x -> x.expand(5, 17, 23)), pair(rn(t, 5, 23, 11), x -> x), "bmm broadcast a");
            checkMatmul(pair(rn(t, 5, 17, 23), x -> x), pair(rn(t, 23, 11), x -> x.expand(5, 23, 11)), "bmm broadcast b");
            checkMatmul(pair(rn(t, 4, 1, 7, 9), x -> x), pair(rn(t, 3, 9, 5), x -> x), "matmul broadcast batch dims");
            // row stride > cols (sliced), batch stride < matrix size (batch dim moved inside)
            checkMatmul(pair(rn(t, 6, 20, 30), x -> x.narrow(1, 2, 13).narrow(2, 3, 17)),
                    pair(rn(t, 6, 19, 21), x -> x.narrow(1, 1, 17).narrow(2, 5, 8)), "bmm sliced");
            checkMatmul(pair(rn(t, 17, 5, 23), x -> x.transpose(0, 1)), pair(rn(t, 23, 5, 11), x -> x.transpose(0, 1)), "bmm batch inside");
            // no unit stride in either matrix dim: packed into scratch (once when the batch is broadcast)
            checkMatmul(pair(rn(t, 5, 23, 17, 2), x -> x.select(3, 0).transpose(1, 2)), pair(rn(t, 5, 23, 11), x -> x), "bmm packed a");
            checkMatmul(pair(rn(t, 5, 17, 23), x -> x), pair(rn(t, 1, 23, 2, 11), x -> x.select(2, 1).expand(5, 23, 11)), "bmm packed broadcast b");
            checkMatmul(pair(rn(t, 5, 1, 23), x -> x.expand(5, 17, 23)), pair(rn(t, 5, 23, 11), x -> x), "bmm rows expanded");
        }
    }

    @Test
    void bmmIntoOutputsCublasCannotWrite() {
        manualSeed(3);
        for (DType t : FLOATS) {
            Tensor a = rn(t, 4, 6, 9), b = rn(t, 4, 9, 7);
            Tensor expected = a.bmm(b);
            Tensor ga = a.to(GPU), gb = b.to(GPU);
            // batch dim inside the matrix (interleaved) and column-major out
            Tensor inter = zeros(6, 4, 7).to(t).to(GPU).transpose(0, 1);
            CudaMatmul.bmm(inter.strided(), ga.strided(), gb.strided());
            assertClose(expected, inter, rtol(t), "interleaved out " + t);
            Tensor colMajor = zeros(4, 7, 6).to(t).to(GPU).transpose(1, 2);
            CudaMatmul.bmm(colMajor.strided(), ga.strided(), gb.strided());
            assertClose(expected, colMajor, rtol(t), "column-major out " + t);
            // K == 0: zeros, also into a strided out
            Tensor k0 = full(new long[] {4, 7, 6}, 5.0).to(t).to(GPU).transpose(1, 2);
            CudaMatmul.bmm(k0.strided(), zeros(4, 6, 0).to(t).to(GPU).strided(), zeros(4, 0, 7).to(t).to(GPU).strided());
            assertExact(zeros(4, 6, 7).to(t), k0, "K == 0 " + t);
        }
    }

    @Test
    void halfAndBfloat16ProductsAccumulateInFloat32() {
        manualSeed(8);
        for (DType t : new DType[] {DType.FLOAT16, DType.BFLOAT16}) {
            Tensor a = rn(t, 3, 40, 24), b = rn(t, 3, 24, 16);
            // each element rounds once from a float32 sum, on the CPU and the GPU alike: they differ by at most
            // the last bit of t (and float32 summation order)
            double ulp = t == DType.FLOAT16 ? 1.0 / 1024 : 1.0 / 128;
            assertClose(a.matmul(b), a.to(GPU).matmul(b.to(GPU)), ulp, "bmm " + t);
            Tensor colMajor = b.get(1).t().contiguous().t();
            assertClose(a.get(0).matmul(colMajor), a.get(0).to(GPU).matmul(colMajor.to(GPU)), ulp,
                    "mm, column-major right operand " + t);
            Tensor x = rn(t, 2, 3, 9, 9), w = rn(t, 4, 3, 3, 3);
            assertClose(Functional.conv2d(x, w), Functional.conv2d(x.to(GPU), w.to(GPU)), 2 * ulp, "conv2d " + t);
        }
    }

    @Test
    void emptyAndZeroKProducts() {
        for (DType t : FLOATS) {
            assertExact(zeros(3, 4, 5).to(t), zeros(3, 4, 0).to(t).to(GPU).bmm(zeros(3, 0, 5).to(t).to(GPU)), "K = 0");
            assertEquals(0, zeros(0, 4, 5).to(t).to(GPU).bmm(zeros(0, 5, 2).to(t).to(GPU)).numel());
            assertEquals(0, zeros(2, 0, 5).to(t).to(GPU).bmm(zeros(2, 5, 2).to(t).to(GPU)).numel());
            assertEquals(0, zeros(2, 3, 5).to(t).to(GPU).bmm(zeros(2, 5, 0).to(t).to(GPU)).numel());
        }
    }

    @Test
    void tf32FlagOnlyLoosensFloat32() {
        manualSeed(4);
        Tensor a = rn(DType.FLOAT32, 128, 256), b = rn(DType.FLOAT32, 256, 96);
        boolean before = Cublas.allowTf32;
        try {
            Cublas.allowTf32 = true;
            assertClose(a.matmul(b), a.to(GPU).matmul(b.to(GPU)), 1e-2, "tf32");
            Cublas.allowTf32 = false;
            assertClose(a.matmul(b), a.to(GPU).matmul(b.to(GPU)), 1e-5, "tf32 off again");
        } finally {
            Cublas.allowTf32 = before;
        }
    }

    // ---------------------------------------------------------------- im2col / col2im / conv2d

    @Test
    void unfoldAndFoldAreExact() {
        manualSeed(5);
        for (DType t : FLOATS) {
            long[] k = {3, 2}, dl = {2, 1}, pd = {1, 2}, st = {2, 3};
            Tensor[] x = pair(rn(t, 2, 9, 8, 3), v -> v.permute(0, 3, 1, 2)); // [2, 3, 9, 8], channels last
            assertExact(Functional.unfold(x[0], k, dl, pd, st), Functional.unfold(x[1], k, dl, pd, st), "unfold " + t);
            Tensor cpuCols = Functional.unfold(x[0].contiguous(), k, dl, pd, st);
            long l = cpuCols.shape().toArray()[2];
            Tensor[] cols = pair(rn(t, 2, l, 3 * 6), v -> v.transpose(1, 2)); // [2, 18, l], non-contiguous
            long[] os = {9, 8};
            assertExact(Functional.fold(cols[0], os, k, dl, pd, st), Functional.fold(cols[1], os, k, dl, pd, st), "fold " + t);
            // overlapping windows (stride 1, pad 1: a 9 x 9 grid): every output sums several columns
            long[] one = {1};
            Tensor[] cols2 = pair(rn(t, 2, 81, 3 * 6), v -> v.transpose(1, 2));
            assertExact(Functional.fold(cols2[0], os, k, one, one, one), Functional.fold(cols2[1], os, k, one, one, one),
                    "fold overlapping " + t);
        }
    }

    @Test
    void conv2dForwardAndBackwardMatchCpu() {
        manualSeed(6);
        for (DType t : FLOATS) {
            conv(t, new long[] {2, 4, 11, 9}, new long[] {6, 2, 3, 2}, new long[] {2, 1}, new long[] {1, 0}, new long[] {1, 2}, 2);
            conv(t, new long[] {3, 3, 8, 8}, new long[] {5, 3, 3, 3}, new long[] {1}, new long[] {1}, new long[] {1}, 1);
            conv(t, new long[] {1, 2, 7, 10}, new long[] {4, 2, 1, 1}, new long[] {2}, new long[] {0}, new long[] {1}, 1);
        }
    }

    private void conv(DType t, long[] xs, long[] ws, long[] st, long[] pd, long[] dl, long groups) {
        Tensor x = rn(t, xs), w = rn(t, ws), b = rn(t, ws[0]);
        Tensor[] xp = {x.clone().requiresGrad_(true), x.to(GPU).requiresGrad_(true)};
        Tensor[] wp = {w.clone().requiresGrad_(true), w.to(GPU).requiresGrad_(true)};
        Tensor[] bp = {b.clone().requiresGrad_(true), b.to(GPU).requiresGrad_(true)};
        Tensor y0 = Functional.conv2d(xp[0], wp[0], bp[0], st, pd, dl, groups);
        Tensor y1 = Functional.conv2d(xp[1], wp[1], bp[1], st, pd, dl, groups);
        String what = "conv2d " + t + " x" + java.util.Arrays.toString(xs) + " w" + java.util.Arrays.toString(ws);
        double tol = rtol(t) * 4; // sums of sums: a few more roundings than one product
        assertClose(y0.detach(), y1.detach(), tol, what + " out");
        Tensor g = rn(t, y0.shape().toArray());
        y0.backward(g);
        y1.backward(g.to(GPU));
        assertClose(xp[0].grad(), xp[1].grad(), tol, what + " grad input");
        assertClose(wp[0].grad(), wp[1].grad(), tol, what + " grad weight");
        assertClose(bp[0].grad(), bp[1].grad(), tol, what + " grad bias");
        // "same" padding with an even kernel: asymmetric padding through the given output grid
        Tensor s0 = Functional.conv2d(x, w, null, new long[] {1}, "same", new long[] {1}, groups);
        Tensor s1 = Functional.conv2d(x.to(GPU), w.to(GPU), null, new long[] {1}, "same", new long[] {1}, groups);
        assertClose(s0, s1, tol, what + " same");
    }

    // ---------------------------------------------------------------- max pooling

    @Test
    void maxPool2dValuesAndIndicesAreExact() {
        manualSeed(7);
        for (DType t : FLOATS) {
            double[] data = randn(2, 3, 11, 10).toDoubleArray();
            data[5] = Double.NaN;                 // NaN wins its windows
            data[17] = Double.NaN;                // two NaN in one window: the later one is reported
            data[40] = Double.NEGATIVE_INFINITY;
            for (int i = 110; i < 220; i++) data[i] = -1e30 - i; // an all-negative plane: padding must not win
            Tensor x = fromArray(data, 2, 3, 11, 10).to(t);
            pool(x, new long[] {3}, new long[] {2}, new long[] {1}, new long[] {1}, false, t + " k3 s2 p1");
            pool(x, new long[] {3, 2}, new long[] {1, 2}, new long[] {1, 1}, new long[] {2, 3}, true, t + " dilated ceil");
            pool(x, new long[] {2}, null, new long[] {0}, new long[] {1}, false, t + " k2");
            // non-contiguous input: permuted storage
            Tensor[] xp = pair(x.permute(0, 2, 3, 1).contiguous(), v -> v.permute(0, 3, 1, 2));
            ValuesIndices c = Functional.maxPool2dWithIndices(xp[0], new long[] {3}, new long[] {2}, new long[] {1}, new long[] {1}, true);
            ValuesIndices g = Functional.maxPool2dWithIndices(xp[1], new long[] {3}, new long[] {2}, new long[] {1}, new long[] {1}, true);
            assertExact(c.values(), g.values(), "permuted values " + t);
            assertExact(c.indices(), g.indices(), "permuted indices " + t);
        }
    }

    private void pool(Tensor x, long[] k, long[] st, long[] pd, long[] dl, boolean ceil, String what) {
        ValuesIndices c = Functional.maxPool2dWithIndices(x, k, st, pd, dl, ceil);
        ValuesIndices g = Functional.maxPool2dWithIndices(x.to(GPU), k, st, pd, dl, ceil);
        assertExact(c.values(), g.values(), what + " values");
        assertExact(c.indices(), g.indices(), what + " indices");
    }

    @Test
    void maxPool2dBackwardMatchesCpu() {
        manualSeed(8);
        for (DType t : FLOATS) {
            Tensor x = rn(t, 2, 3, 9, 8);
            Tensor x0 = x.clone().requiresGrad_(true), x1 = x.to(GPU).requiresGrad_(true);
            Tensor y0 = Functional.maxPool2d(x0, new long[] {3}, new long[] {1}, new long[] {1}, new long[] {1}, false);
            Tensor y1 = Functional.maxPool2d(x1, new long[] {3}, new long[] {1}, new long[] {1}, new long[] {1}, false);
            Tensor g = rn(t, y0.shape().toArray());
            y0.backward(g);
            y1.backward(g.to(GPU));
            assertClose(x0.grad(), x1.grad(), rtol(t), "max_pool2d grad " + t);
        }
    }
}
