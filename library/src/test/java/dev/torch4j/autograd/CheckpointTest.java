package dev.torch4j.autograd;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.nn.Tanh;
import dev.torch4j.nn.Utils;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * torch.utils.checkpoint: outputs, gradients, printed grad_fn and the generator's state afterwards against PyTorch
 * (scripts/goldens/checkpoint_goldens.py), bit-equality with the same step run without checkpointing, gradcheck and
 * gradgradcheck, the activations actually being dropped, and PyTorch's errors.
 */
class CheckpointTest {
    private static final Checkpoint.Options REENTRANT = Checkpoint.options().useReentrant(true);

    private static Sequential net(DType dtype) {
        Sequential m = new Sequential(new Linear(6, 8), new Tanh(), new Dropout(0.3), new Linear(8, 8), new ReLU(), new Dropout(0.2),
                new Linear(8, 3));
        m.to(dtype);
        return m;
    }

    private static Tensor run(Sequential m, int from, int to, Tensor x) {
        for (int i = from; i <= to; i++) x = m.get(i).call(x);
        return x;
    }

    /** The forward each golden case runs, by name; {@code inner} receives the checkpointed call's own output. */
    private static BiFunction<Sequential, Tensor, Tensor> variant(String name, List<Tensor> inner) {
        Checkpoint.Options o = name.contains("_reentrant") ? REENTRANT : Checkpoint.options();
        if (name.equals("plain")) return Module::call;
        if (name.startsWith("head")) {
            return (m, x) -> {
                Tensor h = Checkpoint.checkpoint(o, t -> run(m, 0, 2, t), x);
                inner.add(h);
                return run(m, 3, 6, h);
            };
        }
        if (name.startsWith("sequential")) {
            int segments = name.charAt("sequential".length()) - '0';
            return (m, x) -> Utils.checkpointSequential(m, segments, x, o);
        }
        if (name.startsWith("two_inputs")) {
            return (m, x) -> {
                Tensor h = m.get(0).call(x);
                Tensor[] pq = Checkpoint.checkpointMulti(o, in -> new Tensor[] {in[0].tanh().mul(in[1]), in[0].sub(in[1]).relu()}, h, h.flip(0));
                return run(m, 3, 6, pq[0].add(pq[1].mul(0.5)));
            };
        }
        throw new AssertionError(name);
    }

