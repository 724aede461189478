package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code torch.use_deterministic_algorithms(True)} on CUDA: index accumulation with duplicates gives the CPU's
 * sequential sums bit for bit, and the ops PyTorch documents as raising do raise (or only warn with warn_only).
 * Skips without a GPU.
 */
class CudaDeterminismTest {
    private static final Device GPU = Device.cuda(0);

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    @AfterEach
    void off() { Torch.useDeterministicAlgorithms(false); }

    @Test
    void accumulationWithDuplicatesIsTheCpusOrder() {
        Torch.manualSeed(5);
        Tensor src = Torch.randn(4000).mul(1e3), idx = Torch.randint(0, 3, Torch.shape(4000));
        Tensor cpu = Torch.zeros(3).indexAdd(0, idx, src);
        Torch.useDeterministicAlgorithms(true);
        for (int i = 0; i < 3; i++) {
            Tensor gpu = Torch.zeros(Torch.shape(3), Torch.device(GPU)).indexAdd(0, idx.to(GPU), src.to(GPU));
            Golden.assertExact(cpu, gpu.cpu(), "index_add run " + i);
            Tensor scattered = Torch.zeros(Torch.shape(3), Torch.device(GPU)).scatterAdd(0, idx.to(GPU), src.to(GPU));
            Golden.assertExact(cpu, scattered.cpu(), "scatter_add run " + i);
        }
    }

    @Test
    void documentedOpsRaise() {
        Torch.useDeterministicAlgorithms(true);
        Tensor x = Torch.randn(Torch.shape(8), Torch.device(GPU));
        String msg = assertThrows(IllegalStateException.class, () -> Torch.histc(x, 4, -1, 1)).getMessage();
        assertTrue(msg.startsWith("_histc_cuda does not have a deterministic implementation, but you set "
                + "'torch.use_deterministic_algorithms(True)'."), msg);
        assertThrows(IllegalStateException.class, () -> x.kthvalue(2));
        Tensor v = Torch.randn(Torch.shape(1, 1, 2, 2, 2), Torch.device(GPU)).requiresGrad_(true);
        assertThrows(IllegalStateException.class, () -> Functional.avgPool3d(v, new long[] {2}, null, new long[] {0}, false, true));
        // without grad the forward alone is deterministic in PyTorch too
        Functional.avgPool3d(v.detach(), new long[] {2}, null, new long[] {0}, false, true);
        Torch.useDeterministicAlgorithms(true, true);
        assertEquals(4.0, Torch.histc(Torch.ones(Torch.shape(4), Torch.device(GPU)), 2, 0, 2).sum().item());
        assertEquals(DType.FLOAT32, x.dtype());
    }
}
