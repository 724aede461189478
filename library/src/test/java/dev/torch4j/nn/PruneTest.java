package dev.torch4j.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nn.utils.prune against PyTorch (scripts/goldens/prune_goldens.py): masks, state dicts, outputs, gradients, removal. */
class PruneTest {
    private record Case(Supplier<Module> make, Consumer<Module> prune) {}

    private static Case of(String name) {
        return switch (name) {
            case "l1" -> new Case(() -> new Linear(4, 5), m -> Prune.l1Unstructured(m, "weight", 0.3));
            case "l1_count" -> new Case(() -> new Linear(4, 5), m -> Prune.l1Unstructured(m, "weight", 3L));
            case "l1_twice" -> new Case(() -> new Linear(4, 5), m -> Prune.l1Unstructured(Prune.l1Unstructured(m, "weight", 0.3), "weight", 0.5));
            case "random" -> new Case(() -> new Linear(4, 5), m -> Prune.randomUnstructured(m, "weight", 0.4));
            case "ln_then_random_structured" -> new Case(() -> new Conv2d(2, 4, 3),
                    m -> Prune.randomStructured(Prune.lnStructured(m, "weight", 0.5, 2, 0), "weight", 0.5, 1));
            case "ln_structured_l1_dim1" -> new Case(() -> new Linear(6, 3), m -> Prune.lnStructured(m, "weight", 2L, 1, 1));
            case "custom_then_l1" -> new Case(() -> new Linear(3, 2), m -> Prune.l1Unstructured(
                    Prune.customFromMask(m, "weight", tensor(new float[][] {{1, 0, 1}, {0, 1, 1}})), "weight", 0.5));
            case "bias_and_remove" -> new Case(() -> new Linear(4, 3),
                    m -> Prune.remove(Prune.l1Unstructured(Prune.l1Unstructured(m, "bias", 0.34), "weight", 0.5), "weight"));
            case "global_l1" -> new Case(() -> new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2)), m -> {
                Sequential s = (Sequential) m;
                Prune.globalUnstructured(List.of(Map.entry(s.get(0), "weight"), Map.entry(s.get(2), "weight")), false, 0.5);
            });
            default -> throw new AssertionError(name);
        };
    }

    @Test
    void matchesPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("prune")) {
            String name = c.get("name").getAsString();
            manualSeed(0);
            Case k = of(name);
            Module m = k.make().get();
            k.prune().accept(m);
            Map<String, Tensor> sd = m.stateDict();
            List<String> keys = new ArrayList<>();
            for (JsonElement e : c.getAsJsonArray("state_dict")) keys.add(e.getAsJsonArray().get(0).getAsString());
            assertEquals(keys, new ArrayList<>(sd.keySet()), name + " keys");
            for (JsonElement e : c.getAsJsonArray("state_dict")) {
                JsonArray kv = e.getAsJsonArray();
                Golden.assertClose(Golden.tensor(kv.get(1).getAsJsonObject()), sd.get(kv.get(0).getAsString()), 1e-6, 1e-7, name + " " + kv.get(0));
            }
            Tensor y = m.call(Golden.tensor(c.getAsJsonObject("input")));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("output")), y.detach(), 1e-5, 1e-6, name + " output");
            y.sum().backward();
            Map<String, Tensor> params = m.namedParameters();
            for (JsonElement e : c.getAsJsonArray("grads")) {
                JsonArray kv = e.getAsJsonArray();
                Golden.assertClose(Golden.tensor(kv.get(1).getAsJsonObject()), params.get(kv.get(0).getAsString()).grad(), 1e-5, 1e-6,
                        name + " grad " + kv.get(0));
            }
            n++;
        }
        assertEquals(9, n);
    }

    @Test
    void removeKeepsTheParameterObjectAndErrorsAreClear() {
        Linear m = new Linear(3, 3);
        Tensor w = m.weight;
        Prune.l1Unstructured(m, "weight", 0.5);
        assertTrue(Prune.isPruned(m));
        Prune.remove(m, "weight");
        assertFalse(Prune.isPruned(m));
        assertSame(w, m.weight);
        assertEquals(4, (int) w.eq(0.0).sum().item(), "round(0.5 * 9): Python rounds 4.5 half to even, 4 entries pruned");
        var e = assertThrows(IllegalArgumentException.class, () -> Prune.l1Unstructured(new Linear(2, 2), "weight", 1.5));
        assertEquals("amount=1.5 should either be a float in the range [0, 1] or a non-negative integer", e.getMessage());
        var big = assertThrows(IllegalArgumentException.class, () -> Prune.l1Unstructured(new Linear(2, 2), "weight", 5L));
        assertEquals("amount=5 should be smaller than the number of parameters to prune=4", big.getMessage());
        var flat = assertThrows(IllegalArgumentException.class, () -> Prune.lnStructured(new Linear(2, 2), "bias", 0.5, 2, 0));
        assertEquals("Structured pruning can only be applied to multidimensional tensors. Found tensor of shape torch.Size([2]) with 1 dims",
                flat.getMessage());
    }
}
