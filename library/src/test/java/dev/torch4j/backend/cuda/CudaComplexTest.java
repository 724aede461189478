package dev.torch4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Complex tensors on CUDA against the CPU: every complex op is composed of real ops on the real view, so the GPU
 * runs the real kernels and both devices agree to rounding. Covers arithmetic, transcendental functions, reductions,
 * products, selection and indexing, views, in-place ops, and the gradient of a real loss at a complex leaf. Skips
 * without a GPU.
 */
class CudaComplexTest {
    private static final Device GPU = Device.cuda(0);

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    private static Tensor realView(Tensor t) { return t.isComplex() ? t.viewAsReal() : t; }

    private static void assertClose(Tensor cpu, Tensor gpu, String what) {
        assertEquals(GPU, gpu.device(), what + ": device");
        assertEquals(cpu.dtype(), gpu.dtype(), what + ": dtype");
        assertArrayEquals(cpu.shapeArray(), gpu.shapeArray(), what + ": shape");
        double[] a = realView(cpu).toDoubleArray(), b = realView(gpu).cpu().toDoubleArray();
        double tol = realView(cpu).dtype() == DType.FLOAT64 ? 1e-12 : 1e-5;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) && Double.isNaN(b[i]) || a[i] == b[i]) continue;
            assertTrue(Math.abs(a[i] - b[i]) <= tol * Math.max(1, Math.abs(a[i])), what + " element " + i + ": CPU " + a[i] + ", CUDA " + b[i]);
        }
    }

    private static Tensor z(DType t, long... shape) {
        return Torch.randn(Size.of(shape), Torch.dtype(t));
    }

    @Test
    void opsMatchTheCpu() {
        for (DType t : new DType[] {DType.COMPLEX64, DType.COMPLEX128}) {
            Torch.manualSeed(5);
            Tensor a = z(t, 3, 4), b = z(t, 4), sq = z(t, 4, 4);
            Tensor m = Torch.randn(3, 4).gt(0), ix = Torch.tensor(new long[] {2, 0, 2});
            Map<String, Function<Tensor[], Tensor>> ops = new LinkedHashMap<>();
            ops.put("add", x -> x[0].add(x[1]));
            ops.put("mul", x -> x[0].mul(x[1]));
            ops.put("div", x -> x[0].div(x[1]));
            ops.put("div by real", x -> x[0].div(x[1].abs()));
            ops.put("pow", x -> x[0].pow(x[1]));
            ops.put("pow scalar", x -> x[0].pow(2.5));
            ops.put("add scalar", x -> x[0].add(1.5));
            ops.put("exp", x -> x[0].exp());
            ops.put("log", x -> x[0].log());
            ops.put("sqrt", x -> x[0].sqrt());
            ops.put("tan", x -> x[0].tan());
            ops.put("sigmoid", x -> x[0].sigmoid());
            ops.put("abs", x -> x[0].abs());
            ops.put("angle", x -> x[0].angle());
            ops.put("sgn", x -> x[0].sgn());
            ops.put("sum", x -> x[0].sum(new long[] {1}, true));
            ops.put("mean", x -> x[0].mean());
            ops.put("prod", x -> x[0].prod(0));
            ops.put("norm", x -> x[0].norm());
            ops.put("matmul", x -> x[0].matmul(x[2]));
            ops.put("vdot", x -> x[1].vdot(x[1].exp()));
            ops.put("where", x -> Torch.where(x[3].to(DType.BOOL), x[0], x[1]));
            ops.put("maskedFill", x -> x[0].maskedFill(x[3].to(DType.BOOL), 2.0));
            ops.put("index", x -> x[0].index(x[4]));
            ops.put("indexSelect", x -> x[0].indexSelect(1, x[4]));
            ops.put("flip", x -> x[0].flip(0));
            ops.put("tril", x -> x[2].tril());
            ops.put("reshape", x -> x[0].t().reshape(12));
            ops.put("isclose", x -> Torch.isclose(x[0], x[0].add(1e-9), 1e-5, 1e-8, false));
            ops.put("to real", x -> x[0].to(DType.FLOAT64));
            ops.put("mul_", x -> x[0].clone().mul_(x[1]));
            Tensor[] cpu = {a, b, sq, m, ix};
            Tensor[] gpu = {a.to(GPU), b.to(GPU), sq.to(GPU), m.to(GPU), ix.to(GPU)};
            for (var e : ops.entrySet()) {
                assertClose(e.getValue().apply(cpu), e.getValue().apply(gpu), e.getKey() + " " + t);
            }
        }
    }

    @Test
    void randomDrawsAndCreation() {
        Tensor ones = Torch.ones(Size.of(2, 3), Torch.dtype(DType.COMPLEX64).device(GPU));
        assertClose(Torch.ones(Size.of(2, 3), Torch.dtype(DType.COMPLEX64)), ones, "ones");
        Tensor full = Torch.full(new long[] {2}, 2.5, Torch.dtype(DType.COMPLEX128).device(GPU));
        assertClose(Torch.full(new long[] {2}, 2.5, Torch.dtype(DType.COMPLEX128)), full, "full");
        Tensor r = Torch.randn(Size.of(100), Torch.dtype(DType.COMPLEX64).device(GPU));
        assertEquals(DType.COMPLEX64, r.dtype());
        assertEquals(GPU, r.device());
    }

    @Test
    void gradientsMatchTheCpu() {
        Torch.manualSeed(9);
        Tensor a = z(DType.COMPLEX128, 3, 4), b = z(DType.COMPLEX128, 4);
        Function<Tensor[], Tensor> loss = x -> x[0].mul(x[1]).div(x[1].exp()).abs().sum()
                .add(x[0].sqrt().angle().sum()).add(x[0].index(Torch.tensor(new long[] {0, 2}).to(x[0].device())).prod().viewAsReal().sum());
        Tensor[] cpu = {a.clone().requiresGrad_(true), b.clone().requiresGrad_(true)};
        Tensor[] gpu = {a.to(GPU).requiresGrad_(true), b.to(GPU).requiresGrad_(true)};
        loss.apply(cpu).backward();
        loss.apply(gpu).backward();
        assertClose(cpu[0].grad(), gpu[0].grad(), "grad a");
        assertClose(cpu[1].grad(), gpu[1].grad(), "grad b");
    }
}
