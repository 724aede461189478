package dev.torch4j.vision.models;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Utils;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.torch4j.Torch.manualSeed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * ShuffleNetV2 against torchvision 0.14 (scripts/goldens/vision_models3_goldens.py): x0_5 built whole after the same
 * seed, in eval and in train mode (with gradients); every factory's parameter count; a reduced model loads a
 * torchvision state dict and trains; torchvision's refusals.
 */
class ShuffleNetV2Test {
    private static final JsonObject G = Golden.namedCases("vision_models3_mobile");

    @Test
    void x0_5IsTorchvisionsAfterTheSameSeedAndComputesItsOutputs() {
        manualSeed(0);
        ShuffleNetV2 model = ShuffleNetV2.shufflenetV2X0_5();
        ModelGoldens.checkBuild(G.getAsJsonObject("shufflenet_v2_x0_5"), "shufflenet_v2_x0_5", model);
        // the golden's eval case rebuilt the model after the same seed, which leaves the generator where this build did
        ModelGoldens.perturbBuffers(model);
        ModelGoldens.checkEval(G.getAsJsonObject("shufflenet_v2_x0_5_eval"), "shufflenet_v2_x0_5", model, 1e-4, 1e-5, 1, 3, 64, 64);
        manualSeed(0);
        ModelGoldens.checkTrain(G.getAsJsonObject("shufflenet_v2_x0_5_train"), "shufflenet_v2_x0_5 train",
                ShuffleNetV2.shufflenetV2X0_5(10), 2, 3, 128, 128);
    }

    @Test
    void parameterCountsAreTorchvisions() {
        Map<String, Supplier<ShuffleNetV2>> factories = Map.of("shufflenet_v2_x0_5", ShuffleNetV2::shufflenetV2X0_5,
                "shufflenet_v2_x1_0", ShuffleNetV2::shufflenetV2X1_0, "shufflenet_v2_x1_5", ShuffleNetV2::shufflenetV2X1_5,
                "shufflenet_v2_x2_0", ShuffleNetV2::shufflenetV2X2_0);
        Map<String, Weights> weights = Map.of("shufflenet_v2_x0_5", ShuffleNetV2X0_5Weights.DEFAULT,
                "shufflenet_v2_x1_0", ShuffleNetV2X1_0Weights.DEFAULT, "shufflenet_v2_x1_5", ShuffleNetV2X1_5Weights.DEFAULT,
                "shufflenet_v2_x2_0", ShuffleNetV2X2_0Weights.DEFAULT);
        for (var e : factories.entrySet()) {
            long n = 0;
            for (Tensor p : Utils.skipInit(e.getValue()).parameters()) n += p.numel();
            assertEquals(G.getAsJsonObject(e.getKey()).get("num_params").getAsLong(), n, e.getKey());
            assertEquals(weights.get(e.getKey()).numParams(), n, e.getKey() + " the weights' num_params");
        }
    }

    /** ShuffleNetV2([1, 2, 1], [8, 16, 16, 32, 32], num_classes=10). */
    @Test
    void loadsATorchvisionStateDictAndTrains(@TempDir Path dir) throws IOException {
        var model = new ShuffleNetV2(List.of(1, 2, 1), List.of(8L, 16L, 16L, 32L, 32L), 10);
        ModelGoldens.checkFixture(G.getAsJsonObject("shufflenet_reduced"), "shufflenet_reduced", model, dir, 2, 3, 64, 64);
    }

    @Test
    void channelShuffleInterleavesTheGroups() {
        Tensor x = dev.torch4j.Torch.arange(6).reshape(1, 6, 1, 1);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {0, 3, 1, 4, 2, 5}, ShuffleNetV2.channelShuffle(x, 2).flatten().toLongArray());
    }

    @Test
    void refusesWhatTorchvisionRefuses() {
        JsonArray m = G.getAsJsonArray("shufflenet_errors");
        check(m.get(0), () -> new ShuffleNetV2(List.of(1, 2), List.of(8L, 16L, 16L, 32L, 32L), 10));
        check(m.get(1), () -> new ShuffleNetV2(List.of(1, 2, 1), List.of(8L, 16L, 16L, 32L), 10));
        check(m.get(2), () -> new ShuffleNetV2.InvertedResidual(8, 8, 4));
        check(m.get(3), () -> new ShuffleNetV2.InvertedResidual(8, 12, 1));
    }

    static void check(com.google.gson.JsonElement want, Executable build) {
        var e = assertThrows(IllegalArgumentException.class, build);
        assertEquals(want.getAsJsonArray().get(1).getAsString(), e.getMessage());
    }
}
