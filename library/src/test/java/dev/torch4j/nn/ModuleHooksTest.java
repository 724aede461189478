package dev.torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** State-dict hooks, global and prepended forward hooks, assign loading and the smaller Module API (module_hooks.json). */
class ModuleHooksTest {
    private static final List<JsonObject> CASES = Golden.cases("module_hooks");

    static final class Inner extends Module {
        Linear lin = new Linear(2, 2);

        Inner() { registerBuffer("count", Torch.zeros(1)); }

        @Override public Tensor forward(Tensor x) { return lin.call(x); }
    }

    static final class Outer extends Module {
        Inner a = new Inner();
        Linear b = new Linear(2, 1);

        @Override public Tensor forward(Tensor x) { return b.call(a.call(x)); }
    }

    private static JsonObject golden(String name) {
        return CASES.stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    private static String nameOf(Module root, Module m) {
        for (var e : root.namedModules().entrySet()) if (e.getValue() == m) return e.getKey().isEmpty() ? "<root>" : e.getKey();
        return "?";
    }

    private static List<Object> row(Object... v) { return List.of(v); }

    @Test
    void stateDictHooksRunInPyTorchsOrderAndSeeWhatItsDo() {
        Torch.manualSeed(0);
        Outer net = new Outer();
        List<List<Object>> log = new ArrayList<>(), pre = new ArrayList<>();
        for (Module m : net.modules()) {
            m.registerStateDictPreHook((mod, prefix, keepVars) -> pre.add(row(nameOf(net, mod), prefix)));
            m.registerStateDictPostHook((mod, sd, prefix) -> log.add(row("save_post", nameOf(net, mod), prefix, sd.size())));
            m.registerLoadStateDictPreHook((mod, sd, prefix, strict, missing, unexpected, errors) ->
                    log.add(row("load_pre", nameOf(net, mod), prefix, strict, missing.size(), unexpected.size())));
            m.registerLoadStateDictPostHook((mod, keys) ->
                    log.add(row("load_post", nameOf(net, mod), List.copyOf(keys.missingKeys()), List.copyOf(keys.unexpectedKeys()))));
        }
        Map<String, Tensor> sd = net.stateDict();
        JsonObject g = golden("state_dict_hooks");
        List<String> keys = new ArrayList<>();
        for (JsonElement k : g.getAsJsonArray("keys")) keys.add(k.getAsString());
        assertEquals(keys, List.copyOf(sd.keySet()));
        sd.remove("a.lin.bias");
        sd.put("extra.w", Torch.zeros(1));
        net.loadStateDict(sd, false);
        net.stateDict();
        List<List<Object>> expected = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("log")) {
            List<Object> r = new ArrayList<>();
            for (JsonElement v : e.getAsJsonArray()) {
                if (v.isJsonArray()) {
                    List<String> l = new ArrayList<>();
                    for (JsonElement s : v.getAsJsonArray()) l.add(s.getAsString());
                    r.add(l);
                } else if (v.getAsJsonPrimitive().isBoolean()) r.add(v.getAsBoolean());
                else if (v.getAsJsonPrimitive().isNumber()) r.add(v.getAsInt());
                else r.add(v.getAsString());
            }
            expected.add(r);
        }
        assertEquals(expected, log);
        // PyTorch 2.x: each module's pre hook runs at the start of its state_dict, parents before children
        assertEquals(List.of(row("<root>", ""), row("a", "a."), row("a.lin", "a.lin."), row("b", "b."),
                row("<root>", ""), row("a", "a."), row("a.lin", "a.lin."), row("b", "b.")), pre);
    }

    @Test
    void hooksEditTheStateDictAndForgiveKeys() {
        Outer net = new Outer();
        JsonObject g = golden("post_hook_forgives");
        Outer other = new Outer();
        other.registerLoadStateDictPostHook((mod, keys) -> keys.missingKeys().remove("a.lin.bias"));
        Map<String, Tensor> sd = net.stateDict();
        sd.remove("a.lin.bias");
        assertEquals(g.get("result").getAsString(), other.loadStateDict(sd, true).toString());

        // a post hook renames keys on save, a pre hook renames them back on load (checkpoint migration)
        Outer renamed = new Outer();
        renamed.b.registerStateDictPostHook((mod, d, prefix) -> d.put(prefix + "w", d.remove(prefix + "weight")));
        Map<String, Tensor> saved = renamed.stateDict();
        assertTrue(saved.containsKey("b.w") && !saved.containsKey("b.weight"));
        Outer target = new Outer();
        target.registerLoadStateDictPreHook((mod, d, prefix, strict, missing, unexpected, errors) ->
                d.put(prefix + "b.weight", d.remove(prefix + "b.w")));
        target.loadStateDict(saved);
        assertTrue(target.b.weight.equal(renamed.b.weight));
    }

