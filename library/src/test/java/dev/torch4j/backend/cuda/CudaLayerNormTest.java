package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.Autograd;
import dev.torch4j.backend.Storage;
import dev.torch4j.nn.Functional;
import dev.torch4j.ops.Dispatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Layer norm's one-pass kernels (softmax.cu) against the CPU's composition: row lengths across every launch shape
 * (registers up to 8 elements per thread, re-reads beyond), two normalized dims, with and without weight and bias,
 * float32 and float64; output, input, weight and bias gradients; the second derivative through the composed
 * formula. Skips without a GPU.
 */
class CudaLayerNormTest {
    private static final Device GPU = Device.cuda(0);
    private static final long[] LENGTHS = {1, 5, 32, 100, 256, 257, 1000, 8192, 9000};

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    private static Tensor data(long seed, double scale, double shift, long... shape) {
        return NormParity.data(seed, scale, shift, shape);
    }

    private static void assertClose(Tensor cpu, Tensor gpu, double tol, String what) {
        NormParity.assertClose(cpu, gpu, GPU, tol, what);
    }

    /** Forward and all gradients of layer_norm on both devices. */
    private static void compare(Tensor x0, long[] normShape, boolean affine, DType t, String what) {
        double tol = t == DType.FLOAT32 ? 2e-5 : 1e-10;
        Tensor x = x0.to(t).clone().requiresGrad_(true), xg = x0.to(t).to(GPU).requiresGrad_(true);
        Tensor w = affine ? data(7, 0.5, 1, normShape).to(t).requiresGrad_(true) : null;
        Tensor b = affine ? data(8, 0.5, 0, normShape).to(t).requiresGrad_(true) : null;
        Tensor wg = affine ? w.detach().to(GPU).requiresGrad_(true) : null, bg = affine ? b.detach().to(GPU).requiresGrad_(true) : null;
        Tensor y = Functional.layerNorm(x, normShape, w, b, 1e-5), yg = Functional.layerNorm(xg, normShape, wg, bg, 1e-5);
        assertClose(y, yg, tol, what + " output");
        assertEquals("NativeLayerNormBackward0", yg.gradFn().name(), what + ": one node on the GPU");
        Tensor seed = data(9, 1, 0, y.shapeArray()).to(t);
        y.backward(seed);
        yg.backward(seed.to(GPU));
        assertClose(x.grad(), xg.grad(), tol * 10, what + " input grad");
        if (affine) {
            assertClose(w.grad(), wg.grad(), tol * 10, what + " weight grad");
            assertClose(b.grad(), bg.grad(), tol * 10, what + " bias grad");
        }
    }

    @Test
    void forwardAndGradientsMatchTheComposition() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (long n : LENGTHS) {
                long rows = n > 1000 ? 3 : 29;
                for (boolean affine : new boolean[] {false, true}) {
                    compare(data(n, 3, 2, rows, n), new long[] {n}, affine, t, t + " n=" + n + (affine ? " affine" : ""));
                }
            }
            compare(data(11, 2, -1, 2, 3, 4, 5), new long[] {4, 5}, true, t, t + " two normalized dims");
            // weight and bias gradients over many rows: several slices of rows and column blocks
            compare(data(12, 1, 0.5, 3000, 45), new long[] {45}, true, t, t + " 3000 rows");
            compare(data(13, 1, 0.5, 700, 3, 33), new long[] {33}, true, t, t + " 2100 rows of 33");
        }
    }

    /**
     * A NaN or an infinity in a row makes its statistics NaN, so the row's output and every gradient through it are
     * NaN on the GPU as on the CPU and in PyTorch (never an infinity), across the kernels' row lengths.
     */
    @Test
    void nonFiniteRowsAreNaNAsOnTheCpu() {
        double[] bad = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (long n : new long[] {3, 257, 1000, 9000}) {
                Tensor x0 = data(n + 20, 1, 0, 4, n);
                for (int r = 0; r < 3; r++) x0.set((long) r, (long) (r * n / 3), bad[r]);   // rows 0-2 hold one each, row 3 none
                Tensor x = x0.to(t).clone().requiresGrad_(true), xg = x0.to(t).to(GPU).requiresGrad_(true);
                Tensor w = data(7, 0.5, 1, n).to(t).requiresGrad_(true), wg = w.detach().to(GPU).requiresGrad_(true);
                Tensor y = Functional.layerNorm(x, new long[] {n}, w, null, 1e-5), yg = Functional.layerNorm(xg, new long[] {n}, wg, null, 1e-5);
                Tensor seed = data(9, 1, 0, 4, n).to(t);
                y.backward(seed);
                yg.backward(seed.to(GPU));
                String what = t + " n=" + n;
                assertSameNaNsAndClose(y, yg, what + " output");
                assertSameNaNsAndClose(x.grad(), xg.grad(), what + " input grad");
                assertSameNaNsAndClose(w.grad(), wg.grad(), what + " weight grad");
            }
        }
    }

    private static void assertSameNaNsAndClose(Tensor cpu, Tensor gpu, String what) {
        double[] a = cpu.toDoubleArray(), b = gpu.cpu().toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) assertTrue(Double.isNaN(a[i]) && Double.isNaN(b[i]), what + " element " + i + ": CPU " + a[i] + ", CUDA " + b[i]);
            else assertTrue(Math.abs(a[i] - b[i]) <= 1e-3 * Math.max(1, Math.abs(a[i])), what + " element " + i + ": CPU " + a[i] + ", CUDA " + b[i]);
        }
        assertTrue(java.util.Arrays.stream(a).anyMatch(Double::isNaN), what + ": the bad rows are NaN");
    }

    @Test
    void theKernelRunsAndDoubleBackwardComposes() {
        Tensor x = data(3, 1, 0, 6, 40).to(GPU);
        Storage[] s = Dispatch.backend(GPU).layerNorm(x.strided(), null, null, 1e-5);
        assertNotNull(s, "float64 rows run on the kernel");
        Tensor xc = data(4, 1, 0, 5, 24).requiresGrad_(true), xg = xc.detach().to(GPU).requiresGrad_(true);
        Tensor w = data(5, 0.3, 1, 24).requiresGrad_(true), wg = w.detach().to(GPU).requiresGrad_(true);
        Tensor[] gc = Autograd.get().grad(new Tensor[] {Functional.layerNorm(xc, new long[] {24}, w, null, 1e-5).pow(3.0).sum()},
                new Tensor[] {xc}, null, true, true, false);
        Tensor[] gg = Autograd.get().grad(new Tensor[] {Functional.layerNorm(xg, new long[] {24}, wg, null, 1e-5).pow(3.0).sum()},
                new Tensor[] {xg}, null, true, true, false);
        assertTrue(gg[0].requiresGrad(), "create_graph");
        gc[0].square().sum().backward();
        gg[0].square().sum().backward();
        assertClose(xc.grad(), xg.grad(), 1e-9, "second derivative, input");
        assertClose(w.grad(), wg.grad(), 1e-9, "second derivative, weight");
    }
}
