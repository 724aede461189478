package dev.torch4j;

import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The foundation issue's contract, line by line: what each statement prints (PyTorch's output for the same code). */
class ContractTest {
    @Test
    void foundationContractPrintsWhatPyTorchPrints() {
        Tensor t = tensor(new double[][] {{0.1, 1.2}, {2.2, 3.1}, {4.9, 5.2}});
        assertEquals("tensor([[0.1000, 1.2000],\n        [2.2000, 3.1000],\n        [4.9000, 5.2000]])", t.toString());
        Tensor x = randn(3, 3, 7);
        assertEquals("torch.Size([3, 3, 7])", x.shape().toString());
        Tensor a = rand(100, 50);
        assertEquals("torch.Size([20, 5, 50])", a.view(20, 5, 50).shape().toString());
        assertEquals("torch.Size([20, 5, 50])", a.view(-1, 5, 50).shape().toString());
        assertEquals("18.0", String.valueOf(zeros(3, 3).add(ones(3, 3)).mul(2).sum().item()));
        Tensor w = ones(shape(2, 2), dtype(DType.FLOAT64).device(Device.CPU));
        assertEquals("tensor([[1., 1.],\n        [1., 1.]], dtype=torch.float64)", w.toString());
        double[] raw = {1, 1, 1, 1, 1};
        Tensor b = fromArray(raw);
        raw[0] = 5;
        assertEquals("tensor([5., 1., 1., 1., 1.], dtype=torch.float64)", b.toString());
        assertTrue(arange(6).view(2, 3).t().contiguous().isContiguous());
    }

    @Test
    void viewsShareStorageAndWritesShowThroughBothWays() {
        Tensor base = zeros(2, 3);
        Tensor v = base.view(3, 2).t();
        v.fill_(7);
        assertEquals(42.0, base.sum().item());
        double[] raw = new double[4];
        Tensor wrapped = fromArray(raw, 2, 2);
        wrapped.select(0, 1).add_(3.0);
        assertEquals(3.0, raw[2]);
        assertEquals(3.0, raw[3]);
    }
}
