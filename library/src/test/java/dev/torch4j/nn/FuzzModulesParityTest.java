package dev.torch4j.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential fuzzing of nn modules against PyTorch (scripts/goldens/fuzz_modules_goldens.py): each seeded case
 * builds a module from a random constructor configuration (convolutions, batch/instance/layer/group norms,
 * embeddings, transformer layers, pooling, upsampling, shape modules, Bilinear, PReLU), loads PyTorch's state_dict,
 * replays PyTorch's train- and eval-mode forward passes and compares outputs, input and parameter gradients, and
 * the whole state_dict after each pass (running statistics, a max_norm-renormalised embedding weight). All
 * mismatches are reported together. {@code -Dt4j.fuzzModules=fuzz_modules_explore} replays an exploratory run.
 */
class FuzzModulesParityTest {

    @Test
    void everyCaseMatchesPyTorch() { replay(Device.CPU); }

    /**
     * The same cases with the modules and inputs on the GPU (or the CUDA emulator), compared with PyTorch's CPU
     * values; refusals are left to the CPU run (some of torch4j's checks read indices on the CPU only).
     */
    @Test
    void everyCaseMatchesPyTorchOnCuda() {
        Assumptions.assumeTrue(Torch.cuda().isAvailable(), "no CUDA device");
        replay(Device.cuda(0));
    }

    private static void replay(Device device) {
        List<JsonObject> cases = Golden.cases(System.getProperty("t4j.fuzzModules", "fuzz_modules"));
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonObject c = cases.get(i);
            if (device.isCuda() && refusal(c)) continue;
            String what = "case " + i + " " + c.get("module").getAsString() + c.get("cfg");
            try {
                String p = run(c, device);
                if (p != null) failures.add(what + ": " + p);
            } catch (RuntimeException | Error e) {
                failures.add(what + ": harness failed " + e);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " cases differ from PyTorch:\n"
                + String.join("\n", failures));
    }

    private static boolean refusal(JsonObject c) {
        if (c.has("error") || c.has("load_error")) return true;
        for (JsonElement s : c.getAsJsonArray("steps")) {
            if (s.getAsJsonObject().has("error") || s.getAsJsonObject().has("backward_error")) return true;
        }
        return false;
    }

