package dev.torch4j.vision.models;

import com.google.gson.JsonObject;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.function.Supplier;

import static dev.torch4j.Torch.manualSeed;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** VGG 11 to 19, with and without batch norm, against torchvision 0.14 (scripts/goldens/vision_models2_goldens.py). */
class VGGTest {
    private static final JsonObject G = Golden.namedCases("vision_models2");

    private static final Map<String, Supplier<VGG>> BUILDS = Map.of(
            "vgg11", VGG::vgg11, "vgg11_bn", VGG::vgg11Bn, "vgg13", VGG::vgg13, "vgg13_bn", VGG::vgg13Bn,
            "vgg16", VGG::vgg16, "vgg16_bn", VGG::vgg16Bn, "vgg19", VGG::vgg19, "vgg19_bn", VGG::vgg19Bn);

    /** vgg11 and vgg11_bn also compute torchvision's eval outputs (the checks draw nothing: the input comes next). */
    @ParameterizedTest
    @ValueSource(strings = {"vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn"})
    void isTorchvisionsAfterTheSameSeed(String name) {
        manualSeed(0);
        VGG model = BUILDS.get(name).get();
        ModelGoldens.checkBuild(G.getAsJsonObject(name), name, model);
        if (!G.has(name + "_eval")) return;
        if (name.endsWith("_bn")) ModelGoldens.perturbBuffers(model); // else eval-mode batch norm is the identity
        ModelGoldens.checkEval(G.getAsJsonObject(name + "_eval"), name, model, 1, 3, 32, 32);
    }

    @Test
    void trainingStepGivesFiniteGradients() {
        manualSeed(0);
        ModelGoldens.checkTrainStep(VGG.vgg11Bn(10), 10, 2, 3, 32, 32);
    }

    @Test
    void aCustomConfiguration() {
        manualSeed(0);
        VGG model = new VGG(VGG.makeLayers(new int[] {8, VGG.M, 512, VGG.M}, true), 5, true, 0.0);
        assertEquals("Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))", model.features.get(0).toString());
        assertEquals("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", model.features.get(3).toString());
        ModelGoldens.checkTrainStep(model, 5, 2, 3, 16, 16);
    }
}
