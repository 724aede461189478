package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Index;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regressions found by the views fuzzer (FuzzViewsParityTest), one per fix; the expected values are PyTorch 1.13's
 * (each written beside the Python that gives it).
 */
class ViewInplaceSemanticsTest {
    private static Tensor leaf(long... shape) { return Torch.ones(shape).to(DType.FLOAT64).requiresGrad_(true); }

    private static boolean isView(Tensor t) { return t.autogradMetaOrNull() != null && t.autogradMetaOrNull().base != null; }

    @Test
    void aViewSeesAWriteToItsBase() {
        // y = x * 1; v = y[0]; y.mul_(2); v.sum().backward() -> x.grad [[2, 2], [0, 0]], v.grad_fn AsStridedBackward0
        Tensor x = leaf(2, 2);
        Tensor y = x.mul(1);
        Tensor v = y.get(0);
        y.mul_(2.0);
        assertEquals("AsStridedBackward0", v.gradFn().name());
        v.sum().backward();
        assertArrayEquals(new double[] {2, 2, 0, 0}, x.grad().toDoubleArray(), 0.0);
    }

    @Test
    void aViewMadeWithoutGradIsNotWrittenWithGrad() {
        Tensor y = leaf(3).mul(1);
        Tensor v;
        try (var g = GradMode.noGrad()) {
            v = y.narrow(0, 0, 2);
        }
        assertTrue(v.requiresGrad()); // as PyTorch: a view of a tensor that requires grad
        var e = assertThrows(IllegalStateException.class, () -> v.add_(1.0));
        assertTrue(e.getMessage().startsWith("A view was created in no_grad mode and is being modified inplace with grad mode "
                + "enabled. Given that this use case is ambiguous and error-prone, it is forbidden."), e.getMessage());
        y.add_(1.0);
        e = assertThrows(IllegalStateException.class, () -> v.mul(2));
        assertTrue(e.getMessage().startsWith("A view was created in no_grad mode and its base or another view of its base has "
                + "been modified inplace with grad mode enabled."), e.getMessage());
    }

    @Test
    void aCloneStartsAtVersionZero() {
        assertEquals(0, Torch.ones(3).clone().version());
    }

    @Test
    void expandKeepsPyTorchsStrides() {
        // torch.ones(1, 3).expand(2, 1, 3).stride() == (0, 3, 1); torch.tensor(1.).expand(2, 1).stride() == (0, 0)
        assertArrayEquals(new long[] {0, 3, 1}, Torch.ones(1, 3).expand(2, 1, 3).stride());
        assertArrayEquals(new long[] {0, 0}, Torch.tensor(1.0).expand(2, 1).stride());
    }

    @Test
    void aReshapeThatCopiesIsNoView() {
        // x.t().reshape(6).grad_fn is UnsafeViewBackward0, ._base None
        Tensor r = leaf(2, 3).t().reshape(6);
        assertEquals("UnsafeViewBackward0", r.gradFn().name());
        assertTrue(!isView(r));
    }

    @Test
    void aCopyFromAnotherLayoutOfTheSameMemoryIsRefused() {
        Tensor a = Torch.zeros(2, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> a.copy_(a.t()));
        assertTrue(e.getMessage().contains("unsupported operation: some elements of the input tensor and the written-to tensor "
                + "refer to a single memory location"), e.getMessage());
    }

    @Test
    void aFillOfAnExpandedViewIsRefusedInBackward() {
        // v = (x * 1).expand(2, 3); v.fill_(1.0) runs; v.sum().backward() raises
        Tensor x = leaf(3);
        Tensor v = x.mul(1).expand(2, 3);
        v.fill_(1.0);
        var e = assertThrows(IllegalArgumentException.class, () -> v.sum().backward());
        assertTrue(e.getMessage().contains("more than one element of the written-to tensor refers to a single memory location"),
                e.getMessage());
    }

    @Test
    void asStridedBackwardSumsOverlappingPlaces() {
        // torch.arange(4.).as_strided([2, 3], [1, 1], 0).sum().backward() -> [1, 2, 2, 1]
        Tensor x = Torch.arange(4.0).to(DType.FLOAT64).requiresGrad_(true);
        x.asStrided(new long[] {2, 3}, new long[] {1, 1}, 0).sum().backward();
        assertArrayEquals(new double[] {1, 2, 2, 1}, x.grad().toDoubleArray(), 0.0);
    }

    @Test
    void asStridedByPlacePassesGradcheck() {
        Tensor x = Torch.randn(6).to(DType.FLOAT64).requiresGrad_(true);
        java.util.function.Function<Tensor[], Tensor> overlapping = a -> a[0].asStrided(new long[] {2, 3}, new long[] {1, 1}, 0);
        assertTrue(GradCheck.gradcheck(overlapping, x));
        assertTrue(GradCheck.gradgradcheck(overlapping, x));
    }

    @Test
    void asStridedReachingBeforeItsInputDropsThoseGradients() {
        // x.narrow(0, 2, 4).as_strided([3], [2], 0) reads x[0], x[2], x[4]; x[0] is outside its input, so PyTorch's
        // gradient there is 0: .sum().backward() -> [0, 0, 1, 0, 1, 0]
        Tensor x = Torch.arange(6.0).to(DType.FLOAT64).requiresGrad_(true);
        x.narrow(0, 2, 4).asStrided(new long[] {3}, new long[] {2}, 0).sum().backward();
        assertArrayEquals(new double[] {0, 0, 1, 0, 1, 0}, x.grad().toDoubleArray(), 0.0);
    }

    @Test
    void multiplyingByItselfInPlaceFailsBackward() {
        Tensor y = leaf(3).mul(1);
        y.mul_(y);
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().startsWith("one of the variables needed for gradient computation has been modified by an "
                + "inplace operation: [torch.DoubleTensor [3]], which is output 0 of MulBackward0, is at version 1; expected "
                + "version 0 instead."), e.getMessage());
    }

    @Test
    void inPlaceLayoutOpsOnAViewKeepTheirHistory() {
        Tensor v = leaf(2, 3).mul(1).narrow(0, 0, 1);
        v.t_();
        assertEquals("TBackward1", v.gradFn().name());
    }

    @Test
    void settingEverythingToANumberIsAFill() {
        Tensor y = leaf(2, 3).mul(1);
        y.indexPut_(new Object[0], 2.0);
        assertEquals("FillBackward3", y.gradFn().name());
    }

    @Test
    void complexResultsAreNoViewsAndKeepPyTorchsStrides() {
        // torch.zeros(2, 1, 2, dtype=torch.complex128).clone().stride() == (2, 2, 1)
        Tensor z = Torch.zeros(Torch.shape(2, 1, 2), Torch.dtype(DType.COMPLEX128)).clone();
        assertArrayEquals(new long[] {2, 2, 1}, z.stride());
        assertTrue(!isView(z));
        assertTrue(isView(z.real()));
    }

    @Test
    void copyingATensorIntoItselfWritesNothing() {
        Tensor v = Torch.zeros(3).expand(2, 3);
        int before = v.version();
        v.copy_(v);
        assertEquals(before + 1, v.version());
        assertNull(v.gradFn());
        assertEquals(0.0, v.index(Index.ALL).sum().item(), 0.0);
    }
}
