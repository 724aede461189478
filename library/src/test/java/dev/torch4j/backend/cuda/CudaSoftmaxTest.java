package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Autograd;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The one-pass softmax kernels (softmax.cu) against the CPU's composition (max, subtract, exp, sum, divide) on the
 * same inputs: row lengths on both sides of each launch shape (a warp per row up to 256, a block per row above,
 * registers up to 8 elements per thread and re-reads beyond 8192), NaN, infinities, rows of -inf, forward and
 * backward, float32 and float64. Values agree to the sum's rounding; NaN where the CPU has NaN. Skips without a GPU.
 */
class CudaSoftmaxTest {
    private static final Device GPU = Device.cuda(0);
    private static final long[] LENGTHS = {1, 2, 31, 32, 33, 255, 256, 257, 1000, 8192, 8193, 20000};

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    private static Tensor data(long rows, long n, long seed, boolean special) {
        Random r = new Random(seed);
        double[] v = new double[(int) (rows * n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = 4 * r.nextGaussian();
            if (special && r.nextInt(50) == 0) {
                int k = r.nextInt(3);
                v[i] = k == 0 ? Double.NaN : k == 1 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
        }
        return Torch.tensor(v).reshape(rows, n);
    }

    /** Equal within {@code tol} relative to the larger magnitude (absolute below 1), NaN where the CPU has NaN. */
    private static void assertClose(Tensor cpu, Tensor gpu, double tol, String what) {
        double[] a = cpu.toDoubleArray(), b = gpu.cpu().toDoubleArray();
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isInfinite(a[i])) {
                assertEquals(a[i], b[i], what + " element " + i);
                continue;
            }
            double scale = Math.max(1, Math.max(Math.abs(a[i]), Math.abs(b[i])));
            assertTrue(Math.abs(a[i] - b[i]) <= tol * scale, what + " element " + i + ": CPU " + a[i] + ", CUDA " + b[i]);
        }
    }

    private static double tol(DType t) { return t == DType.FLOAT32 ? 2e-5 : 1e-12; }

    @Test
    void forwardMatchesTheComposition() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (long n : LENGTHS) {
                long rows = n > 8192 ? 3 : 37;
                for (boolean special : new boolean[] {false, true}) {
                    Tensor x = data(rows, n, n * 7 + (special ? 1 : 0), special).to(t);
                    Tensor g = x.to(GPU);
                    String what = t + " n=" + n + (special ? " with NaN/inf" : "");
                    assertClose(x.softmax(1), g.softmax(1), tol(t), "softmax " + what);
                    assertClose(x.logSoftmax(1), g.logSoftmax(1), tol(t), "log_softmax " + what);
                }
            }
        }
    }

    @Test
    void theKernelRunsForLastDimRowsAndDeclinesOtherDtypes() {
        CudaBackend b = (CudaBackend) dev.torch4j.ops.Dispatch.backend(GPU);
        Tensor x = data(5, 300, 3, false).to(DType.FLOAT32).to(GPU);
        Strided rows = x.strided();
        Storage s = b.softmax(rows, true);
        assertNotNull(s, "float32 rows run on the kernel");
        Tensor y = Tensor.wrap(s, new long[] {5, 300}, new long[] {300, 1}, 0);
        assertClose(x.cpu().logSoftmax(1), y, 2e-5, "log_softmax through the backend");
        assertNull(b.softmax(x.to(DType.FLOAT16).strided(), false), "float16 is composed");
        Tensor cpu16 = data(5, 300, 3, false).to(DType.FLOAT16);
        assertClose(cpu16.softmax(1), cpu16.to(GPU).softmax(1), 2e-3, "float16 softmax (composed)");
        // a middle dim and a transposed operand are composed: same values
        Tensor x3 = data(6, 40, 4, false).reshape(2, 3, 40).to(DType.FLOAT64);
        assertClose(x3.softmax(1), x3.to(GPU).softmax(1), 1e-12, "softmax over a middle dim");
        assertClose(x3.transpose(1, 2).logSoftmax(2), x3.to(GPU).transpose(1, 2).logSoftmax(2), 1e-12, "transposed");
    }

    @Test
    void backwardMatchesTheComposition() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (long n : LENGTHS) {
                long rows = n > 8192 ? 2 : 19;
                for (boolean log : new boolean[] {false, true}) {
                    Tensor x = data(rows, n, n * 11 + (log ? 1 : 0), false).to(t);
                    Tensor seed = data(rows, n, n * 13, false).to(t);
                    Tensor xc = x.requiresGrad_(true);
                    Tensor xg = x.detach().to(GPU).requiresGrad_(true);
                    (log ? xc.logSoftmax(1) : xc.softmax(1)).backward(seed);
                    (log ? xg.logSoftmax(1) : xg.softmax(1)).backward(seed.to(GPU));
                    assertClose(xc.grad(), xg.grad(), tol(t) * 10, (log ? "log_softmax" : "softmax") + " grad " + t + " n=" + n);
                }
            }
        }
    }

    @Test
    void doubleBackwardComposesOnTheGpu() {
        Tensor x = data(4, 300, 5, false).to(DType.FLOAT64).requiresGrad_(true);
        Tensor xg = x.detach().to(GPU).requiresGrad_(true);
        Tensor[] gc = Autograd.get().grad(new Tensor[] {x.logSoftmax(1).pow(2.0).sum()}, new Tensor[] {x}, null, true, true, false);
        Tensor[] gg = Autograd.get().grad(new Tensor[] {xg.logSoftmax(1).pow(2.0).sum()}, new Tensor[] {xg}, null, true, true, false);
        assertTrue(gg[0].requiresGrad(), "create_graph keeps the backward differentiable");
        gc[0].sum().backward();
        gg[0].sum().backward();
        assertClose(x.grad(), xg.grad(), 1e-10, "second derivative");
    }
}
