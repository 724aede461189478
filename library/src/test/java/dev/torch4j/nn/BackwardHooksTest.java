package dev.torch4j.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Module full backward hooks and pre-hooks against PyTorch (scripts/goldens/backward_hooks_goldens.py). */
class BackwardHooksTest {
    @Test
    void fullBackwardHooksSeeAndReplaceWhatPyTorchsDo() {
        for (JsonObject c : Golden.cases("backward_hooks")) {
            String name = c.get("name").getAsString();
            manualSeed(3);
            Linear lin = new Linear(3, 2);
            Sequential net = new Sequential(lin, new Tanh());
            Tensor x = Golden.tensor(c.getAsJsonObject("x"));
            if (!name.equals("no_input_grad")) x.requiresGrad_(true);
            Tensor w = Golden.tensor(c.getAsJsonObject("w"));
            List<Tensor[]> seen = new ArrayList<>();
            lin.registerFullBackwardHook((m, gin, gout) -> {
                seen.add(gin);
                seen.add(gout);
                if (!name.equals("double")) return null;
                Tensor[] r = new Tensor[gin.length];
                for (int i = 0; i < r.length; i++) r[i] = gin[i] == null ? null : gin[i].mul(2.0);
                return r;
            });
            net.call(x).mul(w).sum().backward();
            assertEquals(2, seen.size(), name + ": the hook ran once");
            JsonArray gin = c.getAsJsonObject("seen").getAsJsonArray("grad_input");
            if (gin.get(0).isJsonNull()) assertNull(seen.get(0)[0], name);
            else Golden.assertClose(Golden.tensor(gin.get(0).getAsJsonObject()), seen.get(0)[0], 1e-6, 1e-7, name + " grad_input");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("seen").getAsJsonArray("grad_output").get(0).getAsJsonObject()), seen.get(1)[0],
                    1e-6, 1e-7, name + " grad_output");
            if (c.get("x_grad").isJsonNull()) assertNull(x.grad(), name);
            else Golden.assertClose(Golden.tensor(c.getAsJsonObject("x_grad")), x.grad(), 1e-6, 1e-7, name + " x.grad");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("weight_grad")), lin.weight.grad(), 1e-6, 1e-7, name + " weight grad");
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("bias_grad")), lin.bias.grad(), 1e-6, 1e-7, name + " bias grad");
        }
    }

    @Test
    void preHooksCanReplaceTheOutputGradientAndHandlesRemoveHooks() {
        manualSeed(3);
        Linear lin = new Linear(3, 2);
        Tensor x = randn(4, 3).requiresGrad_(true);
        lin.call(x).sum().backward();
        Tensor plain = x.grad().clone();
        x.setGrad(null);
        lin.zeroGrad();
        var handle = lin.registerFullBackwardPreHook((m, gout) -> new Tensor[] {gout[0].mul(3.0)});
        lin.call(x).sum().backward();
        Golden.assertClose(plain.mul(3.0), x.grad(), 1e-6, 1e-7, "the pre-hook's output gradient reached the input");
        handle.close();
        x.setGrad(null);
        lin.call(x).sum().backward();
        Golden.assertClose(plain, x.grad(), 1e-6, 1e-7, "removed");
        try (var g = noGrad()) {
            lin.registerFullBackwardHook((m, gin, gout) -> {
                throw new AssertionError("no backward without grad");
            });
            lin.call(x);
        }
    }
}
