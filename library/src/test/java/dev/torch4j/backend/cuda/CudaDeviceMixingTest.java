package dev.torch4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CPU scalars inside CUDA ops, and internal tensors made on the right device: the cases the CUDA emulator
 * (scripts/cuda-emu) found failing before any GPU ran them. PyTorch lets a 0-dim CPU tensor join an elementwise op
 * on a GPU (and be the value of an index_put); every other operand must be on the op's device.
 */
class CudaDeviceMixingTest {
    private static final Device GPU = Device.cuda(0);

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    @Test
    void aCpuScalarTensorJoinsElementwiseOpsOnTheGpu() {
        Tensor x = Torch.randn(3, 4), s = Torch.tensor(2.5);
        Tensor g = x.cuda().mul(s);
        assertEquals(GPU, g.device());
        assertArrayEquals(x.mul(s).toDoubleArray(), g.cpu().toDoubleArray());
        Tensor w = Torch.where(x.gt(0.0).cuda(), x.cuda(), Torch.tensor(0.0));
        assertEquals(GPU, w.device());
        assertArrayEquals(x.relu().toDoubleArray(), w.cpu().toDoubleArray());
    }

    @Test
    void powWithAScalarExponentDifferentiatesOnTheGpu() {
        Tensor x = Torch.rand(5).add(0.5).requiresGrad_(true), xg = x.detach().cuda().requiresGrad_(true);
        x.pow(3.0).sum().backward();
        xg.pow(3.0).sum().backward();
        assertEquals(GPU, xg.grad().device());
        assertArrayEquals(x.grad().toDoubleArray(), xg.grad().cpu().toDoubleArray(), 1e-6);
    }

    @Test
    void aCpuScalarIsTheValueOfAnIndexPut() {
        Tensor x = Torch.zeros(4).cuda();
        x.indexPut_(new Object[] {Torch.tensor(new long[] {1, 3}).cuda()}, Torch.tensor(5.0).to(DType.FLOAT32));
        assertArrayEquals(new double[] {0, 5, 0, 5}, x.cpu().toDoubleArray());
    }

    @Test
    void indexOperandsMustBeOnTheSameDevice() {
        Tensor x = Torch.randn(3, 4).cuda();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.gather(1, Torch.zeros(Torch.shape(3, 1), Torch.dtype(DType.INT64))));
        assertTrue(e.getMessage().contains("Expected all tensors to be on the same device"), e.getMessage());
    }

    @Test
    void oneHotEmbeddingAndNllLossStayOnTheGpu() {
        Tensor labels = Torch.tensor(new long[] {2, 0, 1});
        Tensor oh = Functional.oneHot(labels.cuda(), 4);
        assertEquals(GPU, oh.device());
        assertArrayEquals(Functional.oneHot(labels, 4).toDoubleArray(), oh.cpu().toDoubleArray());

        Tensor weight = Torch.randn(5, 3).requiresGrad_(true), wg = weight.detach().cuda().requiresGrad_(true);
        Tensor idx = Torch.tensor(new long[] {4, 1, 1});
        Functional.embedding(idx, weight).sum().backward();
        Functional.embedding(idx.cuda(), wg).sum().backward();
        assertEquals(GPU, wg.grad().device());
        assertArrayEquals(weight.grad().toDoubleArray(), wg.grad().cpu().toDoubleArray());

        Tensor logits = Torch.randn(3, 4).requiresGrad_(true), lg = logits.detach().cuda().requiresGrad_(true);
        Functional.nllLoss(logits.logSoftmax(1), labels).backward();
        Functional.nllLoss(lg.logSoftmax(1), labels.cuda()).backward();
        assertArrayEquals(logits.grad().toDoubleArray(), lg.grad().cpu().toDoubleArray(), 1e-6);
    }
}
