package dev.torch4j.vision.models;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.ops.StochasticDepth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ConvNeXt against torchvision 0.14 (scripts/goldens/vision_models2_goldens.py). convnext_tiny is built whole; the
 * bigger ones draw 50M to 200M truncated normals (slow on the host), so their stages and stochastic depth are compared
 * with torchvision's, and the constructor itself is checked on tiny and on a reduced state dict.
 */
class ConvNeXtTest {
    private static final JsonObject G = Golden.namedCases("vision_models2_convnext");

    private static final Map<String, ConvNeXt.Variant> VARIANTS = Map.of("convnext_tiny", ConvNeXt.TINY,
            "convnext_small", ConvNeXt.SMALL, "convnext_base", ConvNeXt.BASE, "convnext_large", ConvNeXt.LARGE);

    @Test
    void convnextTinyIsTorchvisionsAfterTheSameSeedAndComputesItsOutputs() {
        manualSeed(0);
        ConvNeXt model = ConvNeXt.convnextTiny();
        JsonObject g = G.getAsJsonObject("convnext_tiny");
        ModelGoldens.checkBuild(g, "convnext_tiny", model);
        List<Double> want = new ArrayList<>(), got = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("stochastic_depth_p")) want.add(e.getAsDouble());
        for (Module m : model.modules()) if (m instanceof StochasticDepth s) got.add(s.p);
        assertEquals(want, got, "stochastic depth probabilities, block by block");
        // PyTorch's own float32 logits are up to 1.1e-6 from its float64 ones here (logits ~0.02): 1e-4, not 1e-5
        ModelGoldens.checkEval(G.getAsJsonObject("convnext_tiny_eval"), "convnext_tiny", model, 1e-4, 1, 3, 32, 32); // input drawn next
    }

    @ParameterizedTest
    @ValueSource(strings = {"convnext_tiny", "convnext_small", "convnext_base", "convnext_large"})
    void factoriesHaveTorchvisionsStages(String name) {
        ConvNeXt.Variant v = VARIANTS.get(name);
        JsonObject g = G.getAsJsonObject(name);
        List<ConvNeXt.CNBlockConfig> want = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("config")) {
            JsonArray c = e.getAsJsonArray();
            want.add(new ConvNeXt.CNBlockConfig(c.get(0).getAsLong(), c.get(1).getAsLong(), c.get(2).getAsInt()));
        }
        assertEquals(want, v.blockSetting(), name + " block setting");
        JsonArray p = g.getAsJsonArray("stochastic_depth_p");
        assertEquals(p.get(p.size() - 1).getAsDouble(), v.stochasticDepthProb(), 0.0, name + " stochastic_depth_prob (the last block's)");
    }

    /** ConvNeXt([CNBlockConfig(8, 16, 1), CNBlockConfig(16, None, 2)], stochastic_depth_prob=0, num_classes=10). */
    @Test
    void loadsATorchvisionStateDictAndTrains(@TempDir Path dir) throws IOException {
        var setting = List.of(new ConvNeXt.CNBlockConfig(8, 16, 1), new ConvNeXt.CNBlockConfig(16, 0, 2));
        ModelGoldens.checkFixture(G.getAsJsonObject("convnext_reduced"), "convnext_reduced", new ConvNeXt(setting, 0.0, 1e-6, 10), dir,
                2, 3, 32, 32);
    }

    @Test
    void stochasticDepthDropsWholeRowsInTraining() {
        manualSeed(0);
        var sd = new StochasticDepth(0.5, "row");
        Tensor x = ones(4000, 3);
        Tensor y = sd.call(x);
        double[] v = y.toDoubleArray();
        int dropped = 0;
        for (int r = 0; r < 4000; r++) {
            assertTrue(v[3 * r] == v[3 * r + 1] && v[3 * r] == v[3 * r + 2], "row " + r + " is kept or dropped whole");
            assertTrue(v[3 * r] == 0.0 || v[3 * r] == 2.0, "row " + r + ": 0 or 1 / (1 - p)");
            if (v[3 * r] == 0.0) dropped++;
        }
        assertTrue(dropped > 1800 && dropped < 2200, dropped + " of 4000 rows dropped at p = 0.5"); // 6 sigma
        double[] b = new StochasticDepth(0.5, "batch").call(x).toDoubleArray();
        for (double e : b) assertEquals(b[0], e, 0.0, "batch mode keeps or drops everything");
        assertEquals(0.0, new StochasticDepth(1.0, "row").call(x).abs().sum().item(), 0.0, "p = 1 drops every row");
        sd.eval();
        assertSame(x, sd.call(x), "the identity in eval mode");
        assertEquals("StochasticDepth(p=0.5, mode=row)", sd.toString());
        assertThrows(IllegalArgumentException.class, () -> new StochasticDepth(1.5, "row"));
        assertThrows(IllegalArgumentException.class, () -> new StochasticDepth(0.5, "column"));
    }

    @Test
    void trainsWithStochasticDepth() {
        manualSeed(0);
        var setting = List.of(new ConvNeXt.CNBlockConfig(8, 16, 2), new ConvNeXt.CNBlockConfig(16, 0, 2));
        ModelGoldens.checkTrainStep(new ConvNeXt(setting, 0.5, 1e-6, 3), 3, 4, 3, 32, 32);
    }
}
