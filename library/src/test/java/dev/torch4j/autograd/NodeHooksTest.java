package dev.torch4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;

import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** grad_fn.register_hook and register_prehook against goldens/node_hooks.json (scripts/goldens/node_hooks_goldens.py). */
class NodeHooksTest {
    private static final Map<String, JsonObject> CASES =
            Golden.cases("node_hooks").stream().collect(Collectors.toMap(c -> c.get("name").getAsString(), c -> c));
    private static final Tensor X = Golden.tensor(CASES.get("inputs").getAsJsonObject("x"));
    private static final Tensor W = Golden.tensor(CASES.get("inputs").getAsJsonObject("w"));

    private static Tensor leaf(Tensor t) { return t.clone().requiresGrad_(true); }

    private static void assertTensors(com.google.gson.JsonArray want, Tensor[] got, String what) {
        assertEquals(want.size(), got.length, what);
        for (int i = 0; i < got.length; i++) Golden.assertClose(Golden.tensor(want.get(i).getAsJsonObject()), got[i], what + " " + i);
    }

    @Test
    void postHookSeesBothSidesAndReplacesTheInputGradients() {
        JsonObject c = CASES.get("register_hook replaces grad_inputs");
        Tensor x = leaf(X), w = leaf(W);
        Tensor y = x.mul(w);
        assertEquals(c.get("node").getAsString(), y.gradFn().name());
        List<Tensor[]> seen = new ArrayList<>();
        y.gradFn().registerHook((gradInputs, gradOutputs) -> {
            seen.add(gradInputs);
            seen.add(gradOutputs);
            return new Tensor[] {gradInputs[0], gradInputs[1].mul(2)};
        });
        y.mul(y).sum().backward();
        assertTensors(c.getAsJsonArray("seen_inputs"), seen.get(0), "grad_inputs");
        assertTensors(c.getAsJsonArray("seen_outputs"), seen.get(1), "grad_outputs");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("x_grad")), x.grad(), "x.grad");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("w_grad")), w.grad(), "w.grad");
    }

    @Test
    void postHookSeesNullForAnInputThatNeedsNoGradient() {
        JsonObject c = CASES.get("register_hook sees None");
        Tensor x = leaf(X);
        Tensor y = x.mul(W);
        boolean[] none = new boolean[2];
        y.gradFn().registerHook((gi, go) -> {
            for (int i = 0; i < gi.length; i++) none[i] = gi[i] == null;
            return null;
        });
        y.sum().backward();
        for (int i = 0; i < 2; i++) assertEquals(c.getAsJsonArray("none").get(i).getAsBoolean(), none[i], "grad_inputs[" + i + "] is null");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("x_grad")), x.grad(), "x.grad");
    }

    @Test
    void preHookReplacesTheOutputGradientsAndHandlesRemove() {
        JsonObject c = CASES.get("register_prehook replaces grad_outputs");
        Tensor x = leaf(X), w = leaf(W);
        Tensor y = x.mul(w);
        var handle = y.gradFn().registerPrehook(go -> new Tensor[] {go[0].mul(3)});
        y.mul(y).sum().backward(null, true, false);
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("x_grad")), x.grad(), "x.grad");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("w_grad")), w.grad(), "w.grad");
        // removed: the same backward again adds the plain gradient, a third of the hooked one
        Tensor hooked = x.grad().clone();
        handle.remove();
        x.setGrad(null);
        y.mul(y).sum().backward();
        Golden.assertClose(hooked.div(3), x.grad(), "without the hook");
    }

    @Test
    void aHookReturningTheWrongNumberOfGradientsIsAnError() {
        Tensor x = leaf(X), w = leaf(W);
        Tensor y = x.mul(w);
        y.gradFn().registerHook((gi, go) -> new Tensor[] {gi[0]});
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("hook of MulBackward0 has returned an incorrect number of values (got 1, but expected 2)"),
                e.getMessage());
        assertNull(w.grad());
    }

    @Test
    void metadataIsAMapPerNode() {
        Tensor y = leaf(X).exp();
        y.gradFn().metadata().put("layer", "fc1");
        assertEquals("fc1", y.gradFn().metadata().get("layer"));
        assertTrue(leaf(X).exp().gradFn().metadata().isEmpty());
    }
}
