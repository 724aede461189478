package dev.torch4j.vision.models.detection;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.models.ModelGoldens;
import dev.torch4j.vision.models.ObjectDetection;
import dev.torch4j.vision.ops.FrozenBatchNorm2d;
import dev.torch4j.vision.ops.MultiScaleRoIAlign;
import org.junit.jupiter.api.Test;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * torchvision 0.14's {@code fasterrcnn_resnet50_fpn} (seeded, untrained: no network for weights) against
 * scripts/goldens/vision_detection_goldens.py: the same parameters after the same seed, eval-mode detections, and
 * train-mode losses with their gradients.
 */
class FasterRCNNTest {
    private static final JsonObject CASES = Golden.namedCases("vision_detection");

    /** The golden's model: seeded build, then the predictor scaled (cls_score by 0.02, bbox_pred by 0.1) so that scores do not saturate. */
    private static FasterRCNN build(FasterRCNN.Options o) {
        Torch.manualSeed(0);
        return scaled(FasterRCNN.fasterrcnnResnet50Fpn(null, null, 3L, null, o.maxSize(256)));
    }

    private static FasterRCNN scaled(FasterRCNN m) {
        try (var g = Torch.noGrad()) {
            m.roi_heads.box_predictor.cls_score.weight.mul_(0.02);
            m.roi_heads.box_predictor.bbox_pred.weight.mul_(0.1);
        }
        return m;
    }

    @Test
    void evalDetections() {
        JsonObject g = CASES.getAsJsonObject("model_eval");
        FasterRCNN.Options o = FasterRCNN.options().minSize(160).rpnPreNmsTopNTest(200).rpnPostNmsTopNTest(30).boxDetectionsPerImg(12);
        Torch.manualSeed(0);
        FasterRCNN m = FasterRCNN.fasterrcnnResnet50Fpn(null, null, 3L, null, o.maxSize(256));
        ModelGoldens.checkBuild(g, "fasterrcnn_resnet50_fpn(num_classes=3)", m);
        scaled(m).eval();
        List<Tensor> images = DetectionGoldens.images(g, 1);
        List<Map<String, Tensor>> out;
        try (var ng = Torch.noGrad()) {
            out = m.forward(images);
        }
        JsonArray want = g.getAsJsonArray("detections");
        assertEquals(2, out.size());
        for (int i = 0; i < 2; i++) {
            JsonObject w = want.get(i).getAsJsonObject();
            assertEquals(List.of("boxes", "labels", "scores"), new ArrayList<>(out.get(i).keySet()));
            Golden.assertExact(Golden.tensor(w.getAsJsonObject("labels")), out.get(i).get("labels"), "labels of image " + i);
            // float32 noise through 50 random layers: PyTorch's own float32 and float64 boxes differ by up to 6e-4 pixels
            Golden.assertClose(Golden.tensor(w.getAsJsonObject("boxes")), out.get(i).get("boxes"), 1e-5, 2e-3, "boxes of image " + i);
            Golden.assertClose(Golden.tensor(w.getAsJsonObject("scores")), out.get(i).get("scores"), 1e-5, 1e-6, "scores of image " + i);
        }
    }

    @Test
    void trainLossesAndGradients() {
        FasterRCNN m = build(FasterRCNN.options().minSize(144, 160).rpnPreNmsTopNTrain(300).rpnPostNmsTopNTrain(100).rpnBatchSizePerImage(64)
                .boxBatchSizePerImage(32));
        checkTrain(CASES.getAsJsonObject("model_train"), m);
    }

    /** Training mode after manualSeed(2) on the golden's images and targets: the four losses, then gradients of their sum. */
    static void checkTrain(JsonObject g, FasterRCNN m) {
        JsonObject t = CASES.getAsJsonObject("model_train");
        m.train();
        List<Tensor> images = DetectionGoldens.images(g, 2);
        List<Tensor> boxes = DetectionComponentsTest.list(t, "targets"), labels = DetectionComponentsTest.list(t, "target_labels");
        List<Map<String, Tensor>> targets = List.of(Map.of("boxes", boxes.get(0), "labels", labels.get(0)), Map.of("boxes", boxes.get(1), "labels", labels.get(1)));
        DetectionGoldens.checkLossesAndGrads(g, m.forward(images, targets).losses(),
                List.of("loss_classifier", "loss_box_reg", "loss_objectness", "loss_rpn_box_reg"), m);
    }

