package dev.torch4j.vision.models;

import com.google.gson.JsonObject;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Supplier;

import static dev.torch4j.Torch.manualSeed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** SqueezeNet 1.0 and 1.1 against torchvision 0.14 (scripts/goldens/vision_models2_goldens.py). */
class SqueezeNetTest {
    private static final JsonObject G = Golden.namedCases("vision_models2");

    private static Supplier<SqueezeNet> build(String name) {
        return name.equals("squeezenet1_0") ? SqueezeNet::squeezenet1_0 : SqueezeNet::squeezenet1_1;
    }

    @ParameterizedTest
    @ValueSource(strings = {"squeezenet1_0", "squeezenet1_1"})
    void isTorchvisionsAfterTheSameSeedAndComputesItsOutputs(String name) {
        manualSeed(0);
        SqueezeNet model = build(name).get();
        ModelGoldens.checkBuild(G.getAsJsonObject(name), name, model);
        ModelGoldens.checkEval(G.getAsJsonObject(name + "_eval"), name, model, 1, 3, 64, 64); // the input drawn next
    }

    @Test
    void versionsAreOnlyTorchvisions() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SqueezeNet("1_2", 10, 0.5));
        assertEquals("Unsupported SqueezeNet version 1_2: 1_0 or 1_1 expected", e.getMessage());
    }

    /** Fire modules' in-place ReLUs on conv outputs keep the convolutions' history. */
    @Test
    void trains() {
        manualSeed(3);
        ModelGoldens.checkTrainStep(SqueezeNet.squeezenet1_1(10), 10, 2, 3, 64, 64);
    }
}
