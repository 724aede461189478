package dev.torch4j.vision.models;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Utils;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.manualSeed;
import static dev.torch4j.Torch.noGrad;
import static dev.torch4j.Torch.rand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * GoogLeNet against torchvision 0.14 (scripts/goldens/vision_models3_goldens.py): googlenet() built after the same
 * seed (with its auxiliary classifiers), in eval mode, with transform_input, and a train-mode step through both
 * auxiliary classifiers in float64 with every gradient; the pretrained weights' parameter count (no auxiliary heads).
 */
class GoogLeNetTest {
    private static final JsonObject G = Golden.namedCases("vision_models3_inception");

    @Test
    void googlenetIsTorchvisionsAfterTheSameSeedAndComputesItsOutputs() {
        manualSeed(0);
        GoogLeNet model = GoogLeNet.googlenet();
        ModelGoldens.checkBuild(G.getAsJsonObject("googlenet"), "googlenet", model);
        // the golden's eval case rebuilt the model after the same seed, which leaves the generator where this build did
        ModelGoldens.perturbBuffers(model);
        ModelGoldens.checkEval(G.getAsJsonObject("googlenet_eval"), "googlenet", model, 1e-4, 1e-5, 1, 3, 64, 64);
        assertNull(model.forwardOutputs(rand(1, 3, 32, 32)).auxLogits1(), "no auxiliary output in eval mode");
    }

    @Test
    void transformInputRenormalisesTheChannels() {
        manualSeed(0);
        GoogLeNet model = new GoogLeNet(10, false, true, true, 0.2, 0.7);
        ModelGoldens.perturbBuffers(model);
        ModelGoldens.checkEval(G.getAsJsonObject("googlenet_transform_eval"), "googlenet transform_input", model, 1e-4, 1e-5, 1, 3, 64, 64);
    }

    /**
     * GoogLeNet(10, aux_logits=True, dropout=0, dropout_aux=0) with the script's deterministic values, in training and
     * float64: logits.sum() + 0.3 * both auxiliaries.
     */
    @Test
    void trainsThroughBothAuxiliaryClassifiers() {
        GoogLeNet model = ModelGoldens.deterministicFill(Utils.skipInit(() -> new GoogLeNet(10, true, false, false, 0.0, 0.0)));
        manualSeed(0);
        JsonObject g = G.getAsJsonObject("googlenet_train");
        Tensor x = rand(2, 3, 64, 64);
        assertEquals(g.get("input_sum").getAsDouble(), x.to(DType.FLOAT64).sum().item(), 1e-9);
        model.to(DType.FLOAT64);
        model.train();
        GoogLeNet.GoogLeNetOutputs out = model.forwardOutputs(x.to(DType.FLOAT64));
        JsonArray want = g.getAsJsonArray("outputs");
        Golden.assertClose(Golden.tensor(want.get(0).getAsJsonObject()), out.logits().detach(), 1e-6, 1e-9, "logits");
        // torchvision 0.14 put aux1's output in aux_logits2 and aux2's in aux_logits1; torch4j names them as 0.21 does
        Golden.assertClose(Golden.tensor(want.get(1).getAsJsonObject()), out.auxLogits1().detach(), 1e-6, 1e-9, "aux1's logits");
        Golden.assertClose(Golden.tensor(want.get(2).getAsJsonObject()), out.auxLogits2().detach(), 1e-6, 1e-9, "aux2's logits");
        out.logits().sum().add(out.auxLogits1().sum().add(out.auxLogits2().sum()).mul(0.3)).backward();
        ModelGoldens.checkGrads(g, "googlenet train", model);
        try (var ignored = noGrad()) {
            Golden.assertClose(out.logits().detach(), model.call(x.to(DType.FLOAT64)), 1e-12, 1e-12, "forward gives the logits");
        }
    }

    @Test
    void pretrainedWeightsHaveNoAuxiliaryClassifiers() {
        GoogLeNet m = Utils.skipInit(() -> new GoogLeNet(1000, false, true, false, 0.2, 0.7));
        long n = 0;
        for (Tensor p : m.parameters()) n += p.numel();
        assertEquals(G.get("googlenet_no_aux_num_params").getAsLong(), n);
        assertEquals(GoogLeNetWeights.DEFAULT.numParams(), n);
        assertEquals(224, GoogLeNetWeights.DEFAULT.spec().cropSize());
    }
}
