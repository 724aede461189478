package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.torch4j.Torch.autograd;
import static dev.torch4j.Torch.fromArray;
import static dev.torch4j.Torch.manualSeed;
import static dev.torch4j.Torch.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * torch.autograd.graph.saved_tensors_hooks / save_on_cpu / disable_saved_tensors_hooks. Call counts and the values
 * the hooks see are PyTorch's for the Python beside each case (1.13, except wrapped numbers, which PyTorch 2 no longer
 * packs: saved_variable.cpp "Avoid wrapped numbers from being leaked to the user").
 */
class SavedTensorHooksTest {
    private static Tensor leaf(double... v) { return fromArray(v.clone()).requiresGrad_(true); }

    /** Hooks that log what they see and pass tensors through unchanged. */
    private static final class Log {
        final List<String> calls = new ArrayList<>();

        SavedTensorHooks.Scope open() {
            return autograd().graph().savedTensorsHooks(t -> {
                calls.add("pack " + java.util.Arrays.toString(t.toDoubleArray()));
                return t;
            }, (Tensor t) -> {
                calls.add("unpack " + java.util.Arrays.toString(t.toDoubleArray()));
                return t;
            });
        }

        List<String> take() {
            List<String> c = List.copyOf(calls);
            calls.clear();
            return c;
        }
    }

    private record Case(String name, UnaryOperator<Tensor> f, List<String> packed, double[] grad) {}

    /** PyTorch lets pack return None: unpack then gets None and supplies the tensor (here from the caller). */
    @Test
    void packMayReturnNull() {
        Tensor x = Torch.tensor(new double[] {1, 2, 3}).requiresGrad_(true);
        Tensor kept = x.detach();
        Tensor y;
        try (var h = autograd().graph().savedTensorsHooks(t -> null, (Object o) -> o == null ? kept : null)) {
            y = x.pow(2);
        }
        y.sum().backward();
        Golden.assertExact(kept.mul(2), x.grad(), "gradient through a null pack");
    }

    @Test
    void packAndUnpackSeeWhatPyTorchsNodesSave() {
        // x = torch.tensor([1., 2., 3.], requires_grad=True); with saved_tensors_hooks(pack, unpack): y = f(x)
        // then y.sum().backward(): unpack is called once for each pack, with the same values
        String x = "[1.0, 2.0, 3.0]";
        List<Case> cases = List.of(
                new Case("x.pow(2)", t -> t.pow(2.0), List.of(x), new double[] {2, 4, 6}),
                new Case("x * x", t -> t.mul(t), List.of(x, x), new double[] {2, 4, 6}),
                new Case("x.sqrt()", Tensor::sqrt, List.of("[1.0, 1.4142135623730951, 1.7320508075688772]"),
                        new double[] {0.5, 0.35355339059327373, 0.28867513459481287}),
                new Case("x.exp()", Tensor::exp, List.of("[2.718281828459045, 7.38905609893065, 20.085536923187668]"),
                        new double[] {Math.E, Math.exp(2), Math.exp(3)}),
                new Case("x.sin()", Tensor::sin, List.of(x), new double[] {Math.cos(1), Math.cos(2), Math.cos(3)}),
                new Case("x * 3", t -> t.mul(3.0), List.of(), new double[] {3, 3, 3}), // 1.13 packs the 3; PyTorch 2 not
                new Case("x + x", t -> t.add(t), List.of(), new double[] {2, 2, 2}),
                // PowBackward1 saves self, exponent, result: x^x (ln x + 1)
                new Case("x.pow(x)", t -> t.pow(t), List.of(x, x, "[1.0, 4.0, 27.0]"),
                        new double[] {1, 4 * (Math.log(2) + 1), 27 * (Math.log(3) + 1)}),
                new Case("x * c", t -> t.mul(fromArray(new double[] {4, 5, 6})), List.of("[4.0, 5.0, 6.0]"), new double[] {4, 5, 6}));
        Log log = new Log();
        for (Case c : cases) {
            Tensor leaf = leaf(1, 2, 3);
            Tensor y;
            try (var h = log.open()) {
                y = c.f().apply(leaf);
            }
            assertEquals(c.packed().stream().map(v -> "pack " + v).toList(), log.take(), c.name());
            y.sum().backward();
            assertEquals(c.packed().stream().map(v -> "unpack " + v).toList(), log.take(), c.name());
            assertArrayEquals(c.grad(), leaf.grad().toDoubleArray(), 1e-12, c.name());
            Tensor plain = leaf(1, 2, 3);
            c.f().apply(plain).sum().backward();
            assertArrayEquals(plain.grad().toDoubleArray(), leaf.grad().toDoubleArray(), 0, c.name() + ": as without hooks");
        }
    }

