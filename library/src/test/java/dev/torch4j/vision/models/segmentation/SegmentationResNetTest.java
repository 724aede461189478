package dev.torch4j.vision.models.segmentation;

import com.google.gson.JsonObject;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FCN and DeepLabV3 on dilated ResNets against torchvision 0.14 (scripts/goldens/vision_segmentation_goldens.py). */
class SegmentationResNetTest {
    private static final JsonObject G = Golden.namedCases("vision_segmentation_resnet");

    /** Built with the auxiliary head, as the pretrained weights are. */
    @ParameterizedTest
    @ValueSource(strings = {"fcn_resnet50", "fcn_resnet101", "deeplabv3_resnet50", "deeplabv3_resnet101"})
    void isTorchvisionsAfterTheSameSeedAndComputesItsOutputs(String name) {
        JsonObject g = G.getAsJsonObject(name);
        switch (name) {
            case "fcn_resnet50" -> SegmentationTest.checkModel(g, name, () -> FCN.fcnResnet50(null, null, true, null), FCNResNet50Weights.DEFAULT);
            case "fcn_resnet101" -> SegmentationTest.checkModel(g, name, () -> FCN.fcnResnet101(null, null, true, null), FCNResNet101Weights.DEFAULT);
            case "deeplabv3_resnet50" -> SegmentationTest.checkModel(g, name, () -> DeepLabV3.deeplabv3Resnet50(null, null, true, null),
                    DeepLabV3ResNet50Weights.DEFAULT);
            default -> SegmentationTest.checkModel(g, name, () -> DeepLabV3.deeplabv3Resnet101(null, null, true, null),
                    DeepLabV3ResNet101Weights.DEFAULT);
        }
    }
}
