package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Autograd;
import dev.torch4j.backend.Backend;
import dev.torch4j.nn.CrossEntropyLoss;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.NLLLoss;
import dev.torch4j.nn.Reduction;
import dev.torch4j.ops.Fused;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * nll_loss's kernels (loss.cu) against the CPU's composition: every reduction, class weights, ignore_index (out of
 * range and a real class), 2-d and 4-d inputs, more rows than one block's threads, float32 and float64, losses and
 * input gradients; create_graph through the composition. Skips without a GPU.
 */
class CudaLossTest {
    private static final Device GPU = Device.cuda(0);

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    private static Tensor logits(long seed, long... shape) {
        Random r = new Random(seed);
        long n = 1;
        for (long s : shape) n *= s;
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = 3 * r.nextGaussian();
        return Torch.tensor(v).reshape(shape).to(DType.FLOAT64);
    }

    /** Targets in [0, c), with every fifth one {@code ignore} when it is given. */
    private static Tensor targets(long seed, long c, Long ignore, long... shape) {
        Random r = new Random(seed);
        long n = 1;
        for (long s : shape) n *= s;
        long[] v = new long[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = ignore != null && i % 5 == 2 ? ignore : r.nextInt((int) c);
        return Torch.tensor(v).reshape(shape);
    }

    private static void assertClose(Tensor cpu, Tensor gpu, double tol, String what) {
        double[] a = cpu.toDoubleArray(), b = gpu.cpu().toDoubleArray();
        assertArrayEquals(cpu.shapeArray(), gpu.shapeArray(), what + ": shape");
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) && Double.isNaN(b[i])) continue; // a mean over no counted row
            double scale = Math.max(1, Math.abs(a[i]));
            assertTrue(Math.abs(a[i] - b[i]) <= tol * scale, what + " element " + i + ": CPU " + a[i] + ", CUDA " + b[i]);
        }
    }

    /** Loss and input gradient of nll_loss(log_softmax(x)) on both devices. */
    private static void compare(Tensor x, Tensor t, Tensor weight, long ignore, Reduction r, DType dt, String what) {
        Tensor xc = x.detach().to(dt).clone().requiresGrad_(true), xg = x.detach().to(dt).to(GPU).requiresGrad_(true);
        NLLLoss.Options o = new NLLLoss.Options(weight == null ? null : weight.to(dt), ignore, r);
        Tensor lc = Functional.nllLoss(xc.logSoftmax(1), t, o);
        Tensor lg = Functional.nllLoss(xg.logSoftmax(1), t.to(GPU),
                new NLLLoss.Options(weight == null ? null : weight.to(dt).to(GPU), ignore, r));
        double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-12;
        assertClose(lc, lg, tol, what + " loss");
        Tensor seed = logits(99, lc.shapeArray()).to(dt);
        lc.backward(seed);
        lg.backward(seed.to(GPU));
        assertNotNull(xg.grad(), what + ": no CUDA gradient");
        assertClose(xc.grad(), xg.grad(), tol, what + " grad");
    }

    @Test
    void everyReductionWeightAndIgnoreIndexMatchesTheCpu() {
        Tensor w = logits(3, 7).abs().add(0.1);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.SUM, Reduction.NONE}) {
                for (long m : new long[] {1, 37, 5000}) {
                    Tensor x = logits(m, m, 7);
                    compare(x, targets(m + 1, 7, null, m), null, -100, r, dt, dt + " " + r + " m=" + m);
                    compare(x, targets(m + 2, 7, -100L, m), w, -100, r, dt, dt + " " + r + " m=" + m + " weighted, ignored");
                    compare(x, targets(m + 3, 7, null, m), null, 3, r, dt, dt + " " + r + " m=" + m + " ignore_index=3");
                }
                Tensor x4 = logits(8, 2, 5, 3, 4);
                compare(x4, targets(9, 5, -1L, 2, 3, 4), w.narrow(0, 0, 5), -1, r, dt, dt + " " + r + " 4-d");
            }
        }
    }

    @Test
    void theKernelRunsAndCreateGraphComposes() {
        Tensor x = logits(4, 6, 5).to(GPU), t = targets(5, 5, null, 6).to(GPU);
        Tensor[] f = Fused.nllLoss(x.logSoftmax(1), t, null, -100, Backend.REDUCTION_MEAN, (k, v, s) -> "bad");
        assertNotNull(f, "float64 rows on CUDA run on the kernel");
        assertClose(Functional.nllLoss(x.cpu().logSoftmax(1), t.cpu()), f[0], 1e-12, "fused mean");
        // double backward: the gradient of the loss's gradient (a constant in x) through the recorded composition
        Tensor xc = logits(6, 6, 5).requiresGrad_(true), xg = xc.detach().to(GPU).requiresGrad_(true);
        Tensor[] gc = Autograd.get().grad(new Tensor[] {new CrossEntropyLoss().call(xc, t.cpu())}, new Tensor[] {xc}, null,
                true, true, false);
        Tensor[] gg = Autograd.get().grad(new Tensor[] {new CrossEntropyLoss().call(xg, t)}, new Tensor[] {xg}, null,
                true, true, false);
        assertTrue(gg[0].requiresGrad(), "create_graph");
        gc[0].pow(2.0).sum().backward();
        gg[0].pow(2.0).sum().backward();
        assertClose(xc.grad(), xg.grad(), 1e-12, "second derivative");
    }
}