    @Test
    void unpackRunsInTheOrderSaved() {
        // y = a * b: pack a, pack b; backward: unpack a, unpack b
        Tensor a = leaf(1, 2), b = leaf(3, 4);
        Log log = new Log();
        Tensor y;
        try (var h = log.open()) {
            y = a.mul(b);
        }
        y.sum().backward();
        assertEquals(List.of("pack [1.0, 2.0]", "pack [3.0, 4.0]", "unpack [1.0, 2.0]", "unpack [3.0, 4.0]"), log.take());
        assertArrayEquals(new double[] {3, 4}, a.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {1, 2}, b.grad().toDoubleArray(), 0);
    }

    @Test
    void customFunctionsSaveThroughTheHooks() {
        // ctx.save_for_backward(y) in MyExp.forward: pack once with exp(x), unpack once in backward
        Tensor x = leaf(0, 1);
        Log log = new Log();
        Tensor y;
        try (var h = log.open()) {
            y = new FunctionTest.MyExp().apply(x);
        }
        assertEquals(List.of("pack [1.0, 2.718281828459045]"), log.take());
        y.sum().backward();
        assertEquals(List.of("unpack [1.0, 2.718281828459045]"), log.take());
        assertArrayEquals(new double[] {1, Math.E}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void theInnermostPairApplies() {
        // with H(outer): with H(inner): x.sin()  -> inner;  then x.cos() -> outer
        Tensor x = leaf(1);
        List<String> seen = new ArrayList<>();
        try (var outer = autograd().graph().savedTensorsHooks(t -> { seen.add("outer"); return t; }, (Tensor t) -> t)) {
            try (var inner = autograd().graph().savedTensorsHooks(t -> { seen.add("inner"); return t; }, (Tensor t) -> t)) {
                x.sin();
            }
            x.cos();
        }
        x.tan(); // no scope open: nothing packed
        assertEquals(List.of("inner", "outer"), seen);
    }

    @Test
    void hooksBelongToTheirThread() throws InterruptedException {
        int[] packs = {0};
        Tensor x = leaf(1, 2);
        try (var h = autograd().graph().savedTensorsHooks(t -> { packs[0]++; return t; }, (Tensor t) -> t)) {
            Thread other = new Thread(() -> x.sin());
            other.start();
            other.join();
        }
        assertEquals(0, packs[0]);
    }

    @Test
    void theUnpackedTensorGetsItsHistoryBackForDoubleBackward() {
        // with H(lambda t: t.detach().clone(), lambda t: t * 1): y = x.pow(3)
        // g = grad(y.sum(), x, create_graph=True) = [3, 12, 27]; grad(g.sum(), x) = 6x = [6, 12, 18]
        Tensor x = leaf(1, 2, 3);
        Tensor y;
        try (var h = autograd().graph().savedTensorsHooks(t -> t.detach().clone(), (Tensor t) -> t.mul(1.0))) {
            y = x.pow(3.0);
        }
        Tensor g = autograd().grad(new Tensor[] {y.sum()}, new Tensor[] {x}, null, true, true, false)[0];
        assertArrayEquals(new double[] {3, 12, 27}, g.toDoubleArray(), 1e-12);
        Tensor g2 = autograd().grad(g.sum(), x);
        assertArrayEquals(new double[] {6, 12, 18}, g2.toDoubleArray(), 1e-12);
        // a saved output (exp's result) reaches its own node again: d2/dx2 exp(x) = exp(x)
        Tensor z = leaf(0, 1);
        Tensor e;
        try (var h = autograd().graph().savedTensorsHooks(t -> t.detach().clone(), (Tensor t) -> t)) {
            e = z.exp();
        }
        Tensor ge = autograd().grad(new Tensor[] {e.sum()}, new Tensor[] {z}, null, true, true, false)[0];
        assertArrayEquals(new double[] {1, Math.E}, autograd().grad(ge.sum(), z).toDoubleArray(), 1e-15);
    }

    @Test
    void retainGraphUnpacksOnEachBackwardAndFreesAfterTheLast() {
        // y = x.sin() under hooks; backward(retain_graph=True); backward() -> unpack called twice; a third backward fails
        Tensor x = leaf(1, 2, 3);
        int[] unpacks = {0};
        Tensor y;
        try (var h = autograd().graph().savedTensorsHooks(t -> t, (Tensor t) -> { unpacks[0]++; return t; })) {
            y = x.sin();
        }
        y.sum().backward(null, true, false);
        y.sum().backward();
        assertEquals(2, unpacks[0]);
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().startsWith("Trying to backward through the graph a second time"), e.getMessage());
    }

    @Test
    void savedTensorsAreFreedAfterBackward() {
        // DESIGN.md §9: what pack returned is dropped by backward; and pack's copy, not the tensor, is what the graph
        // keeps, so an intermediate whose only reference was the graph can go before backward
        Tensor x = leaf(1, 2, 3);
        Object[] refs = new Object[2];
        Tensor y = sinOfTwiceKeepingCopies(x, refs);
        @SuppressWarnings("unchecked") WeakReference<Tensor> mid = (WeakReference<Tensor>) refs[0];
        @SuppressWarnings("unchecked") WeakReference<Object> packed = (WeakReference<Object>) refs[1];
        refs[0] = refs[1] = null;
        assertTrue(collected(mid), "the graph does not keep the tensor pack was given");
        assertNotNull(packed.get(), "the graph keeps what pack returned until backward");
        y.sum().backward();
        assertTrue(collected(packed), "backward drops what pack returned");
        // d/dx sin(2x) = 2 cos(2x)
        assertArrayEquals(new double[] {2 * Math.cos(2), 2 * Math.cos(4), 2 * Math.cos(6)}, x.grad().toDoubleArray(), 1e-15);
    }

    /** {@code sin(2x)} with hooks that pack a copy; refs gets weak references to 2x and to what pack returned. */
    private static Tensor sinOfTwiceKeepingCopies(Tensor x, Object[] refs) {
        try (var s = autograd().graph().savedTensorsHooks(t -> {
            Object[] p = {t.detach().clone()};
            refs[1] = new WeakReference<Object>(p);
            return p;
        }, (Object[] p) -> (Tensor) p[0])) {
            Tensor mid = x.mul(2.0);
            refs[0] = new WeakReference<>(mid);
            return mid.sin();
        }
    }

    private static boolean collected(WeakReference<?> ref) {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.onSpinWait();
        }
        return ref.get() == null;
    }

