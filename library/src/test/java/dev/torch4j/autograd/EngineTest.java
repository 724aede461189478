package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.torch4j.Torch.autograd;
import static dev.torch4j.Torch.dtype;
import static dev.torch4j.Torch.enableGrad;
import static dev.torch4j.Torch.fromArray;
import static dev.torch4j.Torch.inferenceMode;
import static dev.torch4j.Torch.isGradEnabled;
import static dev.torch4j.Torch.isInferenceModeEnabled;
import static dev.torch4j.Torch.noGrad;
import static dev.torch4j.Torch.ones;
import static dev.torch4j.Torch.setGradEnabled;
import static dev.torch4j.Torch.shape;
import static dev.torch4j.Torch.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The autograd engine's contract (issue 3): values and messages are PyTorch 1.13's for the same code (the Python
 * beside each case, or scripts/goldens/grad_composite_goldens.py for the golden ones).
 */
class EngineTest {
    private static final String FREED = "Trying to backward through the graph a second time (or directly access saved tensors "
            + "after they have already been freed). Saved intermediate values of the graph are freed when you call "
            + ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second "
            + "time or if you need to access saved tensors after calling backward.";

    private static Tensor leaf(double... v) { return fromArray(v.clone()).requiresGrad_(true); }

    private static void assertValues(double[] expected, Tensor t) {
        assertArrayEquals(expected, t.toDoubleArray(), 1e-12, t.toString());
    }

    // ------------------------------------------------------------------------------------------- the contract

    @Test
    void issueContractPrintsWhatPyTorchPrints() {
        Tensor x = tensor(new double[] {1, 2, 3}).requiresGrad_(true);
        Tensor y = x.pow(2).sum().div(2);
        y.backward();
        assertEquals("tensor([1., 2., 3.])", x.grad().toString());
        assertEquals("tensor([2., 4., 6.], grad_fn=<MulBackward0>)", x.mul(2).toString());
        try (var g = noGrad()) {
            assertFalse(x.mul(2).requiresGrad());
        }
        Tensor h = x;
        while (h.norm().item() < 100) h = h.mul(2);
        h.sum().backward();
        assertEquals("tensor([33., 34., 35.])", x.grad().toString());
        assertEquals("tensor([32., 64., 96.], grad_fn=<MulBackward0>)", h.toString());
        assertEquals("tensor([1., 2., 3.], requires_grad=True)", x.toString());
    }

    @Test
    void printsGradFnAndRequiresGradAsPyTorch() {
        Tensor x = leaf(1, 2);
        assertEquals("tensor([1., 2.], dtype=torch.float64, requires_grad=True)", x.toString());
        assertEquals("tensor([2., 3.], dtype=torch.float64, grad_fn=<AddBackward0>)", x.add(1.0).toString());
        assertEquals("tensor(3., dtype=torch.float64, grad_fn=<SumBackward0>)", x.sum().toString());
        assertEquals("tensor(1., dtype=torch.float64, grad_fn=<SelectBackward0>)", x.select(0, 0).toString());
        assertEquals("MulBackward0", x.mul(x).gradFn().name());
        assertEquals("<MulBackward0 object>", x.mul(x).gradFn().toString());
        assertEquals("tensor([1., 2.], dtype=torch.float64)", x.detach().toString());
    }

    // ------------------------------------------------------------------------------------------- accumulation

    @Test
    void gradientsAccumulateAcrossCallsInPlaceAndZeroResets() {
        Tensor x = leaf(1, 2, 3);
        x.mul(3.0).sum().backward();
        Tensor g = x.grad();
        assertValues(new double[] {3, 3, 3}, g);
        x.mul(x).sum().backward(); // + 2x
        assertSame(g, x.grad(), "accumulation is in place, as PyTorch's AccumulateGrad without create_graph");
        assertValues(new double[] {5, 7, 9}, x.grad());
        x.grad().zero_();
        x.mul(3.0).sum().backward();
        assertValues(new double[] {3, 3, 3}, x.grad());
        x.setGrad(null);
        x.sum().backward();
        assertValues(new double[] {1, 1, 1}, x.grad());
    }

    @Test
    void gradientsMeetingAtOneInputAreSummed() {
        Tensor x = leaf(0.5, -1.0);
        // y = x*x + sin(x) + x  ->  dy/dx = 2x + cos(x) + 1
        x.mul(x).add(x.sin()).add(x).sum().backward();
        assertValues(new double[] {2 * 0.5 + Math.cos(0.5) + 1, -2 + Math.cos(-1.0) + 1}, x.grad());
        // a diamond: a = 2x feeds exp and sin
        Tensor z = leaf(0.3);
        Tensor a = z.mul(2.0);
        a.exp().add(a.sin()).sum().backward();
        assertValues(new double[] {2 * Math.exp(0.6) + 2 * Math.cos(0.6)}, z.grad());
    }

