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
import java.util.function.Supplier;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nn.utils.weight_norm and spectral_norm against PyTorch (scripts/goldens/weight_reparam_goldens.py): state-dict keys
 * and values after wrapping and after each train/eval forward (spectral norm's power-iteration buffers included), the
 * outputs, and the parameters' gradients.
 */
class WeightReparamTest {
    private static void checkStateDict(JsonArray expected, Map<String, Tensor> actual, String what) {
        List<String> keys = new ArrayList<>();
        for (JsonElement e : expected) keys.add(e.getAsJsonArray().get(0).getAsString());
        assertEquals(keys, new ArrayList<>(actual.keySet()), what + " keys");
        for (JsonElement e : expected) {
            String k = e.getAsJsonArray().get(0).getAsString();
            Golden.assertClose(Golden.tensor(e.getAsJsonArray().get(1).getAsJsonObject()), actual.get(k).detach(), 1e-5, 1e-6, what + " " + k);
        }
    }

    @Test
    void matchesPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("weight_reparam")) {
            String name = c.get("name").getAsString();
            manualSeed(c.get("seed").getAsLong());
            Supplier<Module> make = switch (name) {
                case "weight_norm_linear" -> () -> Utils.weightNorm(new Linear(3, 4));
                case "weight_norm_linear_dim_none" -> () -> Utils.weightNorm(new Linear(3, 4), "weight", -1);
                case "weight_norm_conv_dim1" -> () -> Utils.weightNorm(new Conv2d(2, 3, 2), "weight", 1);
                case "spectral_norm_linear" -> () -> Utils.spectralNorm(new Linear(5, 4));
                case "spectral_norm_conv_t" -> () -> Utils.spectralNorm(new ConvTranspose2d(3, 2, 2), "weight", 3, 1e-12, null);
                default -> throw new AssertionError(name);
            };
            Module m = make.get();
            checkStateDict(c.getAsJsonArray("state_dict"), m.stateDict(), name + " after wrapping");
            Tensor last = null;
            int s = 0;
            for (JsonElement stepEl : c.getAsJsonArray("steps")) {
                JsonObject step = stepEl.getAsJsonObject();
                m.train(step.get("mode").getAsString().equals("train"));
                last = m.call(Golden.tensor(step.getAsJsonObject("input")));
                Golden.assertClose(Golden.tensor(step.getAsJsonObject("output")), last.detach(), 1e-5, 1e-6, name + " step " + s);
                checkStateDict(step.getAsJsonArray("state_dict"), m.stateDict(), name + " after step " + s++);
            }
            last.sum().backward();
            Map<String, Tensor> params = m.namedParameters();
            for (JsonElement e : c.getAsJsonArray("grads")) {
                String k = e.getAsJsonArray().get(0).getAsString();
                Golden.assertClose(Golden.tensor(e.getAsJsonArray().get(1).getAsJsonObject()), params.get(k).grad(), 1e-5, 1e-6, name + " grad " + k);
            }
            // remove_*: the weight a parameter again (registered last), the reparametrization's tensors gone
            if (name.startsWith("weight_norm")) Utils.removeWeightNorm(m);
            else Utils.removeSpectralNorm(m);
            m.train();
            JsonObject removed = c.getAsJsonObject("removed");
            checkStateDict(removed.getAsJsonArray("state_dict"), m.stateDict(), name + " after removal");
            List<String> names = new ArrayList<>();
            removed.getAsJsonArray("parameters").forEach(e -> names.add(e.getAsString()));
            assertEquals(names, new ArrayList<>(m.namedParameters().keySet()), name + " parameters after removal");
            assertTrue(m.getParameter("weight").isParameter() && m.getParameter("weight").requiresGrad());
            Golden.assertClose(Golden.tensor(removed.getAsJsonObject("output")), m.call(Golden.tensor(removed.getAsJsonObject("input"))).detach(),
                    1e-5, 1e-6, name + " after removal");
            n++;
        }
        assertEquals(5, n);
    }

    @Test
    void removeRefusesWhatIsNotThereAndWrapTwice() {
        Linear plain = new Linear(3, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> Utils.removeWeightNorm(plain));
        assertTrue(e.getMessage().startsWith("weight_norm of 'weight' not found in Linear("), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Utils.removeSpectralNorm(plain));
        assertTrue(e.getMessage().startsWith("spectral_norm of 'weight' not found in Linear("), e.getMessage());
        Linear wn = Utils.weightNorm(new Linear(3, 4));
        assertEquals("Cannot register two weight_norm hooks on the same parameter weight",
                assertThrows(IllegalStateException.class, () -> Utils.weightNorm(wn)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Utils.removeSpectralNorm(wn)); // the other kind's hook is not it
        Utils.removeWeightNorm(wn);
        assertThrows(IllegalArgumentException.class, () -> Utils.removeWeightNorm(wn)); // removed once
        Utils.weightNorm(wn); // and can be applied again
        Linear sn = Utils.spectralNorm(new Linear(3, 4));
        assertEquals("Cannot register two spectral_norm hooks on the same parameter weight",
                assertThrows(IllegalStateException.class, () -> Utils.spectralNorm(sn)).getMessage());
    }
}
