package dev.torch4j.vision.models;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Utils;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import static dev.torch4j.Torch.manualSeed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * MNASNet against torchvision 0.14 (scripts/goldens/vision_models3_goldens.py): mnasnet0_5 built whole after the same
 * seed, in eval and in train mode (with gradients); every factory's widths and parameter count; a version-1 state dict
 * (the old stem) swapped in and loaded as torchvision loads it; torchvision's refusals.
 */
class MNASNetTest {
    private static final JsonObject G = Golden.namedCases("vision_models3_mobile");

    @Test
    void mnasnet0_5IsTorchvisionsAfterTheSameSeedAndComputesItsOutputs() {
        manualSeed(0);
        MNASNet model = MNASNet.mnasnet0_5();
        ModelGoldens.checkBuild(G.getAsJsonObject("mnasnet0_5"), "mnasnet0_5", model);
        // the golden's eval case rebuilt the model after the same seed, which leaves the generator where this build did
        ModelGoldens.perturbBuffers(model);
        ModelGoldens.checkEval(G.getAsJsonObject("mnasnet0_5_eval"), "mnasnet0_5", model, 1e-4, 1e-5, 1, 3, 64, 64);
        manualSeed(0);
        ModelGoldens.checkTrain(G.getAsJsonObject("mnasnet0_5_train"), "mnasnet0_5 train", new MNASNet(0.5, 10, 0.0), 2, 3, 128, 128);
    }

    @Test
    void factoriesAreTorchvisions() {
        Map<String, Supplier<MNASNet>> factories = Map.of("mnasnet0_5", MNASNet::mnasnet0_5, "mnasnet0_75", MNASNet::mnasnet0_75,
                "mnasnet1_0", MNASNet::mnasnet1_0, "mnasnet1_3", MNASNet::mnasnet1_3);
        Map<String, Weights> weights = Map.of("mnasnet0_5", MNASNet0_5Weights.DEFAULT, "mnasnet0_75", MNASNet0_75Weights.DEFAULT,
                "mnasnet1_0", MNASNet1_0Weights.DEFAULT, "mnasnet1_3", MNASNet1_3Weights.DEFAULT);
        for (var e : factories.entrySet()) {
            MNASNet m = Utils.skipInit(e.getValue());
            JsonObject g = G.getAsJsonObject(e.getKey());
            assertArrayEquals(ModelGoldens.longs(g.getAsJsonArray("depths")), MNASNet.depths(m.alpha), e.getKey() + " depths");
            long n = 0;
            for (Tensor p : m.parameters()) n += p.numel();
            assertEquals(g.get("num_params").getAsLong(), n, e.getKey());
            assertEquals(weights.get(e.getKey()).numParams(), n, e.getKey() + " the weights' num_params");
        }
    }

    /** torchvision before 0.6 saved a stem of 32 and 16 channels: loading one swaps that stem in (torchvision's _version 1). */
    @Test
    void loadsAVersion1StateDictAsTorchvisionDoes() {
        JsonObject g = G.getAsJsonObject("mnasnet_v1");
        Map<String, Tensor> sd = new LinkedHashMap<>();
        int i = 0;
        for (JsonElement e : g.getAsJsonArray("keys")) {
            String k = e.getAsJsonArray().get(0).getAsString();
            long[] shape = ModelGoldens.longs(e.getAsJsonArray().get(1).getAsJsonArray());
            sd.put(k, ModelGoldens.deterministic(k, shape, k.endsWith("num_batches_tracked") ? DType.INT64 : DType.FLOAT32, i++));
        }
        MNASNet model = new MNASNet(0.5, 10, 0.2);
        assertEquals(2, model.version());
        assertEquals("<All keys matched successfully>", model.loadStateDict(sd).toString());
        assertEquals(g.get("version").getAsInt(), model.version());
        assertEquals(g.get("repr").getAsString(), model.toString(), "the swapped-in stem");
        model.eval();
        manualSeed(2);
        Tensor x = Torch.rand(1, 3, 64, 64);
        assertEquals(g.get("input_sum").getAsDouble(), x.to(DType.FLOAT64).sum().item(), 1e-9);
        try (var ignored = Torch.noGrad()) {
            Golden.assertClose(Golden.tensor(g.getAsJsonObject("out")), model.call(x), 1e-4, 1e-5, "mnasnet v1 eval-mode output");
        }
    }

    @Test
    void refusesWhatTorchvisionRefuses() {
        JsonArray m = G.getAsJsonArray("mnasnet_errors");
        ShuffleNetV2Test.check(m.get(0), () -> new MNASNet(0.0, 10, 0.2));
        ShuffleNetV2Test.check(m.get(1), () -> new MNASNet.InvertedResidual(8, 8, 3, 3, 3, 0.1));
        ShuffleNetV2Test.check(m.get(2), () -> new MNASNet.InvertedResidual(8, 8, 7, 1, 3, 0.1));
        ShuffleNetV2Test.check(m.get(3), () -> MNASNet.stack(8, 8, 3, 1, 3, 0));
    }
}
