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

/**
 * Inception3 against torchvision 0.14 (scripts/goldens/vision_models3_goldens.py): inception_v3() built after the same
 * seed and run in eval mode at 80x80; a train-mode step without the auxiliary classifier in float64 with every
 * gradient, and the auxiliary classifier's training output at the 299x299 it needs (both with the script's
 * deterministic values); the pretrained weights' parameter count and preset size.
 */
class Inception3Test {
    private static final JsonObject G = Golden.namedCases("vision_models3_inception");

    @Test
    void inceptionV3IsTorchvisionsAfterTheSameSeedAndComputesItsOutputs() {
        manualSeed(0);
        Inception3 model = Inception3.inceptionV3();
        ModelGoldens.checkBuild(G.getAsJsonObject("inception_v3"), "inception_v3", model);
        long n = 0;
        for (Tensor p : model.parameters()) n += p.numel();
        assertEquals(InceptionV3Weights.DEFAULT.numParams(), n, "the weights keep the auxiliary classifier");
        assertEquals(299, InceptionV3Weights.DEFAULT.spec().cropSize());
        // the golden's eval case rebuilt the model after the same seed, which leaves the generator where this build did
        ModelGoldens.perturbBuffers(model);
        // std 0.1 on every layer and redrawn eval statistics: the logits reach ~1e9, and PyTorch's own float32 is ~1e-6 of
        // the largest off its float64 (small logits far more, relative to themselves)
        JsonObject g = G.getAsJsonObject("inception_v3_eval");
        double scale = Golden.tensor(g.getAsJsonObject("out")).abs().max().item();
        ModelGoldens.checkEval(g, "inception_v3", model, 1e-4, 1e-5 * scale, 1, 3, 80, 80);
        // transform_input is GoogLeNet's (checked against torchvision there): the same as transforming the input first
        Tensor x = rand(1, 3, 80, 80);
        try (var ignored = noGrad()) {
            Tensor plain = model.call(GoogLeNet.transformInput(x, true));
            model.transformInput = true;
            Golden.assertClose(plain, model.call(x), 1e-6, 1e-6 * scale, "transform_input");
        }
    }

    @Test
    void trainsWithoutTheAuxiliaryClassifier() {
        manualSeed(0);
        // the script's deterministic values: in float64 the seeded truncated normals' last-bit differences would show
        Inception3 model = ModelGoldens.deterministicFill(Utils.skipInit(() -> new Inception3(10, false, false, false, 0.0)));
        manualSeed(0);
        ModelGoldens.checkTrain(G.getAsJsonObject("inception_v3_no_aux_train"), "inception_v3 train", model, 2, 3, 80, 80);
    }

    /** The auxiliary classifier reads Mixed_6e's 17x17 map: a float32 training forward at 299x299. */
    @Test
    void auxiliaryClassifierInTraining() {
        Inception3 model = ModelGoldens.deterministicFill(Utils.skipInit(() -> new Inception3(10, true, false, false, 0.0)));
        manualSeed(0);
        JsonObject g = G.getAsJsonObject("inception_v3_aux_train");
        Tensor x = rand(2, 3, 299, 299);
        assertEquals(g.get("input_sum").getAsDouble(), x.to(DType.FLOAT64).sum().item(), 1e-9);
        model.train();
        Inception3.InceptionOutputs out = model.forwardOutputs(x);
        JsonArray want = g.getAsJsonArray("outputs");
        Golden.assertClose(Golden.tensor(want.get(0).getAsJsonObject()), out.logits().detach(), 1e-3, 1e-4, "logits");
        Golden.assertClose(Golden.tensor(want.get(1).getAsJsonObject()), out.auxLogits().detach(), 1e-3, 1e-4, "auxiliary logits");
    }
}
