package dev.torch4j.vision.models.detection;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.hub.Hub;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.models.MobileNetV3;
import dev.torch4j.vision.models.MobileNetV3LargeWeights;
import dev.torch4j.vision.models.ModelGoldens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * torchvision 0.14's {@code fasterrcnn_mobilenet_v3_large_fpn} and {@code _320_fpn} (seeded, untrained) against
 * scripts/goldens/vision_detection_goldens.py, and the detection factories' weight handling from the hub cache.
 */
class FasterRCNNMobileNetTest {
    private static final JsonObject CASES = Golden.namedCases("vision_detection");

    @Test
    void mobilenetV3LargeFpn() {
        JsonObject g = CASES.getAsJsonObject("mobilenet_train");
        Torch.manualSeed(0);
        FasterRCNN m = FasterRCNN.fasterrcnnMobilenetV3LargeFpn(null, null, 3L, null, FasterRCNN.options().minSize(160).maxSize(256)
                .rpnPreNmsTopNTrain(300).rpnPostNmsTopNTrain(100).rpnBatchSizePerImage(64).boxBatchSizePerImage(32));
        ModelGoldens.checkBuild(g, "fasterrcnn_mobilenet_v3_large_fpn(num_classes=3)", m);
        assertEquals(0.05, m.rpn.scoreThresh, "the factory's default rpn_score_thresh");
        FasterRCNNTest.checkTrain(g, m);
        FasterRCNN small = FasterRCNN.fasterrcnnMobilenetV3Large320Fpn(null, null, null, null, FasterRCNN.options().rpnPostNmsTopNTest(99));
        small.eval();
        assertEquals(320, small.transform.minSize[0]);
        assertEquals(640, small.transform.maxSize);
        assertEquals(150, small.rpn.preNmsTopN());
        assertEquals(99, small.rpn.postNmsTopN(), "a setting given wins over the factory's default");
        assertEquals(91, small.roi_heads.box_predictor.cls_score.outFeatures);
    }

    /** Weights come from the hub cache (placed there first: no network in tests); the backbone's batch norms are then frozen. */
    @Test
    void factoriesLoadWeightsFromTheHubCache(@TempDir Path dir) throws IOException {
        Hub.setDir(dir);
        try {
            Path checkpoints = dir.resolve("checkpoints");
            Files.createDirectories(checkpoints);
            Torch.manualSeed(1);
            MobileNetV3 imagenet = MobileNetV3.mobilenetV3Large();
            ModelGoldens.perturbBuffers(imagenet);
            Torch.save(imagenet.stateDict(), checkpoints.resolve("mobilenet_v3_large-8738ca79.pth"));
            FasterRCNN m = FasterRCNN.fasterrcnnMobilenetV3LargeFpn(null, MobileNetV3LargeWeights.IMAGENET1K_V1, 5L, null, FasterRCNN.options());
            Map<String, Tensor> body = ((BackboneWithFPN) m.backbone).body.stateDict(), want = imagenet.features.stateDict();
            for (var e : body.entrySet()) Golden.assertExact(want.get(e.getKey()), e.getValue(), "backbone " + e.getKey());
            assertTrue(((BackboneWithFPN) m.backbone).body.modules().stream().noneMatch(x -> x instanceof BatchNorm2d), "frozen batch norms");
            // 3 of the 6 stages (stem, blocks from 2, 4, 7, 13, the last layer) train: from block 7 on
            for (var e : ((BackboneWithFPN) m.backbone).body.namedParameters().entrySet()) {
                int layer = Integer.parseInt(e.getKey().substring(0, e.getKey().indexOf('.')));
                assertEquals(layer >= 7, e.getValue().requiresGrad(), e.getKey());
            }

            Torch.manualSeed(2);
            FasterRCNN coco = FasterRCNN.fasterrcnnMobilenetV3Large320Fpn(null, null, null, null, FasterRCNN.options());
            Torch.save(coco.stateDict(), checkpoints.resolve("fasterrcnn_mobilenet_v3_large_320_fpn-907ea3f9.pth"));
            FasterRCNN loaded = FasterRCNN.fasterrcnnMobilenetV3Large320Fpn(FasterRCNNMobileNetV3Large320FPNWeights.COCO_V1, null, null, null,
                    FasterRCNN.options());
            assertEquals(FasterRCNNMobileNetV3Large320FPNWeights.COCO_V1.numParams(), loaded.parameters().stream().mapToLong(Tensor::numel).sum());
            Map<String, Tensor> got = loaded.stateDict();
            for (var e : coco.stateDict().entrySet()) {
                if (!e.getKey().endsWith("num_batches_tracked")) Golden.assertExact(e.getValue(), got.get(e.getKey()), e.getKey());
            }
            var e = assertThrows(IllegalArgumentException.class,
                    () -> FasterRCNN.fasterrcnnMobilenetV3Large320Fpn(FasterRCNNMobileNetV3Large320FPNWeights.COCO_V1, null, 3L, null, FasterRCNN.options()));
            assertEquals("The parameter 'num_classes' expected value 91 but got 3 instead.", e.getMessage());
        } finally {
            Hub.setDir(null);
        }
    }
}
