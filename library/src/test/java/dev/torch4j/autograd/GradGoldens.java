package dev.torch4j.autograd;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Checks one golden-gradient case (written by the grad_*_goldens.py scripts): every output's value and grad_fn
 * name, then the gradients of the leaves for the recorded upstream gradients ("out", "grad_fn", "gout", "grads";
 * single values or arrays for multi-output ops; a null grad_fn means the output is not differentiable).
 */
final class GradGoldens {
    private GradGoldens() {}

    static void check(String name, JsonObject c, Tensor[] outs, Tensor[] leaves, String[] leafNames) {
        boolean multi = c.get("out").isJsonArray();
        JsonArray expOut = multi ? c.getAsJsonArray("out") : single(c.get("out"));
        JsonArray expFn = multi ? c.getAsJsonArray("grad_fn") : single(c.get("grad_fn"));
        JsonArray gout = multi ? c.getAsJsonArray("gout") : single(c.get("gout"));
        if (!multi) outs = new Tensor[] {outs[0]};
        assertEquals(expOut.size(), outs.length, name + ": number of outputs");
        List<Tensor> used = new ArrayList<>(), grads = new ArrayList<>();
        for (int i = 0; i < outs.length; i++) {
            Tensor expected = Golden.tensor(expOut.get(i).getAsJsonObject());
            if (expected.dtype().isFloatingPoint()) Golden.assertClose(expected, outs[i], name + ": output " + i);
            else Golden.assertExact(expected, outs[i], name + ": output " + i);
            if (expFn.get(i).isJsonNull()) {
                assertNull(outs[i].gradFn(), name + ": output " + i + " is not differentiable");
                assertFalse(outs[i].requiresGrad(), name + ": output " + i + " does not require grad");
            } else {
                assertEquals(expFn.get(i).getAsString(), outs[i].gradFn().name(), name + ": grad_fn of output " + i);
            }
            if (!gout.get(i).isJsonNull()) {
                used.add(outs[i]);
                grads.add(Golden.tensor(gout.get(i).getAsJsonObject()));
            }
        }
        Tensor[] g = Torch.autograd().grad(used.toArray(Tensor[]::new), leaves, grads.toArray(Tensor[]::new), false, false, true);
        JsonObject exp = c.getAsJsonObject("grads");
        for (int i = 0; i < leafNames.length; i++) {
            JsonElement e = exp.get(leafNames[i]);
            if (e.isJsonNull()) assertNull(g[i], name + ": no gradient for " + leafNames[i]);
            else Golden.assertClose(Golden.tensor(e.getAsJsonObject()), g[i], name + ": gradient of " + leafNames[i]);
        }
    }

    private static JsonArray single(JsonElement e) {
        JsonArray a = new JsonArray();
        a.add(e);
        return a;
    }
}
