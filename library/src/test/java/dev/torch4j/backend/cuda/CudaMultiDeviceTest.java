package dev.torch4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two GPUs: tensors made on, moved between and computed on cuda:1 as on cuda:0. Skipped with fewer than two
 * devices; the CUDA emulator shows two with {@code T4J_EMU_DEVICES=2}.
 */
class CudaMultiDeviceTest {
    private static final Device GPU0 = Device.cuda(0), GPU1 = Device.cuda(1);

    @BeforeEach
    void needTwoGpus() {
        assumeTrue(CudaRuntime.isAvailable() && CudaRuntime.deviceCount() >= 2, "fewer than two CUDA devices");
    }

    @Test
    void tensorsMoveBetweenDevicesAndComputeOnEach() {
        Tensor x = Torch.randn(64, 32), w = Torch.randn(32, 8);
        Tensor x1 = x.to(GPU1), w0 = w.to(GPU0);
        assertEquals(GPU1, x1.device());
        Tensor w1 = w0.to(GPU1); // device to device
        assertEquals(GPU1, w1.device());
        Tensor y1 = x1.matmul(w1).relu().sum(1);
        assertEquals(GPU1, y1.device());
        assertArrayEquals(x.matmul(w).relu().sum(1).toDoubleArray(), y1.cpu().toDoubleArray(), 1e-4);
        assertArrayEquals(y1.cpu().toDoubleArray(), y1.to(GPU0).cpu().toDoubleArray());
    }

    @Test
    void operandsOnTwoGpusAreAnError() {
        Tensor a = Torch.ones(3).to(GPU0), b = Torch.ones(3).to(GPU1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains(
                "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cuda:1"), e.getMessage());
    }

    @Test
    void aBadIndexIsReportedByTheDeviceItRanOn() {
        assumeTrue(!IndexErrors.BLOCKING, "CUDA_LAUNCH_BLOCKING=1 reports at the op");
        Tensor x1 = Torch.randn(4, 3).to(GPU1), ok0 = Torch.ones(2).to(GPU0);
        Torch.cuda().setDevice(0);
        Tensor r = x1.indexSelect(0, Torch.tensor(new long[] {5}).to(GPU1));
        Torch.cuda().setDevice(0);
        assertEquals(2.0, ok0.sum().item(), "cuda:0's copies do not report cuda:1's error");
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, r::cpu);
        assertEquals("index_select(): index 5 is out of bounds for dimension 0 with size 4" + IndexErrors.DEFERRED,
                e.getMessage());
    }

    @Test
    void backwardRunsOnTheSecondDevice() {
        Tensor x = Torch.randn(5, 4).requiresGrad_(true), x1 = x.detach().to(GPU1).requiresGrad_(true);
        x.tanh().pow(2.0).sum().backward();
        x1.tanh().pow(2.0).sum().backward();
        assertEquals(GPU1, x1.grad().device());
        assertArrayEquals(x.grad().toDoubleArray(), x1.grad().cpu().toDoubleArray(), 1e-5);
    }
}