    @Test
    void aGraphHundredThousandOpsDeepRunsOnASmallStack() throws InterruptedException {
        AtomicReference<Object> result = new AtomicReference<>();
        // 256 KB: a recursive engine overflows long before 100,000 nodes on such a stack
        Thread t = new Thread(null, () -> {
            try {
                Tensor x = leaf(1.0);
                Tensor h = x;
                for (int i = 0; i < 100_000; i++) h = h.add(1.0);
                h.backward();
                result.set(x.grad().item());
            } catch (Throwable e) {
                result.set(e);
            }
        }, "deep-graph", 256 * 1024);
        t.start();
        t.join();
        assertEquals(1.0, result.get(), () -> String.valueOf(result.get()));
    }

    // ------------------------------------------------------------------------------------------- errors

    @Test
    void nonScalarBackwardNeedsAGradient() {
        Tensor a = leaf(1, 2);
        var e = assertThrows(RuntimeException.class, () -> a.mul(2.0).backward());
        assertEquals("grad can be implicitly created only for scalar outputs", e.getMessage());
        a.mul(2.0).backward(fromArray(new double[] {1, 10}));
        assertValues(new double[] {2, 20}, a.grad());
        var shape = assertThrows(RuntimeException.class, () -> a.mul(2.0).backward(ones(3)));
        assertEquals("Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape of "
                + "torch.Size([2]).", shape.getMessage());
        var none = assertThrows(RuntimeException.class, () -> tensor(new double[] {1}).backward());
        assertEquals("element 0 of tensors does not require grad and does not have a grad_fn", none.getMessage());
    }

    @Test
    void backwardTwiceNeedsRetainGraph() {
        Tensor a = leaf(1, 2);
        Tensor s = a.exp().sum();
        s.backward();
        var e = assertThrows(RuntimeException.class, s::backward);
        assertTrue(e.getMessage().startsWith(FREED), e.getMessage());
        // the same through autograd.grad: its graph is freed too
        Tensor s2 = a.exp().sum();
        autograd().grad(s2, a);
        assertTrue(assertThrows(RuntimeException.class, s2::backward).getMessage().startsWith(FREED));
    }

    @Test
    void retainGraphKeepsSavedTensorsAndGradientsAccumulate() {
        Tensor a = leaf(1, 2);
        Tensor s = a.exp().sum();
        s.backward(null, true, false);
        s.backward(null, true, false);
        s.backward();
        assertValues(new double[] {3 * Math.exp(1), 3 * Math.exp(2)}, a.grad());
        assertTrue(assertThrows(RuntimeException.class, s::backward).getMessage().startsWith(FREED));
    }