    @Test
    void weightsAndFactoryChecks() {
        FasterRCNNResNet50FPNWeights w = FasterRCNNResNet50FPNWeights.DEFAULT;
        assertEquals(FasterRCNNResNet50FPNWeights.COCO_V1, w);
        assertEquals("https://download.pytorch.org/models/fasterrcnn_resnet50_fpn_coco-258fb6c6.pth", w.url());
        assertEquals(41755286L, w.numParams());
        // the architecture the weights are for: frozen batch norms (buffers, not parameters), 91 classes
        var frozen = dev.torch4j.vision.models.ResNet.resnet50(null, dev.torch4j.vision.models.ResNet.options().normLayer(FrozenBatchNorm2d::new));
        FasterRCNN coco = new FasterRCNN(BackboneUtils.resnetFpnExtractor(frozen, 3, null, null, null), 91L);
        assertEquals(w.numParams(), coco.parameters().stream().mapToLong(Tensor::numel).sum(), "parameters of the COCO architecture");
        assertEquals(91, w.categories().size());
        assertEquals("__background__", w.categories().getFirst());
        assertEquals("person", w.categories().get(1));
        assertEquals("toothbrush", w.categories().getLast());
        assertEquals(91, w.numClasses());
        assertEquals(Map.of("box_map", 37.0), w.metrics());
        assertTrue(w.transforms() instanceof ObjectDetection);
        assertEquals("ObjectDetection()", w.transforms().toString());
        Tensor img = Torch.tensor(new long[] {0, 255}).to(DType.UINT8);
        Golden.assertExact(Torch.tensor(new double[] {0, 1}).to(DType.FLOAT32), w.transforms().apply(img), "ObjectDetection on uint8");
        var e = assertThrows(IllegalArgumentException.class, () -> FasterRCNN.overwriteValueParam("num_classes", 3L, 91));
        assertEquals("The parameter 'num_classes' expected value 91 but got 3 instead.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FasterRCNN(new BatchNorm2d(3), 2L));
        assertTrue(e.getMessage().startsWith("backbone should contain an attribute out_channels"), e.getMessage());
    }

    @Test
    void frozenBackboneFreezesLayers() {
        // what weights_backbone builds, without the download: frozen batch norms, the last 3 of 5 layers trainable
        var resnet = dev.torch4j.vision.models.ResNet.resnet18(null, dev.torch4j.vision.models.ResNet.options().normLayer(FrozenBatchNorm2d::new));
        BackboneWithFPN b = BackboneUtils.resnetFpnExtractor(resnet, 3, null, null, null);
        assertEquals(256, b.outChannels());
        for (var e : b.namedParameters().entrySet()) {
            boolean trains = e.getKey().startsWith("body.layer2") || e.getKey().startsWith("body.layer3") || e.getKey().startsWith("body.layer4")
                    || e.getKey().startsWith("fpn.");
            assertEquals(trains, e.getValue().requiresGrad(), e.getKey());
        }
        assertFalse(b.body.namedChildren().containsKey("fc"), "the classifier is cut off");
        assertTrue(b.body.namedChildren().get("bn1") instanceof FrozenBatchNorm2d);
        Map<String, Tensor> feats = b.features(Torch.rand(1, 3, 64, 64));
        assertEquals(List.of("0", "1", "2", "3", "pool"), new ArrayList<>(feats.keySet()));
        assertEquals(List.of(16L, 8L, 4L, 2L, 1L), feats.values().stream().map(t -> t.size(-1)).toList());
        FasterRCNN m = new FasterRCNN(b, 2L, FasterRCNN.options().minSize(64).maxSize(64));
        FasterRCNN.overwriteEps(m, 0.0);
        assertEquals(0.0, ((FrozenBatchNorm2d) b.body.namedChildren().get("bn1")).eps);

        List<Tensor> images = List.of(Torch.rand(3, 64, 64));
        m.train();
        var e = assertThrows(IllegalArgumentException.class, () -> m.forward(images, null));
        assertEquals("targets should not be none when in training mode", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(images, List.of(Map.of("boxes", Torch.zeros(4), "labels", Torch.ones(1)))));
        assertEquals("Expected target boxes to be a tensor of shape [N, 4], got torch.Size([4]).", e.getMessage());
        Tensor degenerate = Torch.tensor(new double[][] {{1, 2, 30, 40}, {5, 5, 5, 10}}).to(DType.FLOAT32);
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(images, List.of(Map.of("boxes", degenerate, "labels", Torch.ones(2)))));
        assertEquals("All bounding boxes should have positive height and width. Found invalid box [5.0, 5.0, 5.0, 10.0] for target at index 0.",
                e.getMessage());
        m.eval();
        List<Map<String, Tensor>> out;
        try (var ng = Torch.noGrad()) {
            out = m.forward(images);
        }
        assertEquals(List.of("boxes", "labels", "scores"), new ArrayList<>(out.getFirst().keySet()));
        assertEquals(4, out.getFirst().get("boxes").size(1));
    }

    @Test
    void plainBackboneGivesOneMapNamedZero() {
        Torch.manualSeed(3);
        var backbone = new Sequential(new Conv2d(3, 8, 3, Conv2d.options().stride(4).padding(1)), new ReLU());
        var anchors = new AnchorGenerator(new long[][] {{8, 16, 32}}, new double[][] {{0.5, 1.0, 2.0}});
        var pool = new MultiScaleRoIAlign(List.of("0"), new long[] {7}, 2);
        FasterRCNN m = new FasterRCNN(backbone, 8, 3L, FasterRCNN.options().minSize(64).maxSize(96).rpnAnchorGenerator(anchors).boxRoiPool(pool)
                .boxScoreThresh(0.0));
        assertEquals(List.of("backbone.0.weight", "backbone.0.bias"), m.stateDict().keySet().stream().filter(k -> k.startsWith("backbone")).toList());
        m.eval();
        List<Map<String, Tensor>> out;
        try (var ng = Torch.noGrad()) {
            out = m.forward(List.of(Torch.rand(3, 40, 50)));
        }
        assertTrue(out.getFirst().get("boxes").size(0) > 0, "some detections");
        Tensor boxes = out.getFirst().get("boxes");
        assertTrue(boxes.select(1, 2).le(50.0).all().item() != 0 && boxes.select(1, 3).le(40.0).all().item() != 0, "boxes inside the original image");
    }
}
