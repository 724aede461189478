package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Autograd;
import dev.torch4j.nn.Functional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Batch norm's kernels (norm.cu) against the CPU's: S == 1 with channel counts around the 32 a block takes, and
 * planes of 2 to 2500 elements (the per-channel walk and the elementwise walk's channel carry, with threads taking
 * several elements); training with and
 * without running statistics, evaluation; with and without weight and bias; float32 and float64; output, running
 * statistics, input, weight and bias gradients; the second derivative. Skips without a GPU.
 */
class CudaBatchNormTest {
    private static final Device GPU = Device.cuda(0);

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    private static Tensor data(long seed, double scale, double shift, long... shape) {
        return NormParity.data(seed, scale, shift, shape);
    }

    private static void assertClose(Tensor cpu, Tensor gpu, double tol, String what) {
        NormParity.assertClose(cpu, gpu, GPU, tol, what);
    }

    private static Tensor leaf(Tensor t, Device d) { return t.detach().to(d).requiresGrad_(true); }

    /** Forward, running statistics and all gradients of batch_norm on both devices. */
    private static void compare(long[] shape, boolean training, boolean affine, boolean stats, DType t, String what) {
        double tol = t == DType.FLOAT32 ? 3e-5 : 1e-10;
        long c = shape[1];
        Tensor x0 = data(1, 2, 0.7, shape).to(t), w0 = data(2, 0.5, 1, c).to(t), b0 = data(3, 0.5, 0, c).to(t);
        Tensor x = leaf(x0, Device.CPU), xg = leaf(x0, GPU);
        Tensor w = affine ? leaf(w0, Device.CPU) : null, wg = affine ? leaf(w0, GPU) : null;
        Tensor b = affine ? leaf(b0, Device.CPU) : null, bg = affine ? leaf(b0, GPU) : null;
        Tensor rm = stats ? data(4, 0.2, 0, c).to(t) : null, rv = stats ? data(5, 0.2, 1, c).abs().to(t) : null;
        Tensor rmg = stats ? rm.to(GPU) : null, rvg = stats ? rv.to(GPU) : null;
        Tensor y = Functional.batchNorm(x, rm, rv, w, b, training, 0.3, 1e-5);
        Tensor yg = Functional.batchNorm(xg, rmg, rvg, wg, bg, training, 0.3, 1e-5);
        assertClose(y, yg, tol, what + " output");
        assertEquals("NativeBatchNormBackward0", yg.gradFn().name(), what + ": one node on the GPU");
        if (stats) {
            assertClose(rm, rmg, tol, what + " running_mean");
            assertClose(rv, rvg, tol, what + " running_var");
        }
        Tensor seed = data(6, 1, 0, shape).to(t);
        y.backward(seed);
        yg.backward(seed.to(GPU));
        assertClose(x.grad(), xg.grad(), tol * 10, what + " input grad");
        if (affine) {
            assertClose(w.grad(), wg.grad(), tol * 10, what + " weight grad");
            assertClose(b.grad(), bg.grad(), tol * 10, what + " bias grad");
        }
    }

