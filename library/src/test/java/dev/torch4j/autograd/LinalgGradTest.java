package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static dev.torch4j.autograd.ReductionGradTest.check;
import static dev.torch4j.autograd.ReductionGradTest.rand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Derivatives of mm, bmm, mv, dot, outer, addmm and matmul in each rank combination: outputs, grad_fn names (PyTorch
 * 2.x's matmul paths) and gradients against real PyTorch (scripts/goldens/grad_reduction_goldens.py, suite
 * "linalg"), plus gradcheck/gradgradcheck in float64 on contiguous, transposed, sliced and expanded operands.
 */
class LinalgGradTest {

    @TestFactory
    Stream<DynamicTest> goldens() { return ReductionGradTest.goldenTests("linalg"); }

    @TestFactory
    Stream<DynamicTest> gradchecks() { return ReductionGradTest.gradcheckTests("linalg"); }

    @Test
    void batchedBroadcastMatmulReducesOverBroadcastBatchDims() {
        Tensor a = rand(1, 2, 1, 3, 4), b = rand(2, 5, 4, 2);
        Tensor y = a.matmul(b);
        assertArrayEquals(new long[] {2, 5, 3, 2}, y.shapeArray());
        assertEquals("UnsafeViewBackward0", y.gradFn().name());
        assertEquals("BmmBackward0", y.gradFn().nextEdges()[0].node().name());
        y.sum().backward();
        assertArrayEquals(a.shapeArray(), a.grad().shapeArray());
        assertArrayEquals(b.shapeArray(), b.grad().shapeArray());
        // d(sum(a @ b))/da[i, 0, r, k] = sum over the 5 broadcast batches and the columns of b[j, k, :]
        Tensor expected = b.detach().sum(new long[] {0, 2}, false).expand(2, 1, 3, 4);
        Golden.assertClose(expected, a.grad(), "gradient of a");
        check(in -> in[0].matmul(in[1]), a, b);
    }

    @Test
    void matmulOnNonContiguousOperands() {
        Tensor a = rand(3, 4, 3), b = rand(4, 5, 4), v = rand(5, 4), w = rand(23, 3), batch = rand(6, 2, 4, 3);
        check(in -> in[0].t().matmul(in[1].t()), a, b);                      // 2-D @ 2-D, both transposed
        check(in -> in[0].narrow(0, 1, 2).matmul(in[1].narrow(1, 0, 3)), b, a); // sliced rows / columns
        check(in -> in[0].t().matmul(in[1]), a, v);                          // transposed matrix @ vector
        check(in -> in[1].matmul(in[0].t()), a, w);                          // vector @ transposed matrix
        check(in -> in[0].transpose(1, 2).matmul(in[1].t()), batch, b);      // batch (transposed) @ matrix
        check(in -> in[1].t().matmul(in[0].transpose(1, 2)), batch, rand(24, 3, 4)); // matrix @ batch: the folded path
        check(in -> in[0].expand(3, 4).matmul(in[1]), rand(7, 1, 4), rand(8, 4, 2)); // stride-0 rows
        check(in -> in[0].expand(2, 3, 4).matmul(in[1]), rand(9, 3, 4), rand(10, 4));  // expanded batch @ vector
    }

    @Test
    void foldedAndBatchedPathsGiveTheSameGradients() {
        // 3-D @ 2-D folds into one mm when b requires grad, and is one bmm (then a batch sum) when it does not
        Tensor a = rand(11, 2, 3, 4);
        Tensor b = rand(12, 4, 5);
        Tensor g = rand(13, 2, 3, 5).detach();
        a.matmul(b).backward(g);
        Tensor folded = a.grad();
        a.setGrad(null);
        a.transpose(0, 1).contiguous().transpose(0, 1).matmul(b.detach()).backward(g);
        Golden.assertClose(folded, a.grad(), "gradient of a");
    }

    @Test
    void productsAreNotViews() {
        // an in-place op on a product is a plain in-place op (PyTorch's _unsafe_view is not a view for autograd)
        Tensor a = rand(14, 3, 4), b = rand(15, 4, 5), v = rand(16, 4), batch = rand(17, 2, 3, 4);
        assertEquals("MulBackward0", a.mm(b).mul_(2.0).gradFn().name());
        assertEquals("MulBackward0", v.matmul(b).mul_(2.0).gradFn().name());
        assertEquals("MulBackward0", batch.matmul(b).mul_(2.0).gradFn().name());
        assertEquals("MulBackward0", a.mv(v).mul_(2.0).gradFn().name());
    }

    @Test
    void onlyTheInputsThatNeedGradSaveAndGetOne() {
        Tensor a = rand(18, 3, 4);
        Tensor b = rand(19, 4, 5).detach();
        Tensor y = a.mm(b);
        assertEquals(2, y.gradFn().nextEdges().length);
        assertNull(y.gradFn().nextEdges()[1]);
        Tensor[] g = Torch.autograd().grad(new Tensor[] {y.sum()}, new Tensor[] {a});
        Golden.assertClose(b.sum(new long[] {1}, false).expand(3, 4), g[0], "gradient of a");
        Tensor input = rand(20, 5);
        Tensor z = Torch.addmm(input, a.detach(), b, 0.5, 2.0);
        assertEquals("AddmmBackward0", z.gradFn().name());
        z.sum().backward();
        // input was broadcast over 3 rows: its gradient is beta * 3
        assertArrayEquals(new double[] {1.5, 1.5, 1.5, 1.5, 1.5}, input.grad().toDoubleArray(), 1e-15);
        assertNull(a.grad()); // a was detached
    }

    @Test
    void outerIsAProduct() {
        Tensor a = rand(21, 3), b = rand(22, 4);
        Tensor y = Torch.outer(a, b);
        assertEquals("MulBackward0", y.gradFn().name());
        check(in -> Torch.outer(in[0], in[1]), a, b);
    }
}
