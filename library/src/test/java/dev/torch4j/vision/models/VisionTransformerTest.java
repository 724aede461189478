package dev.torch4j.vision.models;

import com.google.gson.JsonArray;
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

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VisionTransformer against torchvision 0.14 (scripts/goldens/vision_models2_goldens.py). vit_b_16 and vit_b_32 are
 * built whole; vit_l and vit_h (300M and 630M parameters) do not fit the test JVM's heap, so their factories'
 * architectures are compared and the general constructor is checked at their widths with one encoder layer.
 */
class VisionTransformerTest {
    private static final JsonObject G = Golden.namedCases("vision_models2_vit");

    private static final Map<String, VisionTransformer.Arch> ARCHS = Map.of("vit_b_16", VisionTransformer.B16,
            "vit_b_32", VisionTransformer.B32, "vit_l_16", VisionTransformer.L16, "vit_l_32", VisionTransformer.L32,
            "vit_h_14", VisionTransformer.H14);

    @Test
    void vitB16IsTorchvisionsAfterTheSameSeed() {
        manualSeed(0);
        ModelGoldens.checkBuild(G.getAsJsonObject("vit_b_16"), "vit_b_16", VisionTransformer.vitB16());
    }

    @Test
    void vitB32IsTorchvisionsAfterTheSameSeed() {
        manualSeed(0);
        ModelGoldens.checkBuild(G.getAsJsonObject("vit_b_32"), "vit_b_32", VisionTransformer.vitB32());
    }

    @ParameterizedTest
    @ValueSource(strings = {"vit_b_16", "vit_b_32", "vit_l_16", "vit_l_32", "vit_h_14"})
    void factoriesHaveTorchvisionsArchitectures(String name) {
        VisionTransformer.Arch a = ARCHS.get(name);
        JsonArray c = G.getAsJsonObject(name).getAsJsonArray("config");
        assertArrayEquals(ModelGoldens.longs(c), new long[] {224, a.patchSize(), a.numLayers(), a.numHeads(), a.hiddenDim(), a.mlpDim()},
                name + ": image_size, patch_size, num_layers, num_heads, hidden_dim, mlp_dim");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vit_l_16", "vit_l_32", "vit_h_14"})
    void oneLayerAtTheBigWidthsIsTorchvisions(String name) {
        VisionTransformer.Arch a = ARCHS.get(name);
        manualSeed(0);
        VisionTransformer model = new VisionTransformer(224, a.patchSize(), 1, a.numHeads(), a.hiddenDim(), a.mlpDim());
        ModelGoldens.checkBuild(G.getAsJsonObject(name + "_one_layer"), name + " with one layer", model);
    }

    @Test
    void tinyVitIsTorchvisionsAfterTheSameSeed() {
        manualSeed(0);
        ModelGoldens.checkBuild(G.getAsJsonObject("vit_tiny"), "VisionTransformer(32, 8, 2, 2, 16, 32)", new VisionTransformer(32, 8, 2, 2, 16, 32));
    }

    /** Its head starts at zero, so outputs are checked on a torchvision state dict moved off the initialisation. */
    @Test
    void loadsATorchvisionStateDictAndTrains(@TempDir Path dir) throws IOException {
        VisionTransformer model = new VisionTransformer(32, 8, 2, 2, 16, 32, VisionTransformer.options().numClasses(10));
        ModelGoldens.checkFixture(G.getAsJsonObject("vit_tiny_fixture"), "vit_tiny", model, dir, 2, 3, 32, 32);
    }

    @Test
    void representationLayerLoadsAndTrains(@TempDir Path dir) throws IOException {
        VisionTransformer model = new VisionTransformer(32, 8, 2, 2, 16, 32, VisionTransformer.options().numClasses(10).representationSize(12));
        ModelGoldens.checkFixture(G.getAsJsonObject("vit_tiny_representation"), "vit_tiny_representation", model, dir, 2, 3, 32, 32);
    }

    @Test
    void upgradesTheMlpKeysOfOlderCheckpoints(@TempDir Path dir) throws IOException {
        Map<String, Tensor> state = ModelGoldens.fixtureStateDict(G.getAsJsonObject("vit_tiny_fixture"), dir);
        Map<String, Tensor> legacy = new LinkedHashMap<>();
        state.forEach((k, v) -> legacy.put(k.replace(".mlp.0.", ".mlp.linear_1.").replace(".mlp.3.", ".mlp.linear_2."), v));
        assertTrue(legacy.containsKey("encoder.layers.encoder_layer_1.mlp.linear_2.bias"));
        Map<String, Tensor> upgraded = VisionTransformer.upgradeStateDict(legacy);
        assertEquals(new ArrayList<>(state.keySet()), new ArrayList<>(upgraded.keySet()));
        VisionTransformer model = new VisionTransformer(32, 8, 2, 2, 16, 32, VisionTransformer.options().numClasses(10));
        model.loadStateDict(upgraded);
        assertEquals(state.get("encoder.layers.encoder_layer_0.mlp.3.weight").sum().item(),
                model.stateDict().get("encoder.layers.encoder_layer_0.mlp.3.weight").sum().item(), 0.0);
    }

    @Test
    void trainsWithDropout() {
        manualSeed(0);
        var o = VisionTransformer.options().numClasses(3).dropout(0.1).attentionDropout(0.1);
        VisionTransformer model = new VisionTransformer(16, 4, 2, 2, 8, 16, o);
        // the zero head would leave every gradient below it zero
        try (var ignored = noGrad()) { model.heads.get(-1).namedParameters().get("weight").normal_(0, 1); }
        ModelGoldens.checkTrainStep(model, 3, 2, 3, 16, 16);
    }

    @Test
    void rejectsTheWrongImageSize() {
        VisionTransformer model = new VisionTransformer(32, 8, 1, 2, 16, 32);
        var e = assertThrows(IllegalArgumentException.class, () -> model.call(rand(1, 3, 24, 32)));
        assertEquals("Wrong image height! Expected 32 but got 24!", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new VisionTransformer(30, 8, 1, 2, 16, 32));
        assertEquals("Input shape indivisible by patch size!", e.getMessage());
    }
}
