package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.sparse.Sparse;
import dev.torch4j.sparse.SparseTensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Sparse tensors on CUDA against the same ops on the CPU: coalesce, to_dense, to_sparse, CSR, mm/addmm with the
 * gradients of the dense operand and the values, sum and softmax. The sparse ops are compositions of dense ops, so
 * this checks that every op they use runs on the device. Skips without a GPU.
 */
class CudaSparseTest {
    private static final Device GPU = Device.cuda(0);
    private static final double TOL = 1e-12;

    @BeforeEach
    void needGpu() { assumeTrue(CudaRuntime.isAvailable(), "no CUDA device"); }

    /** A 5x6 float64 pattern with a duplicate entry (uncoalesced). */
    private static SparseTensor cpuSparse(boolean grad) {
        Tensor idx = Torch.tensor(new long[][] {{4, 0, 2, 4, 1, 0, 3, 2}, {5, 1, 0, 5, 3, 4, 2, 2}});
        Tensor v = Torch.tensor(new double[] {0.5, -1.25, 2, 3, 0.75, -0.5, 1.5, 4}).to(DType.FLOAT64);
        return Sparse.cooTensor(idx, grad ? v.requiresGrad_(true) : v, 5, 6);
    }

    private static void close(Tensor cpu, Tensor gpu, String what) {
        assertEquals(GPU, gpu.device(), what + " device");
        Golden.assertClose(cpu, gpu.cpu(), TOL, TOL, what);
    }

    @Test
    void coalesceToDenseAndConversionsMatchTheCpu() {
        SparseTensor c = cpuSparse(false), g = c.to(GPU);
        assertEquals(GPU, g.device());
        SparseTensor gc = g.coalesce();
        Golden.assertExact(c.coalesce().indices(), gc.indices().cpu(), "coalesced indices");
        close(c.coalesce().values(), gc.values(), "coalesced values");
        close(c.toDense(), g.toDense(), "to_dense");
        close(c.t().toDense(), g.t().toDense(), "t");
        Tensor dense = c.toDense();
        SparseTensor s = Sparse.toSparse(dense.to(GPU));
        Golden.assertExact(Sparse.toSparse(dense).indices(), s.indices().cpu(), "to_sparse indices");
        SparseTensor csr = Sparse.toSparseCsr(dense.to(GPU));
        Golden.assertExact(Sparse.toSparseCsr(dense).crowIndices(), csr.crowIndices().cpu(), "crow_indices");
        close(dense, csr.toDense(), "csr to_dense");
        close(dense.mul(2), gc.add(gc).toDense(), "add");
        assertTrue(g.toString().contains("device='cuda:0'"), g.toString());
    }

    private static void gradParity(String what, Function<SparseTensor, Function<Tensor, Tensor>> op) {
        Tensor x = Torch.arange(18.0).reshape(6, 3).to(DType.FLOAT64).div(7).sub(1);
        Tensor w = Torch.arange(15.0).reshape(5, 3).to(DType.FLOAT64).cos();
        Tensor[] grads = new Tensor[4];
        for (int k = 0; k < 2; k++) {
            Device dev = k == 0 ? Device.CPU : GPU;
            SparseTensor s = cpuSparse(false);
            Tensor v = s.rawValues().to(dev).detach().requiresGrad_(true);
            Tensor xd = x.to(dev).detach().requiresGrad_(true);
            Tensor out = op.apply(Sparse.cooTensor(s.rawIndices().to(dev), v, 5, 6)).apply(xd);
            out.mul(w.to(dev)).sum().backward();
            grads[2 * k] = xd.grad();
            grads[2 * k + 1] = v.grad();
        }
        close(grads[0], grads[2], what + " grad dense");
        close(grads[1], grads[3], what + " grad values");
    }

    @Test
    void productsAndTheirGradientsMatchTheCpu() {
        gradParity("mm", s -> x -> Sparse.mm(s, x));
        gradParity("addmm", s -> x -> Sparse.addmm(x.narrow(0, 0, 5).mul(0.5), s, x, 0.25, 2));
        gradParity("csr mm", s -> x -> Sparse.mm(s.coalesce().toSparseCsr(), x));
        gradParity("softmax", s -> x -> Sparse.softmax(s, 1).toDense().matmul(x).narrow(1, 0, 3));
        gradParity("log_softmax", s -> x -> Sparse.logSoftmax(s, 0).toDense().matmul(x).narrow(1, 0, 3));
        gradParity("sum", s -> x -> Sparse.sumDense(s, 0).unsqueeze(1).mul(x).narrow(0, 0, 5));
    }
}
