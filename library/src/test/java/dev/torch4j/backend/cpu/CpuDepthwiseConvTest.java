package dev.torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.nn.Functional;

import org.junit.jupiter.api.Test;

/**
 * {@link CpuDepthwiseConv} (conv2d with groups == in_channels) against the same convolution taken one channel at a
 * time through the GEMM route (groups 1): strides, dilations, paddings, kernel shapes, channel multipliers, widths
 * around the vector length, strided inputs, both float dtypes; and gradcheck through it.
 */
class CpuDepthwiseConvTest {
    private static Tensor reference(Tensor x, Tensor w, Tensor b, long[] s, long[] p, long[] d) {
        long c = x.size(1), o = w.size(0), mult = o / c;
        Tensor[] outs = new Tensor[(int) o];
        for (int k = 0; k < o; k++) {
            Tensor xi = x.narrow(1, k / mult, 1).contiguous();
            outs[k] = Functional.conv2d(xi, w.narrow(0, k, 1), b == null ? null : b.narrow(0, k, 1), s, p, d, 1);
        }
        return Torch.cat(outs, 1);
    }

    @Test
    void matchesTheGemmRoute() {
        Torch.manualSeed(5);
        long[][] kernels = {{3, 3}, {5, 5}, {1, 3}, {3, 1}, {7, 7}};
        int cases = 0;
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (long[] k : kernels) {
                for (long stride : new long[] {1, 2}) {
                    for (long dil : new long[] {1, 2}) {
                        for (long pad : new long[] {0, 1, 3}) {
                            for (long width : new long[] {5, 19, 40}) {
                                long mult = (width + stride) % 2 == 0 ? 2 : 1;
                                long h = 9, c = 3;
                                long[] s = {stride, stride}, p = {pad, pad}, d = {dil, dil};
                                if (h + 2 * pad < dil * (k[0] - 1) + 1 || width + 2 * pad < dil * (k[1] - 1) + 1) continue;
                                Tensor x = Torch.randn(2, c, h, width).to(dt);
                                if (width == 19) x = Torch.randn(2, h, c, width + 3).to(dt).narrow(3, 1, width).transpose(1, 2); // strided
                                Tensor w = Torch.randn(c * mult, 1, k[0], k[1]).to(dt), b = pad == 1 ? null : Torch.randn(c * mult).to(dt);
                                Tensor got = Functional.conv2d(x, w, b, s, p, d, c), want = reference(x, w, b, s, p, d);
                                double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-12;
                                assertTrue(got.allclose(want, tol, tol), dt + " k" + k[0] + "x" + k[1] + " s" + stride + " d" + dil + " p" + pad
                                        + " w" + width + " mult" + mult + ": max diff " + got.sub(want).abs().max().item());
                                cases++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(cases > 200, "cases run: " + cases);
    }

    @Test
    void gradientsMatchTheGemmRoute() {
        Torch.manualSeed(7);
        int cases = 0;
        for (long[] k : new long[][] {{3, 3}, {5, 5}, {1, 3}}) {
            for (long stride : new long[] {1, 2}) {
                for (long dil : new long[] {1, 2}) {
                    for (long pad : new long[] {0, 1, 2}) {
                        for (long width : new long[] {7, 20, 33}) {
                            for (long mult : new long[] {1, 2}) {
                                long c = 3, h = 8;
                                long[] s = {stride, stride}, p = {pad, pad}, d = {dil, dil};
                                if (h + 2 * pad < dil * (k[0] - 1) + 1 || width + 2 * pad < dil * (k[1] - 1) + 1) continue;
                                Tensor x0 = Torch.randn(2, c, h, width), w0 = Torch.randn(c * mult, 1, k[0], k[1]), b0 = Torch.randn(c * mult);
                                Tensor x = x0.clone().requiresGrad_(true), w = w0.clone().requiresGrad_(true), b = b0.clone().requiresGrad_(true);
                                Tensor xr = x0.clone().requiresGrad_(true), wr = w0.clone().requiresGrad_(true), br = b0.clone().requiresGrad_(true);
                                Tensor y = Functional.conv2d(x, w, b, s, p, d, c), yr = reference(xr, wr, br, s, p, d);
                                Tensor r = Torch.randn(y.shapeArray());
                                y.mul(r).sum().backward();
                                yr.mul(r).sum().backward();
                                String what = "k" + k[0] + "x" + k[1] + " s" + stride + " d" + dil + " p" + pad + " w" + width + " mult" + mult;
                                for (Tensor[] pair : new Tensor[][] {{x.grad(), xr.grad()}, {w.grad(), wr.grad()}, {b.grad(), br.grad()}}) {
                                    assertTrue(pair[0].allclose(pair[1], 1e-4, 1e-4), what + ": max diff " + pair[0].sub(pair[1]).abs().max().item());
                                }
                                cases++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(cases > 100, "cases run: " + cases);
    }

    @Test
    void gradcheckThroughTheKernel() {
        Torch.manualSeed(6);
        Tensor x = Torch.randn(2, 3, 6, 7).to(DType.FLOAT64).requiresGrad_(true);
        Tensor w = Torch.randn(6, 1, 3, 3).to(DType.FLOAT64).requiresGrad_(true);
        Tensor b = Torch.randn(6).to(DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(t -> Functional.conv2d(t[0], t[1], t[2], new long[] {2, 1}, new long[] {1, 2}, new long[] {1, 2}, 3), x, w, b));
    }
}
