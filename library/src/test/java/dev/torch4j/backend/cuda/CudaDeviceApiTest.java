package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The device API on a real GPU ({@code torch.cuda.*}, moving tensors, printing, device mixing, events), and what a
 * machine without CUDA says. The GPU tests skip without a device; {@link #withoutCudaTheErrorSaysWhy} runs only there.
 */
class CudaDeviceApiTest {
    private static final Device GPU = Device.cuda(0);

    private static void requireGpu() {
        assumeTrue(CudaRuntime.isAvailable(), () -> "no CUDA device: " + CudaRuntime.unavailableReason());
    }

    @Test
    void deviceNamesParse() {
        assertEquals(GPU, Device.of("cuda:0"));
        assertEquals(GPU, Device.of("cuda"));
        assertEquals("cuda:0", GPU.toString());
        assertEquals(Device.cuda(1), Device.of("cuda:1"));
    }

    @Test
    void withoutCudaTheErrorSaysWhy() {
        assumeFalse(CudaRuntime.isAvailable(), "a GPU is available: this test is for machines without one");
        var cuda = Torch.cuda();
        assertFalse(cuda.isAvailable());
        assertEquals(0, cuda.deviceCount());
        String reason = cuda.unavailableReason();
        assertNotNull(reason);
        assertFalse(reason.isBlank(), "unavailableReason() is empty although CUDA is not available");
        assertTrue(reason.contains("libcuda"), "the reason should name the driver library looked for: " + reason);
        RuntimeException e = assertThrows(RuntimeException.class, () -> Torch.ones(2).cuda());
        assertNotNull(e.getMessage(), "no message: " + e);
        assertTrue(e.getMessage().contains(reason), "the error should carry the reason (" + reason + "), got: " + e.getMessage());
        assertThrows(RuntimeException.class, () -> Torch.zeros(Torch.shape(2), Torch.device(GPU)));
        var net = new dev.torch4j.nn.Linear(2, 2);
        RuntimeException m = assertThrows(RuntimeException.class, net::cuda);
        assertTrue(m.getMessage().contains(reason), "Module.cuda() should carry the reason too, got: " + m.getMessage());
        assertEquals(Device.CPU, net.weight.device(), "a failed move leaves the module where it was");
    }

    @Test
    void runtimeQueries() {
        requireGpu();
        var cuda = Torch.cuda();
        assertTrue(cuda.isAvailable());
        assertEquals("", cuda.unavailableReason());
        assertTrue(cuda.deviceCount() >= 1, "deviceCount " + cuda.deviceCount());
        String name = cuda.getDeviceName(0);
        assertNotNull(name);
        assertFalse(name.isBlank(), "empty device name");
        int[] cap = cuda.getDeviceCapability(0);
        assertEquals(2, cap.length, "capability " + Arrays.toString(cap));
        assertTrue(cap[0] >= 7 && cap[1] >= 0, "capability " + Arrays.toString(cap));
        if (name.contains("H100") || name.contains("H200")) assertArrayEquals(new int[] {9, 0}, cap, name);
        System.out.println("CUDA device 0: " + name + ", capability " + cap[0] + "." + cap[1] + ", " + cuda.deviceCount() + " device(s)");
        cuda.synchronize();
    }

    // ------------------------------------------------------------------------------------------- moving tensors

    /** A CPU tensor of {@code dt} with edge values (extremes, signed zeros, NaN, infinities, subnormals), 1001 elements. */
    private static Tensor edgeValues(DType dt) {
        Tensor base;
        if (dt.isFloatingPoint()) {
            double[] v = {0.0, -0.0, 1.0, -1.5, Math.PI, 1e-3, 65504.0, 1e30, -1e-30, Double.NaN, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY, 1e-40, 3e-8, -2.5e38};
            base = Torch.fromArray(v);
        } else {
            long[] v = {0, 1, -1, 127, -128, 255, 32767, -32768, Integer.MAX_VALUE, Integer.MIN_VALUE, (1L << 53) + 1,
                    Long.MAX_VALUE, Long.MIN_VALUE, 42, -7};
            base = Torch.fromArray(v);
        }
        Tensor cycle = Torch.arange(1001).remainder(15L).to(DType.INT64);
        return base.indexSelect(0, cycle).to(dt);
    }

    private static void assertSameBits(Tensor expected, Tensor actual, String what) {
        assertEquals(Device.CPU, actual.device(), what + ": device");
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertArrayEquals(expected.shapeArray(), actual.shapeArray(), what + ": shape");
        if (expected.dtype().isFloatingPoint()) {
            double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
            for (int i = 0; i < e.length; i++) {
                if (Double.doubleToRawLongBits(e[i]) != Double.doubleToRawLongBits(a[i])) {
                    throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " (bitwise)");
                }
            }
        } else {
            assertArrayEquals(expected.toLongArray(), actual.toLongArray(), what + ": values");
        }
    }

    @Test
    void roundTripIsExactForEveryDtype() {
        requireGpu();
        List<String> failures = new ArrayList<>();
        for (DType dt : dev.torch4j.testing.RealDTypes.values()) {
            try {
                Tensor c = edgeValues(dt);
                Tensor g = c.cuda();
                assertEquals(GPU, g.device(), dt + " cuda() device");
                assertEquals(dt, g.dtype(), dt + " cuda() dtype");
                assertSameBits(c, g.cpu(), dt + " cuda().cpu()");
                assertSameBits(c, c.cuda(0).cpu(), dt + " cuda(0).cpu()");
                assertSameBits(c, c.to(GPU).to(Device.CPU), dt + " to(cuda:0).to(cpu)");
                Tensor m = c.reshape(7, 143);
                assertSameBits(m.t().contiguous(), m.t().cuda().cpu(), dt + " non-contiguous CPU source");
                assertSameBits(m.t().contiguous(), m.cuda().t().cpu(), dt + " non-contiguous CUDA source");
                assertSameBits(m.narrow(1, 3, 50), m.cuda().narrow(1, 3, 50).cpu(), dt + " narrowed CUDA source");
                Tensor empty = Torch.zeros(Torch.shape(0, 3), Torch.dtype(dt));
                assertSameBits(empty, empty.cuda().cpu(), dt + " empty");
                Tensor scalar = c.select(0, 4).contiguous();
                assertSameBits(scalar, scalar.cuda().cpu(), dt + " 0-d");
            } catch (RuntimeException | AssertionError e) {
                failures.add(dt + ": " + CudaOpTableParityTest.describe(e));
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void largeRoundTrip() {
        requireGpu();
        Tensor c = Torch.randn(Torch.shape((1 << 22) + 3), Torch.dtype(DType.FLOAT32));
        assertSameBits(c, c.cuda().cpu(), "4M float32 elements");
    }

    @Test
    void toWithDeviceAndDtype() {
        requireGpu();
        Tensor ints = Torch.arange(-7, 8).to(DType.INT32);
        Tensor g = ints.to(GPU, DType.FLOAT64);
        assertEquals(GPU, g.device());
        assertEquals(DType.FLOAT64, g.dtype());
        assertSameBits(ints.to(DType.FLOAT64), g.cpu(), "int32 cpu -> float64 cuda");
        Tensor floats = Torch.fromArray(new double[] {-2.7, -0.5, 0.0, 0.49, 1.5, 99.99, -1e6});
        Tensor back = floats.to(DType.FLOAT32).cuda().to(Device.CPU, DType.INT64);
        assertSameBits(floats.to(DType.FLOAT32).to(DType.INT64), back, "float32 cuda -> int64 cpu (truncation)");
        Tensor onGpu = floats.cuda();
        assertSame(onGpu, onGpu.to(GPU), "to(the tensor's own device) returns the tensor itself");
        assertSame(onGpu, onGpu.to(GPU, DType.FLOAT64));
        Tensor half = onGpu.to(DType.FLOAT16);
        assertEquals(GPU, half.device(), "to(dtype) keeps the device");
        assertSameBits(floats.to(DType.FLOAT16), half.cpu(), "float64 -> float16 on cuda");
    }

    @Test
    void gradientFlowsBackAcrossDevices() {
        requireGpu();
        Tensor x = Torch.fromArray(new double[] {1, 2, 3}).requiresGrad_(true);
        Tensor y = x.cuda();
        assertTrue(y.requiresGrad());
        y.mul(2.0).sum().backward();
        assertNotNull(x.grad(), "no gradient reached the CPU leaf");
        assertEquals(Device.CPU, x.grad().device(), "the gradient of a CPU leaf lies on the CPU");
        assertArrayEquals(new double[] {2, 2, 2}, x.grad().toDoubleArray());
        Tensor w = Torch.fromArray(new double[] {1, -1}).cuda().requiresGrad_(true);
        w.cpu().square().sum().backward();
        assertEquals(GPU, w.grad().device(), "the gradient of a CUDA leaf lies on cuda:0");
        assertArrayEquals(new double[] {2, -2}, w.grad().cpu().toDoubleArray());
    }

    // ------------------------------------------------------------------------------------------- printing

    /** A tensor, its CPU printing, and its printing on cuda:0 (PyTorch puts device= first, then dtype=, then grad). */
    record Printed(String what, Supplier<Tensor> cpu, boolean leafRequiresGrad, boolean doubled, String cpuText, String cudaText) {}

    static final List<Printed> PRINTED = List.of(
            new Printed("float32", () -> Torch.fromArray(new float[] {1, 2}), false, false,
                    "tensor([1., 2.])", "tensor([1., 2.], device='cuda:0')"),
            new Printed("float64", () -> Torch.fromArray(new double[] {1.5, -2}), false, false,
                    "tensor([ 1.5000, -2.0000], dtype=torch.float64)", "tensor([ 1.5000, -2.0000], device='cuda:0', dtype=torch.float64)"),
            new Printed("int64", () -> Torch.fromArray(new long[] {1, 2, 3}), false, false,
                    "tensor([1, 2, 3])", "tensor([1, 2, 3], device='cuda:0')"),
            new Printed("int32", () -> Torch.fromArray(new int[] {1, 2}), false, false,
                    "tensor([1, 2], dtype=torch.int32)", "tensor([1, 2], device='cuda:0', dtype=torch.int32)"),
            new Printed("bool", () -> Torch.tensor(new boolean[] {true, false}), false, false,
                    "tensor([ True, False])", "tensor([ True, False], device='cuda:0')"),
            new Printed("0-d", () -> Torch.tensor(3.5), false, false, "tensor(3.5000)", "tensor(3.5000, device='cuda:0')"),
            new Printed("2-d", () -> Torch.ones(2, 2), false, false,
                    "tensor([[1., 1.],\n        [1., 1.]])", "tensor([[1., 1.],\n        [1., 1.]], device='cuda:0')"),
            new Printed("empty float64", () -> Torch.zeros(Torch.shape(0), Torch.dtype(DType.FLOAT64)), false, false,
                    "tensor([], dtype=torch.float64)", "tensor([], device='cuda:0', dtype=torch.float64)"),
            new Printed("requires grad", () -> Torch.fromArray(new float[] {1, 2}), true, false,
                    "tensor([1., 2.], requires_grad=True)", "tensor([1., 2.], device='cuda:0', requires_grad=True)"),
            new Printed("grad_fn", () -> Torch.fromArray(new float[] {1, 2}), true, true,
                    "tensor([2., 4.], grad_fn=<MulBackward0>)", "tensor([2., 4.], device='cuda:0', grad_fn=<MulBackward0>)"),
            new Printed("float64 grad_fn", () -> Torch.fromArray(new double[] {1, 2}), true, true,
                    "tensor([2., 4.], dtype=torch.float64, grad_fn=<MulBackward0>)",
                    "tensor([2., 4.], device='cuda:0', dtype=torch.float64, grad_fn=<MulBackward0>)"));

    private static Tensor build(Printed p, boolean onGpu) {
        Tensor t = p.cpu().get();
        if (onGpu) t = t.cuda();
        if (p.leafRequiresGrad()) t.requiresGrad_(true);
        return p.doubled() ? t.mul(2.0) : t;
    }

    /** Runs without a GPU: the CPU halves of {@link #PRINTED} are what torch4j prints, so only device= is under test. */
    @Test
    void cpuPrintingBaselines() {
        for (Printed p : PRINTED) assertEquals(p.cpuText(), build(p, false).toString(), p.what());
    }

    @Test
    void printingNamesTheDevice() {
        requireGpu();
        for (Printed p : PRINTED) assertEquals(p.cudaText(), build(p, true).toString(), p.what());
    }

    // ------------------------------------------------------------------------------------------- device mixing

    @Test
    void mixingDevicesIsAnError() {
        requireGpu();
        Tensor g = Torch.ones(2, 3).cuda(), c = Torch.ones(2, 3);
        String both = "Expected all tensors to be on the same device, but found at least two devices, ";
        var e1 = assertThrows(IllegalArgumentException.class, () -> g.add(c));
        assertTrue(e1.getMessage().contains(both + "cuda:0 and cpu!"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> c.mul(g));
        assertTrue(e2.getMessage().contains(both + "cpu and cuda:0!"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> g.matmul(c.t()));
        assertTrue(e3.getMessage().contains("cuda:0 and cpu"), e3.getMessage());
        // as in PyTorch, a 0-d CPU tensor is a scalar argument and may join a CUDA op
        Tensor r = g.add(Torch.tensor(2.0));
        assertEquals(GPU, r.device());
        assertArrayEquals(new float[] {3, 3, 3, 3, 3, 3}, r.cpu().toFloatArray());
    }

    // ------------------------------------------------------------------------------------------- streams, events

    @Test
    void eventsTimeWorkOnTheStream() {
        requireGpu();
        var cuda = Torch.cuda();
        assertNotNull(cuda.currentStream(), "currentStream()");
        Tensor a = Torch.randn(2048, 2048).cuda(), b = Torch.randn(2048, 2048).cuda();
        cuda.synchronize();
        try (var start = cuda.event(true); var end = cuda.event(true)) {
            start.record();
            Tensor c = a;
            for (int i = 0; i < 8; i++) c = a.matmul(b);
            end.record();
            end.synchronize();
            float ms = start.elapsedTime(end);
            assertTrue(ms > 0 && ms < 60_000, "elapsedTime " + ms + " ms for 8 float32 2048x2048 matmuls");
            System.out.println("8 float32 2048x2048 matmuls: " + ms + " ms (" + (8 * 2.0 * 2048 * 2048 * 2048 / (ms * 1e9)) + " TFLOP/s)");
            cuda.synchronize();
            assertTrue(Double.isFinite(c.sum().item()));
        }
    }

    @Test
    void workOnASideStream() throws Exception {
        requireGpu();
        var cuda = Torch.cuda();
        Tensor a = Torch.randn(256, 300).cuda(), b = Torch.randn(300, 200).cuda();
        Tensor expected = a.matmul(b).cpu();
        var before = cuda.currentStream();
        Tensor c;
        try (var s = cuda.stream()) {
            assertNotNull(s);
            try (var scope = s.use()) {
                assertEquals(s, cuda.currentStream(), "use() makes the stream current");
                c = a.matmul(b).add(1.0);
            }
            assertEquals(before, cuda.currentStream(), "closing use() restores the previous stream");
            s.synchronize();
        }
        List<String> failures = new ArrayList<>();
        CudaOpTableParityTest.compare("matmul + 1 on a side stream", expected.add(1.0), c, GPU, false, false, failures);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void manualSeedMakesCudaRandomnessRepeatable() {
        requireGpu();
        var cuda = Torch.cuda();
        Torch.manualSeed(7);
        cuda.manualSeed(7);
        Tensor a = Torch.randn(Torch.shape(10_000), Torch.device(GPU));
        Torch.manualSeed(7);
        cuda.manualSeed(7);
        Tensor b = Torch.randn(Torch.shape(10_000), Torch.device(GPU));
        assertEquals(GPU, a.device());
        assertArrayEquals(a.cpu().toFloatArray(), b.cpu().toFloatArray(), "same seed, same numbers");
        double mean = a.mean().item(), std = a.std().item();
        assertTrue(Math.abs(mean) < 0.05 && Math.abs(std - 1) < 0.05, "randn on cuda: mean " + mean + ", std " + std);
    }
}
