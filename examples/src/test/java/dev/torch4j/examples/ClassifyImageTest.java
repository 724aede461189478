package dev.torch4j.examples;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.vision.models.ResNet;
import dev.torch4j.vision.models.ResNet50Weights;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The example's pipeline (preset, ResNet-50, softmax, top-5) against torchvision's on the same seeded weights and
 * image (scripts/goldens/classify_image_goldens.py); the download itself is PretrainedWeightsTest's and HubTest's.
 */
class ClassifyImageTest {
    @Test
    void topFiveAsTorchvision() throws Exception {
        List<String[]> want;
        try (var in = ClassifyImageTest.class.getResourceAsStream("/classify_image.tsv")) {
            want = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().map(l -> l.split("\t")).toList();
        }
        Torch.manualSeed(0);
        ResNet model = ResNet.resnet50();
        Torch.manualSeed(1);
        Tensor image = Torch.randint(0, 256, Size.of(3, 180, 240), Torch.dtype(DType.UINT8));
        List<ClassifyImage.Prediction> got = ClassifyImage.topK(model, ResNet50Weights.DEFAULT, image, 5);
        assertEquals(5, want.size());
        for (int i = 0; i < 5; i++) {
            double p = Double.parseDouble(want.get(i)[1]);
            assertEquals(want.get(i)[0], got.get(i).category(), "class " + i);
            assertEquals(p, got.get(i).probability(), 1e-4 * p + 1e-6, "probability " + i);
        }
    }
}
