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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nn.utils.parametrize and parametrizations against PyTorch (scripts/goldens/parametrize_goldens.py): state dicts
 * (keys in order, spectral norm's power-iteration buffers), outputs in train and eval, gradients, reprs, right_inverse
 * on assignment and removal.
 */
class ParametrizeTest {
    /** The test's own parametrizations (the same modules as the golden script's). */
    static final class Symmetric extends Module implements Parametrize.RightInverse {
        @Override
        public Tensor forward(Tensor x) { return x.triu().add(x.triu(1).transpose(0, 1)); }

        @Override
        public Tensor rightInverse(Tensor a) { return a.triu(); }
    }

    static final class Scale extends Module {
        @Override
        public Tensor forward(Tensor x) { return x.mul(2.0); }
    }

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
        for (JsonObject c : Golden.cases("parametrize")) {
            String name = c.get("name").getAsString();
            if (name.equals("assign_and_remove")) continue;
            manualSeed(c.get("seed").getAsLong());
            Supplier<Module> make = switch (name) {
                case "spectral_linear" -> () -> Parametrizations.spectralNorm(new Linear(5, 4));
                case "spectral_conv" -> () -> Parametrizations.spectralNorm(new Conv2d(2, 3, 2), "weight", 2, 1e-12, null);
                case "spectral_conv_t" -> () -> Parametrizations.spectralNorm(new ConvTranspose2d(3, 2, 2));
                case "weight_norm" -> () -> Parametrizations.weightNorm(new Linear(3, 4));
                case "weight_norm_dim1" -> () -> Parametrizations.weightNorm(new Linear(3, 4), "weight", 1);
                case "symmetric_chain" -> () -> Parametrize.registerParametrization(
                        Parametrize.registerParametrization(new Linear(4, 4), "weight", new Symmetric()), "weight", new Scale());
                case "orthogonal_square" -> () -> Parametrizations.orthogonal(new Linear(4, 4));
                case "orthogonal_cayley" -> () -> Parametrizations.orthogonal(new Linear(4, 4), "weight", "cayley", true);
                case "orthogonal_tall" -> () -> Parametrizations.orthogonal(new Linear(3, 5));
                case "orthogonal_wide" -> () -> Parametrizations.orthogonal(new Linear(5, 3));
                case "orthogonal_tall_exp" -> () -> Parametrizations.orthogonal(new Linear(3, 5), "weight", "matrix_exp", true);
                case "orthogonal_householder_direct" -> () -> Parametrizations.orthogonal(new Linear(3, 5), "weight", "householder", false);
                case "orthogonal_householder_direct_wide" -> () -> Parametrizations.orthogonal(new Linear(5, 3), "weight", "householder", false);
                default -> throw new AssertionError(name);
            };
            Module m = make.get();
            if (name.startsWith("orthogonal")) {
                Tensor q = Parametrize.value(m, "weight");
                Tensor gram = q.size(0) >= q.size(1) ? q.t().mm(q) : q.mm(q.t());
                Golden.assertClose(eye(gram.size(0)), gram, 1e-5, 1e-5, name + " is orthogonal");
            }
            checkStateDict(c.getAsJsonArray("state_dict"), m.stateDict(), name + " after registering");
            if (name.startsWith("spectral_linear")) assertEquals(c.get("repr").getAsString(), m.toString());
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
            n++;
        }
        assertEquals(13, n);
    }

    @Test
    void assigningGoesThroughRightInverseAndRemovalKeepsTheParameterObject() {
        JsonObject c = Golden.cases("parametrize").stream().filter(o -> o.get("name").getAsString().equals("assign_and_remove")).findFirst()
                .orElseThrow();
        manualSeed(1);
        Linear m = new Linear(3, 3);
        Tensor weight = m.weight;
        Parametrize.registerParametrization(m, "weight", new Symmetric());
        assertTrue(Parametrize.isParametrized(m, "weight"));
        assertSame(weight, Parametrize.parametrizations(m, "weight").original(), "the parameter object moves, as PyTorch's set_ keeps it");
        Parametrize.parametrizations(m, "weight").rightInverse(Golden.tensor(c.getAsJsonObject("a")));
        checkStateDict(c.getAsJsonArray("after_assign"), m.stateDict(), "after assigning");
        Parametrize.removeParametrizations(m, "weight", true);
        checkStateDict(c.getAsJsonArray("after_remove"), m.stateDict(), "after removing");
        assertEquals(c.get("repr").getAsString(), m.toString());
        assertFalse(Parametrize.isParametrized(m));
        assertSame(weight, m.weight, "the same tensor object is the parameter again");
        var e = assertThrows(IllegalArgumentException.class, () -> Parametrize.removeParametrizations(m, "weight", true));
        assertEquals("Module Linear does not have a parametrization on weight", e.getMessage());
    }

    @Test
    void cachedComputesEachParametrizationOnce() {
        int[] calls = {0};
        Module counting = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                calls[0]++;
                return x.mul(1.0);
            }
        };
        Linear m = Parametrize.registerParametrization(new Linear(2, 2), "weight", counting);
        int base = calls[0];
        try (var cache = Parametrize.cached()) {
            m.call(ones(1, 2));
            m.call(ones(1, 2));
        }
        assertEquals(base + 1, calls[0], "one evaluation inside cached()");
        m.call(ones(1, 2));
        assertEquals(base + 2, calls[0], "outside, every forward recomputes");
        var bad = assertThrows(IllegalArgumentException.class,
                () -> Parametrize.registerParametrization(new Linear(2, 2), "weight", new Module() {
                    @Override
                    public Tensor forward(Tensor x) { return x.sum(0); }
                }));
        assertTrue(bad.getMessage().startsWith("Registering a parametrization may not change the shape of the tensor"), bad.getMessage());
    }
}