    @Test
    void inPlaceChangeOfASavedTensorIsDetectedByItsVersion() {
        // b = torch.tensor([[1.,2.],[3.,4.]], dtype=torch.float64, requires_grad=True); c = b * 1; d = c.sin(); c.add_(1)
        Tensor b = fromArray(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad_(true);
        Tensor c = b.mul(1.0);
        Tensor d = c.sin();
        c.add_(1.0);
        var e = assertThrows(RuntimeException.class, () -> d.sum().backward());
        assertTrue(e.getMessage().startsWith("one of the variables needed for gradient computation has been modified by an "
                + "inplace operation: [torch.DoubleTensor [2, 2]], which is output 0 of AddBackward0, is at version 1; "
                + "expected version 0 instead."), e.getMessage());
        // a leaf changed under no_grad: no producer to name
        Tensor a = fromArray(new double[] {1, 2}).requiresGrad_(true);
        Tensor y = a.sin();
        try (var g = noGrad()) {
            a.mul_(2.0);
        }
        var leafError = assertThrows(RuntimeException.class, () -> y.sum().backward());
        assertTrue(leafError.getMessage().startsWith("one of the variables needed for gradient computation has been modified "
                + "by an inplace operation: [torch.DoubleTensor [2]] is at version 1; expected version 0 instead."),
                leafError.getMessage());
        // exp saves its result, not its input: changing the input afterwards is fine (PyTorch: no error)
        Tensor x = fromArray(new double[] {5}).requiresGrad_(true);
        Tensor z = x.mul(1.0);
        Tensor w = z.exp();
        z.mul_(3.0);
        w.sum().backward();
        assertValues(new double[] {Math.exp(5)}, x.grad());
    }

    @Test
    void inPlaceOnLeavesThatRequireGradIsRefused() {
        Tensor a = leaf(1, 2);
        var e = assertThrows(RuntimeException.class, () -> a.mul_(2.0));
        assertTrue(e.getMessage().contains("a leaf Variable that requires grad is being used in an in-place operation."),
                e.getMessage());
        var v = assertThrows(RuntimeException.class, () -> a.select(0, 0).mul_(2.0));
        assertTrue(v.getMessage().contains("a view of a leaf Variable that requires grad is being used in an in-place operation."),
                v.getMessage());
        try (var g = noGrad()) {
            a.mul_(2.0); // allowed without grad, as in PyTorch (optimizer steps)
        }
        assertValues(new double[] {2, 4}, a);
    }

    @Test
    void inPlaceOnAViewOfANonLeafGoesThroughCopySlices() {
        JsonObject c = Golden.cases("grad_composite").stream()
                .filter(j -> j.get("name").getAsString().equals("copyslices_view_mul")).findFirst().orElseThrow();
        Tensor base = Golden.tensor(c.getAsJsonObject("base")).requiresGrad_(true);
        Tensor t = base.mul(2.0);
        Tensor v = t.select(1, 1);
        v.mul_(Golden.tensor(c.getAsJsonObject("factor")));
        assertEquals("CopySlices", t.gradFn().name());
        assertEquals("AsStridedBackward0", v.gradFn().name());
        t.mul(Golden.tensor(c.getAsJsonObject("weight"))).sum().backward();
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("t")), t.detach(), "t");
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("base_grad")), base.grad(), "base.grad");
    }

    // ------------------------------------------------------------------------------------------- leaves, views, detach

    @Test
    void retainGradKeepsANonLeafGradient() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3.0);
        Tensor z = x.mul(4.0);
        y.retainGrad();
        assertTrue(y.retainsGrad());
        assertFalse(x.retainsGrad(), "leaves do not 'retain' grad in PyTorch's sense");
        y.mul(y).add(z).sum().backward();
        assertValues(new double[] {6, 12}, y.grad());   // d(y^2)/dy = 2y
        assertNull(z.grad(), "no retainGrad: no .grad on a non-leaf");
        assertValues(new double[] {3 * 6 + 4, 3 * 12 + 4}, x.grad());
        var e = assertThrows(RuntimeException.class, () -> x.detach().retainGrad());
        assertEquals("can't retain_grad on Tensor that has requires_grad=False", e.getMessage());
    }

    @Test
    void detachSharesDataOutsideTheGraph() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        Tensor d = y.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertNull(d.gradFn());
        d.fill_(7.0);
        assertValues(new double[] {7, 7}, y);
        // detach_ turns a non-leaf into a leaf that does not require grad
        Tensor w = x.mul(3.0);
        w.detach_();
        assertTrue(w.isLeaf());
        assertFalse(w.requiresGrad());
        Tensor view = x.mul(2.0).select(0, 0);
        var e = assertThrows(RuntimeException.class, view::detach_);
        assertTrue(e.getMessage().contains("Can't detach views in-place. Use detach() instead."), e.getMessage());
    }

    @Test
    void requiresGradFlagsFollowPyTorch() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        assertFalse(y.isLeaf());
        y.requiresGrad_(true); // no-op on a non-leaf that already requires grad
        var e = assertThrows(RuntimeException.class, () -> y.requiresGrad_(false));
        assertTrue(e.getMessage().contains("you can only change requires_grad flags of leaf variables. If you want to use a "
                + "computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."),
                e.getMessage());
        var i = assertThrows(RuntimeException.class, () -> Torch.arange(3).requiresGrad_(true));
        assertTrue(i.getMessage().contains("only Tensors of floating point and complex dtype can require gradients"), i.getMessage());
        Tensor z = Torch.zeros(shape(2), Torch.requiresGrad(true));
        assertTrue(z.requiresGrad() && z.isLeaf());
        // a leaf stops recording when requires_grad is switched off
        x.requiresGrad_(false);
        assertFalse(x.mul(2.0).requiresGrad());
    }

    // ------------------------------------------------------------------------------------------- grad modes

    @Test
    void gradModesNestAndRestore() {
        Tensor x = leaf(1);
        assertTrue(isGradEnabled());
        try (var a = noGrad()) {
            assertFalse(isGradEnabled());
            assertFalse(x.mul(2.0).requiresGrad());
            try (var b = enableGrad()) {
                assertTrue(isGradEnabled());
                assertTrue(x.mul(2.0).requiresGrad());
                try (var c = setGradEnabled(false)) {
                    assertFalse(x.mul(2.0).requiresGrad());
                }
                assertTrue(x.mul(2.0).requiresGrad());
            }
            assertFalse(x.mul(2.0).requiresGrad());
        }
        assertTrue(x.mul(2.0).requiresGrad());
        try (var m = inferenceMode()) {
            assertTrue(isInferenceModeEnabled());
            assertFalse(isGradEnabled());
            assertFalse(x.mul(2.0).requiresGrad());
        }
        assertFalse(isInferenceModeEnabled());
        try (var s = setGradEnabled(false)) {
            assertFalse(x.exp().requiresGrad());
        }
        assertTrue(isGradEnabled());
    }

    @Test
    void gradModeIsThreadLocal() throws InterruptedException {
        Tensor x = leaf(1);
        AtomicReference<Boolean> other = new AtomicReference<>();
        try (var g = noGrad()) {
            Thread t = new Thread(() -> other.set(x.mul(2.0).requiresGrad()));
            t.start();
            t.join();
            assertFalse(x.mul(2.0).requiresGrad());
        }
        assertTrue(other.get(), "another thread still records while this one is in no_grad");
    }

    // ------------------------------------------------------------------------------------------- hooks

    @Test
    void hooksSeeAndReplaceGradientsAndCanBeRemoved() {
        Tensor x = leaf(1, 2);
        List<String> seen = new ArrayList<>();
        var onLeaf = x.registerHook(g -> {
            seen.add("leaf " + g);
            return null;
        });
        Tensor y = x.mul(3.0);
        var onY = y.registerHook(g -> g.mul(10.0));
        y.sum().backward();
        assertValues(new double[] {30, 30}, x.grad());
        assertEquals(List.of("leaf tensor([30., 30.], dtype=torch.float64)"), seen);
        onY.remove();
        onLeaf.close();
        x.setGrad(null);
        Tensor y2 = x.mul(3.0);
        y2.sum().backward();
        assertValues(new double[] {3, 3}, x.grad());
        assertEquals(1, seen.size(), "removed hooks are not called");
        var e = assertThrows(RuntimeException.class, () -> tensor(new double[] {1}).registerHook(g -> g));
        assertEquals("cannot register a hook on a tensor that doesn't require gradient", e.getMessage());
    }

    // ------------------------------------------------------------------------------------------- autograd.grad

    @Test
    void autogradGradComputesHigherDerivativesWithoutTouchingDotGrad() {
        Tensor x = leaf(1, 2, -3);
        Tensor y = x.pow(3L).sum();
        Tensor dy = autograd().grad(new Tensor[] {y}, new Tensor[] {x}, null, false, true, false)[0];
        assertValues(new double[] {3, 12, 27}, dy); // 3x^2
        assertTrue(dy.requiresGrad(), "create_graph: the gradient has a graph of its own");
        Tensor d2 = autograd().grad(dy.sum(), x);
        assertValues(new double[] {6, 12, -18}, d2); // 6x
        assertNull(x.grad(), "autograd.grad does not accumulate into .grad");
        assertFalse(d2.requiresGrad());
    }

    @Test
    void autogradGradStopsAtANonLeafInputAndLeavesItsHistoryUsable() {
        // PyTorch: autograd.grad(z, y) for y = x * x does not run y's grad_fn, so y's graph is still there after it
        Tensor x = leaf(1, 2, -3);
        Tensor y = x.mul(x);
        Tensor z = y.mul(3.0).sum();
        assertValues(new double[] {3, 3, 3}, autograd().grad(z, y));
        assertNull(x.grad(), "nothing flowed past y");
        y.sum().backward();
        assertValues(new double[] {2, 4, -6}, x.grad());
    }

    @Test
    void autogradGradUnusedInputs() {
        Tensor a = leaf(1, 2);
        Tensor z = leaf(1);
        var e = assertThrows(RuntimeException.class, () -> autograd().grad(new Tensor[] {a.mul(2.0).sum()}, new Tensor[] {a, z}));
        assertEquals("One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if "
                + "this is the desired behavior.", e.getMessage());
        Tensor[] g = autograd().grad(new Tensor[] {a.mul(2.0).sum()}, new Tensor[] {a, z}, null, false, false, true);
        assertValues(new double[] {2, 2}, g[0]);
        assertNull(g[1]);
        var nonScalar = assertThrows(RuntimeException.class, () -> autograd().grad(a.mul(2.0), a));
        assertEquals("grad can be implicitly created only for scalar outputs", nonScalar.getMessage());
        Tensor[] withGrad = autograd().grad(new Tensor[] {a.mul(2.0)}, new Tensor[] {a},
                new Tensor[] {fromArray(new double[] {1, -1})}, false, false, false);
        assertValues(new double[] {2, -2}, withGrad[0]);
    }

    @Test
    void gradientsOfAnotherDtypeAreCastBackToTheInputs() {
        Tensor x = Torch.ones(shape(2), dtype(DType.FLOAT32)).requiresGrad_(true);
        x.to(DType.FLOAT64).mul(fromArray(new double[] {0.5, 0.25})).sum().backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertArrayEquals(new float[] {0.5f, 0.25f}, x.grad().toFloatArray());
        assertNotNull(x.grad());
    }
}