    @Test
    void matchesPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("checkpoint")) {
            String name = c.get("name").getAsString();
            DType dtype = Golden.dtype(c.get("dtype").getAsString());
            double rtol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
            double atol = dtype == DType.FLOAT64 ? 1e-14 : 1e-6;
            manualSeed(c.get("seed").getAsLong());
            Sequential m = net(dtype);
            Tensor x = randn(shape(4, 6), dtype(dtype)).requiresGrad_(c.get("x_requires_grad").getAsBoolean());
            List<Tensor> inner = new ArrayList<>();
            Tensor y = variant(name, inner).apply(m, x);
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("output")), y.detach(), rtol, atol, name + " output");
            assertEquals(c.get("grad_fn").getAsString(), y.gradFn().name(), name + " grad_fn");
            if (!c.get("checkpoint_grad_fn").isJsonNull()) {
                assertEquals(c.get("checkpoint_grad_fn").getAsString(), inner.get(0).gradFn().name(), name + " checkpoint's grad_fn");
            }
            y.mul(y).sum().backward();
            if (c.get("x_grad").isJsonNull()) assertNull(x.grad(), name);
            else Golden.assertClose(Golden.tensor(c.getAsJsonObject("x_grad")), x.grad(), rtol, atol, name + " x.grad");
            Map<String, Tensor> params = m.namedParameters();
            JsonArray grads = c.getAsJsonArray("grads");
            assertEquals(grads.size(), params.size());
            for (JsonElement e : grads) {
                String k = e.getAsJsonArray().get(0).getAsString();
                JsonElement g = e.getAsJsonArray().get(1);
                if (g.isJsonNull()) assertNull(params.get(k).grad(), name + " " + k + " gets no gradient");
                else Golden.assertClose(Golden.tensor(g.getAsJsonObject()), params.get(k).grad(), rtol, atol, name + " grad " + k);
            }
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("next_draw")), rand(shape(3), dtype(DType.FLOAT64)), name + " next draw");
            n++;
        }
        assertEquals(12, n);
    }

    /** One training step with and without checkpointing: the same bits everywhere, the generator included. */
    @Test
    void sameBitsAsTheUncheckedStep() {
        for (String name : List.of("head_nonreentrant", "head_reentrant", "sequential3_nonreentrant", "sequential2_reentrant")) {
            double[][] plain = step("plain");
            double[][] checked = step(name);
            assertEquals(plain.length, checked.length);
            for (int i = 0; i < plain.length; i++) assertArrayEquals(plain[i], checked[i], 0.0, name + " array " + i);
        }
    }

    private static double[][] step(String name) {
        manualSeed(11);
        Sequential m = net(DType.FLOAT64);
        Tensor x = randn(shape(4, 6), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor y = variant(name, new ArrayList<>()).apply(m, x);
        y.mul(y).sum().backward();
        List<double[]> out = new ArrayList<>();
        out.add(y.toDoubleArray());
        out.add(x.grad().toDoubleArray());
        for (Tensor p : m.parameters()) out.add(p.grad().toDoubleArray());
        out.add(rand(shape(1), dtype(DType.FLOAT64)).toDoubleArray());
        return out.toArray(double[][]::new);
    }

    @Test
    void gradcheckAndGradgradcheckThroughBothForms() {
        manualSeed(3);
        Tensor a = randn(shape(3, 4), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor w = randn(shape(4, 2), dtype(DType.FLOAT64)).requiresGrad_(true);
        java.util.function.Function<Tensor[], Tensor[]> body = in -> new Tensor[] {in[0].tanh().mm(in[1]).sigmoid().mul(in[0].sum())};
        assertTrue(GradCheck.gradcheck(in -> Checkpoint.checkpointMulti(body, in)[0], a, w));
        // (the reentrant form refuses autograd.grad, which gradcheck uses, as in PyTorch; the goldens and the
        // bit-equality test check its gradients)
        // non-reentrant under create_graph recomputes from the inputs themselves, so second derivatives are right too
        assertTrue(GradCheck.gradgradcheck(in -> Checkpoint.checkpointMulti(body, in)[0], a, w));
        // a parameter the function closes over (no input edge) still gets second derivatives
        assertTrue(GradCheck.gradgradcheck(in -> Checkpoint.checkpoint(t -> t.tanh().mm(w).pow(2L), in[0]), a));
    }

    @Test
    void autogradGradWorksWithoutReentryAndIsRefusedWithIt() {
        Tensor a = tensor(new double[] {0.5, -1, 2}, dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor y = Checkpoint.checkpoint(t -> t.exp().mul(t), a).sum();
        Tensor g = autograd().grad(y, a);
        double[] v = {0.5, -1, 2};
        for (int i = 0; i < 3; i++) assertEquals(Math.exp(v[i]) * (1 + v[i]), g.toDoubleArray()[i], 1e-12);
        assertNull(a.grad());
        Tensor r = Checkpoint.checkpoint(REENTRANT, t -> t.exp().mul(t), a).sum();
        var e = assertThrows(IllegalStateException.class, () -> autograd().grad(r, a));
        assertEquals("When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad() or passing an `inputs` parameter "
                + "to .backward(). To resolve this error, you can either set use_reentrant=False, or call .backward() without "
                + "passing the `inputs` argument.", e.getMessage());
    }

    /** The point of it: what the checkpointed call saved for backward is garbage once the call returns. */
    @Test
    void activationsInsideTheCallAreNotKept() {
        Tensor x = randn(shape(64, 64), dtype(DType.FLOAT64)).requiresGrad_(true);
        List<WeakReference<Tensor>> seen = new ArrayList<>();
        java.util.function.UnaryOperator<Tensor> body = t -> {
            Tensor h = t.tanh(); // tanh saves its output for backward
            seen.add(new WeakReference<>(h));
            return h.sin();
        };
        Tensor plain = body.apply(x);
        Tensor checked = Checkpoint.checkpoint(body, x);
        assertTrue(collected(seen.get(1)), "checkpointed: the intermediate is unreachable");
        assertFalse(collected(seen.get(0)), "unchecked: the graph keeps the intermediate");
        plain.sum().backward();
        Tensor g = x.grad().clone();
        x.setGrad(null);
        checked.sum().backward();
        assertArrayEquals(g.toDoubleArray(), x.grad().toDoubleArray(), 0.0);
        assertEquals(1, checked.gradFn().nextFunctions().length, "one edge: the input's accumulator");
    }

    private static boolean collected(WeakReference<Tensor> ref) {
        for (int i = 0; i < 20 && ref.get() != null; i++) System.gc();
        return ref.get() == null;
    }

    @Test
    void secondBackwardNeedsRetainGraphAndRetainedGraphsRunTwice() {
        Tensor a = tensor(new double[] {1, 2}).requiresGrad_(true);
        for (Checkpoint.Options o : List.of(Checkpoint.options(), REENTRANT)) {
            a.setGrad(null);
            Tensor y = Checkpoint.checkpoint(o, t -> t.pow(3L), a).sum();
            y.backward(null, true, false);
            y.backward();
            assertArrayEquals(new double[] {6, 24}, a.grad().toDoubleArray(), 1e-12, o.toString());
            var e = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(e.getMessage().startsWith("Trying to backward through the graph a second time"), e.getMessage());
        }
    }

    @Test
    void recomputationWithOtherShapesIsAnError() {
        AtomicInteger calls = new AtomicInteger();
        Tensor a = ones(shape(4), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor y = Checkpoint.checkpoint(t -> calls.getAndIncrement() == 0 ? t.mul(2.0) : t.narrow(0, 0, 2), a);
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertEquals("torch.utils.checkpoint: Recomputed values for the following tensors have different metadata than during "
                + "the forward pass.\noutput 0:\nsaved metadata: {'shape': torch.Size([4]), 'dtype': torch.float64, 'device': cpu}\n"
                + "recomputed metadata: {'shape': torch.Size([2]), 'dtype': torch.float64, 'device': cpu}", e.getMessage());
    }

    @Test
    void inputsChangedInPlaceBeforeBackwardAreDetected() {
        Tensor a = ones(shape(3), dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor b = a.mul(2.0);
        Tensor y = Checkpoint.checkpoint(t -> t.exp(), b).sum();
        b.add_(1.0);
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().startsWith("one of the variables needed for gradient computation has been modified by an inplace "
                + "operation"), e.getMessage());
    }

    @Test
    void noGradRunsTheFunctionOnceWithoutHistory() {
        AtomicInteger calls = new AtomicInteger();
        Tensor a = ones(shape(2)).requiresGrad_(true);
        try (var g = noGrad()) {
            Tensor y = Checkpoint.checkpoint(t -> {
                calls.incrementAndGet();
                return t.mul(3.0);
            }, a);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
        }
        assertEquals(1, calls.get());
    }

    @Test
    void checkpointSequentialChecksItsSegments() {
        Sequential m = net(DType.FLOAT32);
        Tensor x = randn(2, 6);
        var e = assertThrows(IllegalArgumentException.class, () -> Utils.checkpointSequential(m, 8, x));
        assertEquals("checkpoint_sequential: segments must be between 1 and the number of functions (7), got 8", e.getMessage());
        m.eval();
        Tensor y = Utils.checkpointSequential(m, 1, x); // one segment: nothing is checkpointed
        assertEquals("AddmmBackward0", y.gradFn().name());
        assertArrayEquals(m.call(x).toFloatArray(), y.toFloatArray(), 0f);
    }

    @Test
    void onCudaTheDeviceGeneratorIsReplayedToo() {
        Assumptions.assumeTrue(Torch.cuda().isAvailable(), "no CUDA device");
        for (Checkpoint.Options o : List.of(Checkpoint.options(), REENTRANT)) {
            double[][] grads = new double[2][];
            for (int k = 0; k < 2; k++) {
                manualSeed(5);
                Sequential m = net(DType.FLOAT32);
                m.to(Device.cuda(0));
                Tensor x = randn(shape(4, 6), device(Device.cuda(0))).requiresGrad_(true);
                Tensor y = k == 0 ? m.call(x) : run(m, 3, 6, Checkpoint.checkpoint(o, t -> run(m, 0, 2, t), x));
                y.mul(y).sum().backward();
                grads[k] = x.grad().cpu().toDoubleArray();
            }
            assertArrayEquals(grads[0], grads[1], 0.0, o.toString());
        }
    }

    @Test
    void outputsThatNeedNoGradientPassThrough() {
        Tensor a = tensor(new double[] {3, 1, 2}).requiresGrad_(true);
        Tensor[] out = Checkpoint.checkpointMulti(in -> new Tensor[] {in[0].argmax(), in[0].mul(in[0])}, a);
        assertFalse(out[0].requiresGrad());
        assertEquals(0L, out[0].itemLong());
        out[1].sum().backward();
        assertNotNull(a.grad());
        assertArrayEquals(new double[] {6, 2, 4}, a.grad().toDoubleArray(), 0.0);
    }
}
