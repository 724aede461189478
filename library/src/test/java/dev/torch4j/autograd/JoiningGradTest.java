package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static dev.torch4j.Torch.dtype;
import static dev.torch4j.Torch.randn;
import static dev.torch4j.Torch.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Derivatives of cat, stack, hstack/vstack/dstack, split/chunk and unbind against real PyTorch
 * (scripts/goldens/grad_indexing_goldens.py, suite "joining"), plus gradcheck/gradgradcheck in float64.
 */
class JoiningGradTest {

    @TestFactory
    Stream<DynamicTest> goldens() { return IndexingGradTest.goldenTests("joining"); }

    @TestFactory
    Stream<DynamicTest> gradchecks() { return IndexingGradTest.gradcheckTests("joining"); }

    private static Tensor leaf(long... s) {
        return randn(shape(s), dtype(DType.FLOAT64)).requiresGrad_(true);
    }

    @Test
    void splitOutputsShareOneNode() {
        Tensor x = leaf(5, 3);
        Tensor[] parts = x.split(2);
        assertEquals(3, parts.length);
        assertSame(parts[0].gradFn(), parts[2].gradFn());
        assertEquals(3, parts[0].gradFn().numOutputs());
        for (Tensor p : parts) assertSame(x.storage(), p.storage());
        // only the last part used: the others' gradients are zeros
        parts[2].sum().backward();
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1}, x.grad().toDoubleArray(), 0.0);
    }

    @Test
    void unbindIsOneMultiOutputNodeWhoseGradientIsAStack() {
        Tensor x = leaf(2, 3);
        Tensor[] rows = x.unbind(1);
        assertEquals("UnbindBackward0", rows[1].gradFn().name());
        assertSame(rows[0].gradFn(), rows[1].gradFn());
        Tensor g = Torch.autograd().grad(new Tensor[] {rows[1].square().sum()}, new Tensor[] {x}, null, true, true, false)[0];
        double[] xv = x.detach().toDoubleArray();
        assertArrayEquals(new double[] {0, 2 * xv[1], 0, 0, 2 * xv[4], 0}, g.toDoubleArray(), 0.0);
        // create_graph: the gradient's own history is the stack of the outputs' gradients (zeros for unused ones)
        assertEquals("StackBackward0", g.gradFn().name());
    }

    @Test
    void writesIntoSplitOutputsAreRefusedAsInPyTorch() {
        // PyTorch refuses in-place writes to outputs of multi-output views (split, unbind) while recording, and
        // refuses to use them once their base was written; without grad they write through to the base
        Tensor x = leaf(4, 2);
        Tensor y = x.mul(1.0);
        Tensor[] parts = y.chunk(2);
        var e = assertThrows(IllegalStateException.class, () -> parts[1].mul_(3.0));
        assertEquals("Output 1 of SplitBackward0 is a view and is being modified inplace. This view is the output of a "
                + "function that returns multiple views. Such functions do not allow the output views to be modified "
                + "inplace. You should replace the inplace operation by an out-of-place one.", e.getMessage());
        y.add_(1.0);
        e = assertThrows(IllegalStateException.class, () -> parts[0].sum());
        assertTrue(e.getMessage().startsWith("Output 0 of SplitBackward0 is a view and its base or another view of its base "
                + "has been modified inplace."), e.getMessage());
        Tensor z = Torch.zeros(4);
        z.split(2)[1].add_(1.0);
        assertArrayEquals(new double[] {0, 0, 1, 1}, z.toDoubleArray(), 0.0);
    }

    @Test
    void catOfMixedInputsGivesGradientsOnlyWhereNeeded() {
        Tensor a = leaf(2, 2);
        Tensor b = Torch.ones(2, 2); // float32, no grad: the result is float64 (promotion), b gets no edge
        Tensor i = Torch.tensor(new long[][] {{1, 1}}); // int64, promoted too
        Tensor r = Torch.cat(List.of(a, b, i), 0);
        assertEquals(DType.FLOAT64, r.dtype());
        assertEquals("CatBackward0", r.gradFn().name());
        assertNull(r.gradFn().nextEdges()[1]);
        assertNull(r.gradFn().nextEdges()[2]);
        r.sum().backward();
        assertArrayEquals(new double[] {1, 1, 1, 1}, a.grad().toDoubleArray(), 0.0);
    }

    @Test
    void stackGradientIsCastBackToEachInputsDtype() {
        Tensor a = randn(shape(3), dtype(DType.FLOAT32)).requiresGrad_(true);
        Tensor b = leaf(3);
        Tensor r = Torch.stack(a, b);
        assertEquals(DType.FLOAT64, r.dtype());
        r.mul(Torch.tensor(new double[][] {{1, 2, 3}, {4, 5, 6}})).sum().backward();
        assertEquals(DType.FLOAT32, a.grad().dtype());
        assertArrayEquals(new double[] {1, 2, 3}, a.grad().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {4, 5, 6}, b.grad().toDoubleArray(), 0.0);
    }

    @Test
    void unbindOfA0dTensorNamesTheOp() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> Torch.tensor(1.0).unbind(0));
        assertEquals("unbind: Dimension specified as 0 but tensor has no dimensions", e.getMessage());
    }

    @Test
    void noGradJoinsRecordNothing() {
        Tensor a = leaf(2);
        try (var g = Torch.noGrad()) {
            assertNull(Torch.cat(a, a).gradFn());
            assertNull(Torch.stack(a, a).gradFn());
            assertNull(a.split(1)[0].gradFn());
            assertNull(a.unbind(0)[0].gradFn());
        }
        assertTrue(Torch.hstack(a, a).requiresGrad());
    }
}