    @Test
    void saveOnCpuAndCopyingHooksGiveTheSameGradients() {
        // a two-layer MLP with a mean-squared loss: gradients with save_on_cpu, with hooks that keep copies, and with
        // no hooks are identical
        manualSeed(7);
        Tensor in = randn(5, 4), target = randn(5, 2);
        Tensor w1 = randn(4, 8), b1 = randn(8), w2 = randn(8, 2);
        List<List<double[]>> grads = new ArrayList<>();
        for (int mode = 0; mode < 3; mode++) {
            Tensor[] ps = {w1.detach().clone().requiresGrad_(true), b1.detach().clone().requiresGrad_(true),
                    w2.detach().clone().requiresGrad_(true)};
            SavedTensorHooks.Scope scope = switch (mode) {
                case 0 -> null;
                case 1 -> autograd().graph().saveOnCpu();
                default -> autograd().graph().savedTensorsHooks(t -> t.detach().clone(), (Tensor t) -> t);
            };
            Tensor loss;
            try {
                Tensor hidden = in.matmul(ps[0]).add(ps[1]).relu().tanh();
                loss = hidden.matmul(ps[2]).sub(target).pow(2.0).mean();
            } finally {
                if (scope != null) scope.close();
            }
            loss.backward();
            List<double[]> g = new ArrayList<>();
            for (Tensor p : ps) g.add(p.grad().toDoubleArray());
            grads.add(g);
        }
        for (int mode = 1; mode < 3; mode++) {
            for (int i = 0; i < 3; i++) assertArrayEquals(grads.get(0).get(i), grads.get(mode).get(i), 0, "mode " + mode + " param " + i);
        }
    }