    @Test
    void forwardRunningStatsAndGradientsMatchTheCpu() {
        long[][] shapes = {{7, 1}, {5, 31}, {9, 32}, {4, 33}, {3, 70}, {2, 3, 2}, {4, 2, 5}, {3, 4, 33}, {2, 3, 10, 100},
                {65, 2, 3}, {1, 2, 4, 4}};
        // more elements than the emulator's elementwise grid (4 SMs x 32 blocks x 256 threads), so threads wrap
        long[][] large = {{1000, 37}, {300, 7, 17}, {8, 3, 50, 50}};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (long[] shape : shapes) {
                String s = t + " " + java.util.Arrays.toString(shape);
                compare(shape, true, true, true, t, s + " training");
                compare(shape, true, false, false, t, s + " training, no affine, no stats");
                compare(shape, false, true, true, t, s + " evaluation");
                compare(shape, false, false, true, t, s + " evaluation, no affine");
            }
            for (long[] shape : large) {
                String s = t + " " + java.util.Arrays.toString(shape);
                compare(shape, true, true, true, t, s + " training");
                compare(shape, false, true, true, t, s + " evaluation");
            }
        }
    }

    /**
     * Values far from their spread (mean 1e4 and -300, standard deviation 1e-3): the one-pass statistics (sums around
     * each channel's first element) keep the variance, where sums of x and x^2 would cancel to ~1% of it. Against
     * the CPU's two passes in float64 on the same inputs; momentum 1, so the running statistics are the batch's
     * mean and unbiased variance. The float32 output is not compared: its mean is kept in float32 (as PyTorch keeps
     * it), whose rounding at 1e4 is half the spread.
     */
    @Test
    void statisticsOfValuesFarFromTheirSpread() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Tensor xd : new Tensor[] {data(11, 1e-3, 1e4, 6, 3, 50), data(12, 1e-3, -300, 40, 5)}) {
                Tensor x = xd.to(t), c = Torch.zeros(xd.size(1)).to(DType.FLOAT64);
                Tensor rm = c.clone(), rv = c.clone(), rmg = c.to(t).to(GPU), rvg = c.to(t).to(GPU);
                Tensor want = Functional.batchNorm(x.to(DType.FLOAT64), rm, rv, null, null, true, 1.0, 1e-12);
                Tensor got = Functional.batchNorm(x.to(GPU), rmg, rvg, null, null, true, 1.0, 1e-12);
                String what = t + " mean " + xd.mean().item();
                assertClose(rm, rmg.to(DType.FLOAT64), t == DType.FLOAT32 ? 1e-7 : 1e-15, what + " running_mean");
                assertClose(rv.mul(1e6), rvg.to(DType.FLOAT64).mul(1e6), t == DType.FLOAT32 ? 1e-6 : 1e-12,
                        what + " running_var (times 1e6)");
                if (t == DType.FLOAT64) assertClose(want, got, 1e-9, what + " output");
            }
        }
    }

    /** group_norm's node (layer-norm kernel, then the affine as an evaluation batch norm) against the CPU's. */
    @Test
    void groupNormMatchesTheCpu() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double tol = t == DType.FLOAT32 ? 3e-5 : 1e-10;
            for (long[] shape : new long[][] {{3, 6, 5}, {2, 8, 7, 9}, {50, 4, 3}}) {
                for (int affine = 0; affine < 4; affine++) {
                    String what = t + " " + java.util.Arrays.toString(shape) + " group_norm affine " + affine;
                    long c = shape[1];
                    Tensor x0 = data(21, 2, 0.3, shape).to(t), w0 = data(22, 0.5, 1, c).to(t), b0 = data(23, 0.5, 0, c).to(t);
                    Tensor x = leaf(x0, Device.CPU), xg = leaf(x0, GPU);
                    Tensor w = (affine & 1) != 0 ? leaf(w0, Device.CPU) : null, wg = w == null ? null : leaf(w0, GPU);
                    Tensor b = (affine & 2) != 0 ? leaf(b0, Device.CPU) : null, bg = b == null ? null : leaf(b0, GPU);
                    Tensor y = Functional.groupNorm(x, 2, w, b, 1e-5), yg = Functional.groupNorm(xg, 2, wg, bg, 1e-5);
                    assertClose(y, yg, tol, what + " output");
                    assertEquals("NativeGroupNormBackward0", yg.gradFn().name(), what);
                    Tensor seed = data(24, 1, 0, shape).to(t);
                    y.backward(seed);
                    yg.backward(seed.to(GPU));
                    assertClose(x.grad(), xg.grad(), tol * 10, what + " input grad");
                    if (w != null) assertClose(w.grad(), wg.grad(), tol * 10, what + " weight grad");
                    if (b != null) assertClose(b.grad(), bg.grad(), tol * 10, what + " bias grad");
                }
            }
        }
    }

    @Test
    void doubleBackwardComposesOnTheGpu() {
        for (boolean training : new boolean[] {true, false}) {
            Tensor x0 = data(7, 1, 0.3, 4, 3, 5), w0 = data(8, 0.3, 1, 3);
            Tensor rm = data(9, 0.1, 0, 3), rv = data(10, 0.1, 1, 3).abs();
            Tensor xc = leaf(x0, Device.CPU), xg = leaf(x0, GPU), wc = leaf(w0, Device.CPU), wg = leaf(w0, GPU);
            Tensor[] gc = Autograd.get().grad(new Tensor[] {Functional.batchNorm(xc, rm, rv, wc, null, training, 0.1, 1e-5)
                    .pow(3.0).sum()}, new Tensor[] {xc}, null, true, true, false);
            Tensor[] gg = Autograd.get().grad(new Tensor[] {Functional.batchNorm(xg, rm.to(GPU), rv.to(GPU), wg, null,
                    training, 0.1, 1e-5).pow(3.0).sum()}, new Tensor[] {xg}, null, true, true, false);
            assertTrue(gg[0].requiresGrad(), "create_graph");
            gc[0].square().sum().backward();
            gg[0].square().sum().backward();
            assertClose(xc.grad(), xg.grad(), 1e-9, "second derivative, input, training " + training);
            assertClose(wc.grad(), wg.grad(), 1e-9, "second derivative, weight, training " + training);
        }
    }
}
