package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.manualSeed;
import static dev.torch4j.Torch.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU's one-node layer norm (CpuNorm) against the composition written out in float64 (mean, centred squares,
 * rsqrt, affine) on the same inputs: rows shorter and longer than the vector loops (1 to 1000 elements), with and
 * without weight and bias, float32 and float64; output and the input, weight and bias gradients; the node PyTorch
 * records; the second derivative (composed under create_graph). The PyTorch goldens (nn.json, attention.json)
 * cover the short rows of real models.
 */
class LayerNormKernelTest {
    private static Tensor reference(Tensor x, Tensor w, Tensor b, int k) {
        long[] dims = new long[k];
        for (int i = 0; i < k; i++) dims[i] = x.dim() - k + i;
        Tensor xc = x.sub(x.mean(dims, true));
        Tensor y = xc.mul(xc.square().mean(dims, true).add(1e-5).rsqrt());
        if (w != null) y = y.mul(w);
        if (b != null) y = y.add(b);
        return y;
    }

    /** A new leaf holding t's values in dtype d. */
    private static Tensor leaf(Tensor t, DType d) { return t.detach().to(d).clone().requiresGrad_(true); }

    @Test
    void matchesTheCompositionInFloat64() {
        manualSeed(3);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double rtol = t == DType.FLOAT32 ? 1e-5 : 1e-12, atol = t == DType.FLOAT32 ? 1e-5 : 1e-12;
            for (long[] rn : new long[][] {{6, 1}, {6, 7}, {6, 16}, {6, 17}, {6, 37}, {6, 64}, {6, 1000}, {100, 37}, {2500, 9}}) {
                long rows = rn[0], n = rn[1];
                for (boolean affine : new boolean[] {false, true}) {
                    String what = t + " rows=" + rows + " n=" + n + (affine ? " affine" : "");
                    Tensor x0 = randn(rows, n).mul(3).add(1), w0 = randn(n).add(1), b0 = randn(n), g = randn(rows, n);
                    Tensor x = leaf(x0, t), w = affine ? leaf(w0, t) : null, b = affine ? leaf(b0, t) : null;
                    Tensor xr = leaf(x, DType.FLOAT64), wr = affine ? leaf(w, DType.FLOAT64) : null;
                    Tensor br = affine ? leaf(b, DType.FLOAT64) : null;
                    Tensor y = Functional.layerNorm(x, new long[] {n}, w, b, 1e-5), yr = reference(xr, wr, br, 1);
                    assertEquals("NativeLayerNormBackward0", y.gradFn().name(), what);
                    Golden.assertClose(yr, y.to(DType.FLOAT64), rtol, atol, what + " output");
                    y.backward(g.to(t));
                    yr.backward(g.to(t).to(DType.FLOAT64));
                    Golden.assertClose(xr.grad(), x.grad().to(DType.FLOAT64), rtol, 10 * atol, what + " input grad");
                    if (affine) {
                        Golden.assertClose(wr.grad(), w.grad().to(DType.FLOAT64), rtol, 10 * atol, what + " weight grad");
                        Golden.assertClose(br.grad(), b.grad().to(DType.FLOAT64), rtol, 10 * atol, what + " bias grad");
                    }
                }
            }
        }
    }

    /** The weight and bias gradients sum rows in blocks fixed by the row count: the same bits on 1 and 2 threads. */
    @Test
    void parameterGradientsDoNotDependOnTheThreadCount() {
        manualSeed(5);
        Tensor x = randn(3000, 24), g = randn(3000, 24);
        int threads = dev.torch4j.Torch.getNumThreads();
        Tensor[] one = null;
        try {
            for (int th : new int[] {1, 2}) {
                dev.torch4j.Torch.setNumThreads(th);
                LayerNorm ln = new LayerNorm(24);
                ln.forward(x).backward(g);
                Tensor[] grads = {ln.parameters().get(0).grad(), ln.parameters().get(1).grad()};
                if (one == null) one = grads;
                else for (int i = 0; i < 2; i++) Golden.assertExact(one[i], grads[i], "parameter " + i + " on 1 and 2 threads");
            }
        } finally {
            dev.torch4j.Torch.setNumThreads(threads);
        }
    }

    @Test
    void secondDerivative() {
        manualSeed(4);
        Tensor x = randn(3, 20).to(DType.FLOAT64).requiresGrad_(true), w = randn(20).to(DType.FLOAT64).requiresGrad_(true);
        Tensor b = randn(20).to(DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradgradcheck(a -> Functional.layerNorm(a[0], new long[] {20}, a[1], a[2], 1e-5), x, w, b));
        Tensor x2 = randn(2, 3, 4).to(DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradgradcheck(a -> Functional.layerNorm(a[0], new long[] {3, 4}, null, null, 1e-5), x2));
    }
}
