package dev.torch4j.vision.models;

import com.google.gson.JsonObject;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import static dev.torch4j.Torch.manualSeed;

/** AlexNet against torchvision 0.14 built after the same seed (scripts/goldens/vision_models2_goldens.py). */
class AlexNetTest {
    private static final JsonObject G = Golden.namedCases("vision_models2");

    @Test
    void isTorchvisionsAfterTheSameSeedAndComputesItsOutputs() {
        manualSeed(0);
        AlexNet model = AlexNet.alexnet();
        ModelGoldens.checkBuild(G.getAsJsonObject("alexnet"), "alexnet", model);
        ModelGoldens.checkEval(G.getAsJsonObject("alexnet_eval"), "alexnet", model, 1, 3, 64, 64); // the input drawn next
    }

    @Test
    void takesTorchvisionsKeywords() {
        manualSeed(0);
        ModelGoldens.checkBuild(G.getAsJsonObject("alexnet_10_dropout"), "alexnet(num_classes=10, dropout=0.25)", new AlexNet(10, 0.25));
    }

    /** AlexNet's ReLU(inplace=True) straight on conv outputs: every layer, the first convolution included, gets a gradient. */
    @Test
    void trains() {
        manualSeed(3);
        ModelGoldens.checkTrainStep(AlexNet.alexnet(10), 10, 2, 3, 63, 63);
    }
}