    @Test
    void globalHooksRunBeforeEachModulesOwnAndPrependPutsAHookFirst() {
        JsonObject g = golden("global_hooks");
        List<String> order = new ArrayList<>();
        Outer net = new Outer();
        RemovableHandle h1 = GlobalModuleHooks.registerModuleForwardPreHook((m, in) -> { order.add("gpre:" + nameOf(net, m)); return null; });
        RemovableHandle h2 = GlobalModuleHooks.registerModuleForwardHook((m, in, out) -> { order.add("gpost:" + nameOf(net, m)); return null; });
        try {
            net.a.registerForwardPreHook((m, in) -> { order.add("pre:a"); return null; });
            net.a.registerForwardHook((m, in, out) -> { order.add("post:a"); return null; });
            net.call(Torch.ones(1, 2));
        } finally {
            h1.remove();
            h2.remove();
        }
        net.call(Torch.ones(1, 2));
        List<String> expected = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("order")) expected.add(e.getAsString());
        assertEquals(expected, order);

        order.clear();
        Linear lin = new Linear(2, 2);
        lin.registerForwardHook((m, in, out) -> { order.add("first"); return null; });
        lin.registerForwardHook((m, in, out) -> { order.add("prepended"); return null; }, true, false);
        lin.registerForwardPreHook((m, in) -> { order.add("pre"); return null; });
        lin.registerForwardPreHook((m, in) -> { order.add("pre-prepended"); return null; }, true);
        lin.call(Torch.ones(1, 2));
        assertEquals(List.of("pre-prepended", "pre", "prepended", "first"), order);
    }

    @Test
    void alwaysCallHooksRunWhenForwardThrows() {
        List<String> seen = new ArrayList<>();
        Linear lin = new Linear(2, 2);
        lin.registerForwardHook((m, in, out) -> { seen.add("plain"); return null; });
        lin.registerForwardHook((m, in, out) -> { seen.add("always:" + (out == null)); return null; }, false, true);
        assertThrows(IllegalArgumentException.class, () -> lin.call(Torch.ones(1, 3)));
        assertEquals(List.of("always:true"), seen);
    }

    @Test
    void assignLoadingTakesTheTensorsThemselves() {
        Linear src = new Linear(3, 2), dst = new Linear(3, 2);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("weight", src.weight.detach().to(DType.FLOAT64));
        sd.put("bias", src.bias.detach().to(DType.FLOAT64));
        Tensor oldWeight = dst.weight;
        dst.loadStateDict(sd, true, true);
        assertEquals(DType.FLOAT64, dst.weight.dtype(), "assign keeps the checkpoint's dtype");
        assertNotSame(oldWeight, dst.weight);
        assertTrue(dst.weight.isParameter() && dst.weight.requiresGrad());
        assertSame(dst.weight, dst.parameters().getFirst(), "the registry and the field agree");
        assertTrue(dst.weight.equal(sd.get("weight")));
        sd.get("weight").add_(1);
        assertTrue(dst.weight.equal(sd.get("weight")), "shares the loaded tensor's storage");

        Linear copied = new Linear(3, 2);
        Tensor w = copied.weight;
        copied.loadStateDict(src.stateDict(), true, false);
        assertSame(w, copied.weight, "without assign the values are copied in");
    }

    @Test
    void smallerModuleApi() {
        Outer net = new Outer();
        assertSame(net.a.buffer("count"), net.getBuffer("a.count"));
        assertEquals("`lin` is not a buffer", assertThrows(IllegalArgumentException.class, () -> net.getBuffer("a.lin")).getMessage());
        assertEquals("Inner has no attribute `nope`", assertThrows(IllegalArgumentException.class, () -> net.getBuffer("a.nope")).getMessage());

        Inner replacement = new Inner();
        net.setSubmodule("a", replacement);
        assertSame(replacement, net.a, "written into the field");
        assertSame(replacement, net.getSubmodule("a"));
        var e = assertThrows(IllegalArgumentException.class, () -> net.setSubmodule("b", new Identity()));
        assertTrue(e.getMessage().startsWith("set_submodule: field `b` of Outer cannot hold a Identity"), e.getMessage());
        assertEquals("Outer has no attribute `c`",
                assertThrows(IllegalArgumentException.class, () -> net.setSubmodule("c", new Identity(), true)).getMessage());
        net.setSubmodule("c", new Identity());
        assertTrue(net.namedChildren().containsKey("c"));
        assertEquals("`count` is not an nn.Module",
                assertThrows(IllegalArgumentException.class, () -> net.setSubmodule("a.count", new Identity())).getMessage());
        assertEquals("Cannot set the submodule without a target name!",
                assertThrows(IllegalArgumentException.class, () -> net.setSubmodule("", new Identity())).getMessage());

        net.addModule("d", new Identity());
        assertTrue(net.namedChildren().containsKey("d"));

        Outer h = new Outer().half();
        assertEquals(DType.FLOAT16, h.b.weight.dtype());
        assertEquals(DType.FLOAT32, h.a.buffer("count").to(DType.FLOAT32).dtype());
        Outer bf = new Outer().bfloat16();
        assertEquals(DType.BFLOAT16, bf.b.weight.dtype());
        Outer typed = new Outer().type(DType.FLOAT64);
        assertEquals(DType.FLOAT64, typed.a.buffer("count").dtype());

        Outer empty = new Outer();
        Tensor w = empty.b.weight;
        empty.toEmpty(Device.CPU);
        assertSame(w, empty.b.weight, "parameters stay the same objects");
        assertEquals("[1, 2]", java.util.Arrays.toString(empty.b.weight.shapeArray()));
        assertEquals(DType.FLOAT32, empty.b.weight.dtype());
    }
}
