package dev.torch4j.vision.models;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import static dev.torch4j.Torch.manualSeed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DenseNet against torchvision 0.14 (scripts/goldens/vision_models2_goldens.py). */
class DenseNetTest {
    private static final JsonObject G = Golden.namedCases("vision_models2_densenet");
    private static final JsonObject G2 = Golden.namedCases("vision_models2_densenet2");

    private static final Map<String, Supplier<DenseNet>> BUILDS = Map.of("densenet121", DenseNet::densenet121,
            "densenet161", DenseNet::densenet161, "densenet169", DenseNet::densenet169, "densenet201", DenseNet::densenet201);

    /** densenet121 also computes torchvision's eval output. */
    @ParameterizedTest
    @ValueSource(strings = {"densenet121", "densenet161", "densenet169", "densenet201"})
    void isTorchvisionsAfterTheSameSeed(String name) {
        manualSeed(0);
        JsonObject g = G.has(name) ? G.getAsJsonObject(name) : G2.getAsJsonObject(name);
        DenseNet model = BUILDS.get(name).get();
        ModelGoldens.checkBuild(g, name, model);
        if (!G.has(name + "_eval")) return;
        ModelGoldens.perturbBuffers(model); // else eval-mode batch norm is the identity; nothing was drawn since the build
        ModelGoldens.checkEval(G.getAsJsonObject(name + "_eval"), name, model, 1, 3, 32, 32);
    }

    /** DenseNet(growth_rate=4, block_config=(2, 3), num_init_features=8, bn_size=2, num_classes=10): a torchvision state dict. */
    @Test
    void loadsATorchvisionStateDictAndTrains(@TempDir Path dir) throws IOException {
        DenseNet model = new DenseNet(4, new int[] {2, 3}, 8, 2, 0, 10);
        ModelGoldens.checkFixture(G.getAsJsonObject("densenet_reduced"), "densenet_reduced", model, dir, 2, 3, 32, 32);
    }

    @Test
    void upgradesTheOldKeysOfTorchvisionsCheckpoints(@TempDir Path dir) throws IOException {
        Map<String, Tensor> state = ModelGoldens.fixtureStateDict(G.getAsJsonObject("densenet_reduced"), dir);
        Map<String, Tensor> legacy = new LinkedHashMap<>();
        // the old checkpoints' names, and no num_batches_tracked (they predate it)
        state.forEach((k, v) -> {
            if (!k.endsWith("num_batches_tracked")) legacy.put(k.replaceFirst("denselayer(\\d+)\\.(norm|conv)([12])\\.", "denselayer$1.$2.$3."), v);
        });
        assertTrue(legacy.containsKey("features.denseblock1.denselayer1.norm.1.running_var"));
        DenseNet model = new DenseNet(4, new int[] {2, 3}, 8, 2, 0, 10);
        assertThrows(RuntimeException.class, () -> model.loadStateDict(legacy), "the old names do not load strictly");
        Map<String, Tensor> upgraded = DenseNet.upgradeStateDict(legacy);
        assertEquals(new ArrayList<>(state.keySet()), new ArrayList<>(upgraded.keySet()));
        assertEquals(0L, upgraded.get("features.norm5.num_batches_tracked").toLongArray()[0]);
        model.loadStateDict(upgraded);
        assertEquals(state.get("features.denseblock2.denselayer3.conv2.weight").sum().item(),
                model.stateDict().get("features.denseblock2.denselayer3.conv2.weight").sum().item(), 0.0);
    }

    @Test
    void trainsWithDropout() {
        manualSeed(0);
        ModelGoldens.checkTrainStep(new DenseNet(4, new int[] {2, 2}, 8, 2, 0.2, 3), 3, 2, 3, 32, 32);
    }
}