    @Test
    void saveOnCpuKeepsCpuTensorsAsTheyAre() {
        // "If the graph was already on CPU, no tensor copy is performed."
        // (pin_memory is accepted; CPU tensors cannot be pinned here)
        Tensor x = leaf(1, 2);
        Tensor y;
        try (var s = autograd().graph().saveOnCpu(true)) {
            y = x.sin();
        }
        var saved = y.gradFn().saved.get(0);
        assertSame(x.storage().memory(), saved.get().storage().memory(), "no copy on the CPU");
        y.sum().backward();
        assertArrayEquals(new double[] {Math.cos(1), Math.cos(2)}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void anInPlaceOpKeepsTheValuesFromBeforeItUnderHooks() {
        // with save_on_cpu(): y = x * 1; y.sin_(); y.sum().backward() -> x.grad = cos(x). On the CPU save_on_cpu keeps
        // the tensor itself, which sin_ then overwrites: the saved values must be the ones from before sin_
        Tensor x = leaf(1, 2);
        try (var s = autograd().graph().saveOnCpu()) {
            Tensor y = x.mul(1.0);
            y.sin_();
            y.sum().backward();
        }
        assertArrayEquals(new double[] {Math.cos(1), Math.cos(2)}, x.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void disablingRefusesHooksWithTheGivenMessage() {
        // with disable_saved_tensors_hooks("no hooks here"): with saved_tensors_hooks(...): -> RuntimeError: no hooks here
        // and the other nesting order fails the same way
        try (var d = autograd().graph().disableSavedTensorsHooks("no hooks here")) {
            var e = assertThrows(IllegalStateException.class, () -> autograd().graph().saveOnCpu());
            assertEquals("no hooks here", e.getMessage());
        }
        try (var h = autograd().graph().saveOnCpu()) {
            var e = assertThrows(IllegalStateException.class, () -> autograd().graph().disableSavedTensorsHooks("no hooks here"));
            assertEquals("no hooks here", e.getMessage());
        }
        try (var h = autograd().graph().saveOnCpu()) {
            assertTrue(SavedTensorHooks.current() != null, "enabled again once the disabling scope closed");
        }
        assertNull(SavedTensorHooks.current());
    }

    @Test
    void hookErrorsUsePyTorchsWords() {
        Tensor x = leaf(1, 2);
        Tensor y;
        try (var h = autograd().graph().savedTensorsHooks(t -> t, (Tensor t) -> null)) {
            y = x.sin();
        }
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertEquals("Output of saved tensor unpack_hook expected to be a Tensor but got result of type null", e.getMessage());
        Tensor b = x.mul(1.0);
        var inPlace = assertThrows(IllegalStateException.class, () -> {
            try (var h = autograd().graph().savedTensorsHooks(t -> t.add_(1.0), (Tensor t) -> t)) {
                b.sin();
            }
        });
        assertTrue(inPlace.getMessage().startsWith("A saved tensor pack hook is modifying its input in place."), inPlace.getMessage());
    }
}