    private static String run(JsonObject c, Device device) {
        String name = c.get("module").getAsString();
        JsonObject cfg = c.getAsJsonObject("cfg");
        Module m;
        try {
            m = ModuleConfigs.build(name, cfg, Golden.dtype(c.get("dtype").getAsString())).to(device);
        } catch (RuntimeException e) {
            if (c.has("error")) return sameMessage(c.get("error").getAsString(), e);
            return "construction raised " + e;
        }
        if (c.has("error")) return "PyTorch refused the configuration (" + c.get("error").getAsString() + "), torch4j built " + m;
        Map<String, Tensor> expected = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("state").entrySet()) {
            expected.put(e.getKey(), Golden.tensor(e.getValue().getAsJsonObject()));
        }
        if (c.has("bad_state")) {
            String p = loadBad(m, c);
            if (p != null) return p;
        }
        Map<String, Tensor> load = new LinkedHashMap<>();
        expected.forEach((k, v) -> load.put(k, v.clone()));
        m.loadStateDict(load);
        // loading copies, as PyTorch's: spoiling what was loaded must not reach the module
        for (Tensor t : load.values()) t.fill_(t.isFloatingPoint() ? Double.NaN : 12345);
        JsonArray steps = c.getAsJsonArray("steps");
        for (int s = 0; s < steps.size(); s++) {
            JsonObject step = steps.get(s).getAsJsonObject();
            String p = step(m, name, cfg, step, expected, device);
            if (p != null) return "step " + s + (step.get("train").getAsBoolean() ? " (train)" : " (eval)") + ": " + p;
        }
        return null;
    }

    private static String step(Module m, String name, JsonObject cfg, JsonObject step, Map<String, Tensor> expected, Device device) {
        m.train(step.get("train").getAsBoolean());
        m.zeroGrad();
        JsonArray ins = step.getAsJsonArray("inputs");
        Tensor[] in = new Tensor[ins.size()];
        long[] sizes = null;   // ConvTranspose's output_size argument
        for (int i = 0; i < in.length; i++) {
            if (ins.get(i).isJsonNull()) continue;
            if (ins.get(i).getAsJsonObject().has("sizes")) {
                sizes = ModuleConfigs.longs(ins.get(i).getAsJsonObject().getAsJsonArray("sizes"));
                continue;
            }
            in[i] = Golden.tensor(ins.get(i).getAsJsonObject()).to(device);
            if (in[i].isFloatingPoint()) in[i].requiresGrad_(true);
        }
        List<Tensor> outs;
        try {
            outs = ModuleConfigs.call(m, name, cfg, in, sizes);
        } catch (RuntimeException e) {
            if (step.has("error")) return sameMessage(step.get("error").getAsString(), e);
            return "forward raised " + e;
        }
        if (step.has("error")) return "PyTorch raised " + step.get("error").getAsString() + " but torch4j gave " + outs.getFirst();
        JsonArray want = step.getAsJsonArray("outputs");
        if (want.size() != outs.size()) return outs.size() + " outputs, PyTorch " + want.size();
        for (int k = 0; k < outs.size(); k++) {
            String p = compare(want.get(k).getAsJsonObject(), outs.get(k), "output " + k);
            if (p != null) return p;
        }
        Tensor loss = null;
        JsonArray ws = step.getAsJsonArray("w");
        for (int k = 0; k < outs.size(); k++) {
            if (ws.get(k).isJsonNull()) continue;
            Tensor term = outs.get(k).mul(Golden.tensor(ws.get(k).getAsJsonObject()).to(device)).sum();
            loss = loss == null ? term : loss.add(term);
        }
        if (loss != null) {
            try {
                loss.backward();
            } catch (RuntimeException e) {
                return step.has("backward_error") ? sameMessage(step.get("backward_error").getAsString(), e) : "backward raised " + e;
            }
        }
        if (step.has("backward_error")) return "PyTorch's backward raised " + step.get("backward_error").getAsString() + ", torch4j's ran";
        JsonArray grads = step.getAsJsonArray("grads");
        for (int k = 0; k < in.length; k++) {
            if (in[k] == null || !in[k].isFloatingPoint()) continue;
            Tensor g = in[k].grad();
            if (grads.get(k).isJsonNull()) {
                if (g != null && g.abs().max().item() != 0) return "gradient of input " + k + " is " + g + ", PyTorch none";
                continue;
            }
            if (g == null) return "no gradient for input " + k;
            String p = compare(grads.get(k).getAsJsonObject(), g, "gradient of input " + k);
            if (p != null) return p;
        }
        JsonObject pg = step.getAsJsonObject("pgrads");
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            if (!pg.has(e.getKey())) {
                if (g != null && g.abs().max().item() != 0) return "gradient of " + e.getKey() + " is " + g + ", PyTorch none";
                continue;
            }
            if (g == null) return "no gradient for " + e.getKey();
            String p = compare(pg.getAsJsonObject(e.getKey()), g, "gradient of " + e.getKey());
            if (p != null) return p;
        }
        for (Map.Entry<String, JsonElement> e : step.getAsJsonObject("state").entrySet()) {
            expected.put(e.getKey(), Golden.tensor(e.getValue().getAsJsonObject()));
        }
        Map<String, Tensor> sd = m.stateDict();
        if (!sd.keySet().equals(expected.keySet())) return "state_dict keys " + sd.keySet() + ", PyTorch " + expected.keySet();
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            String p = compare(e.getValue(), sd.get(e.getKey()), "state " + e.getKey());
            if (p != null) return p;
        }
        return null;
    }

    /** Loads the case's faulty state_dict: PyTorch's error, or PyTorch's state after loading it. */
    private static String loadBad(Module m, JsonObject c) {
        Map<String, Tensor> bad = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("bad_state").entrySet()) {
            bad.put(e.getKey(), Golden.tensor(e.getValue().getAsJsonObject()));
        }
        try {
            m.loadStateDict(bad);
        } catch (RuntimeException e) {
            if (!c.has("load_error")) return "loading a state_dict PyTorch loads raised " + e.getMessage();
            String want = c.get("load_error").getAsString();
            return want.equals(e.getMessage()) ? null : "bad state_dict: torch4j \"" + e.getMessage() + "\", PyTorch \"" + want + "\"";
        }
        if (c.has("load_error")) return "loading a bad state_dict passed where PyTorch raised " + c.get("load_error").getAsString();
        Map<String, Tensor> sd = m.stateDict();
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("after_bad").entrySet()) {
            String p = compare(e.getValue().getAsJsonObject(), sd.get(e.getKey()), "state " + e.getKey() + " after loading a partial state_dict");
            if (p != null) return p;
        }
        return null;
    }

    /** Null when torch4j's message says what PyTorch's does (PyTorch's first line contained in it), else both. */
    private static String sameMessage(String pytorch, RuntimeException e) {
        String msg = String.valueOf(e.getMessage());
        return msg.contains(pytorch) ? null : "message differs: torch4j \"" + msg + "\", PyTorch \"" + pytorch + "\"";
    }

    private static String compare(JsonObject want, Tensor got, String what) { return compare(Golden.tensor(want), got, what); }

    private static String compare(Tensor e, Tensor gotAnywhere, String what) {
        Tensor got = gotAnywhere.detach().cpu();
        try {
            if (e.dtype() != got.dtype()) return what + ": dtype " + got.dtype() + ", PyTorch " + e.dtype();
            if (e.dtype() == DType.FLOAT32) Golden.assertClose(e, got.detach(), 1e-3, 1e-4, what);   // sums in another order
            else Golden.assertClose(e, got.detach(), what);
            return null;
        } catch (AssertionError err) {
            return err.getMessage() + "; torch4j " + Arrays.toString(got.shapeArray())
                    + (got.numel() <= 24 ? " " + Arrays.toString(got.detach().toDoubleArray()) : "")
                    + ", PyTorch " + (e.numel() <= 24 ? Arrays.toString(e.toDoubleArray()) : "");
        }
    }
}
