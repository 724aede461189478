package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Fft;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * torch.fft on CUDA against the CPU on the same inputs: every transform (power-of-two, mixed-radix and Bluestein
 * lengths, padding, several dims and norms), float32 and float64, and the gradients of a weighted sum. The transforms
 * are compositions of real ops, so both devices run the same arithmetic and differ only by the order of the
 * matrix products' sums. Skips without a GPU.
 */
class CudaFftTest {
    private static final Device GPU = Device.cuda(0);
    private static final Fft F = Torch.fft();

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    private static Tensor realView(Tensor t) { return t.isComplex() ? t.viewAsReal() : t; }

    /** Same shape and dtype; equal within {@code tol} relative to the largest magnitude. */
    private static void assertClose(Tensor cpu, Tensor gpu, double tol, String what) {
        assertEquals(GPU, gpu.device(), what + ": device");
        assertEquals(cpu.dtype(), gpu.dtype(), what + ": dtype");
        assertArrayEquals(cpu.shapeArray(), gpu.shapeArray(), what + ": shape");
        double[] a = realView(cpu).toDoubleArray(), b = realView(gpu).cpu().toDoubleArray();
        double scale = 1;
        for (double v : a) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs(a[i] - b[i]) <= tol * scale, what + " element " + i + ": CPU " + a[i] + ", CUDA " + b[i]);
        }
    }

    /** {@code f} on the CPU and on CUDA: the results, and the gradients of a weighted sum of the result's real view. */
    private static void check(String what, Tensor x, Function<Tensor, Tensor> f) {
        double tol = x.dtype() == DType.FLOAT32 || x.dtype() == DType.COMPLEX64 ? 2e-5 : 1e-11;
        Tensor rc = realView(x).detach().clone().requiresGrad_(true);
        Tensor rg = realView(x).detach().to(GPU).requiresGrad_(true);
        Tensor yc = f.apply(x.isComplex() ? Torch.viewAsComplex(rc) : rc);
        Tensor yg = f.apply(x.isComplex() ? Torch.viewAsComplex(rg) : rg);
        assertClose(yc.detach(), yg.detach(), tol, what);
        Tensor w = Torch.linspace(-1, 1.5, realView(yc).numel()).to(realView(yc).dtype()).reshape(realView(yc).shapeArray());
        realView(yc).mul(w).sum().backward();
        realView(yg).mul(w.to(GPU)).sum().backward();
        assertClose(rc.grad(), rg.grad(), tol, what + " grad");
    }

    private static Tensor complex(DType t, long... shape) {
        return Torch.complex(Torch.randn(shape).to(t), Torch.randn(shape).to(t));
    }

    @Test
    void oneDimTransformsMatchTheCpu() {
        Torch.manualSeed(5);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (long n : new long[] {1, 2, 7, 16, 60, 97, 256, 263, 1024}) {
                String at = t + " n=" + n;
                check("fft " + at, complex(t, 3, n), x -> F.fft(x));
                check("ifft ortho " + at, complex(t, 3, n), x -> F.ifft(x, null, -1, "ortho"));
                check("fft real " + at, Torch.randn(2, n).to(t), x -> F.fft(x));
                check("rfft " + at, Torch.randn(n, 3).to(t), x -> F.rfft(x, null, 0, null));
                check("ihfft " + at, Torch.randn(2, n).to(t), x -> F.ihfft(x));
                check("irfft " + at, complex(t, 2, n / 2 + 1), x -> F.irfft(x, n, -1, "forward"));
                check("hfft " + at, complex(t, 2, n / 2 + 1), x -> F.hfft(x, n, -1, null));
            }
        }
    }

    @Test
    void paddingAndSeveralDimsMatchTheCpu() {
        Torch.manualSeed(6);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            check("fft padded " + t, complex(t, 4, 5), x -> F.fft(x, 12L, 0, null));
            check("rfft trimmed " + t, Torch.randn(3, 20).to(t), x -> F.rfft(x, 9L, -1, "ortho"));
            check("fft2 " + t, complex(t, 2, 6, 10), x -> F.fft2(x));
            check("ifftn s " + t, complex(t, 3, 4, 5), x -> F.ifftn(x, new long[] {5, 8}, new long[] {0, 2}, "ortho"));
            check("rfftn " + t, Torch.randn(4, 6, 8).to(t), x -> F.rfftn(x));
            check("irfft2 " + t, complex(t, 6, 5), x -> F.irfft2(x, new long[] {6, 9}, new long[] {-2, -1}, null));
            check("fftshift " + t, complex(t, 5, 6), x -> F.fftshift(F.fft2(x)));
        }
    }

    @Test
    void frequenciesOnTheDevice() {
        Tensor f = F.fftfreq(9, 0.5, Torch.dtype(DType.FLOAT64).device(GPU));
        assertEquals(GPU, f.device());
        assertArrayEquals(F.fftfreq(9, 0.5, Torch.dtype(DType.FLOAT64)).toDoubleArray(), f.cpu().toDoubleArray(), 0.0);
        Tensor r = F.rfftfreq(10, 1.0, Torch.dtype(DType.FLOAT32).device(GPU));
        assertArrayEquals(F.rfftfreq(10).toDoubleArray(), r.cpu().toDoubleArray(), 0.0);
    }
}
