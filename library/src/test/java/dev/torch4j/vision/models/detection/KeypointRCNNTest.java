package dev.torch4j.vision.models.detection;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.models.ModelGoldens;
import dev.torch4j.vision.models.ResNet;
import dev.torch4j.vision.ops.FrozenBatchNorm2d;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.torch4j.vision.models.detection.DetectionComponentsTest.list;
import static dev.torch4j.vision.models.detection.DetectionComponentsTest.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * torchvision 0.14's Keypoint R-CNN (its keypoint head, predictor, heatmap targets, loss, decoding and
 * {@code keypointrcnn_resnet50_fpn}, seeded and untrained) against scripts/goldens/vision_keypointrcnn_goldens.py.
 */
class KeypointRCNNTest {
    private static final JsonObject CASES = Golden.namedCases("vision_keypointrcnn");

    private static JsonObject c(String name) { return CASES.getAsJsonObject(name); }

    @Test
    void headAndPredictor() {
        JsonObject g = c("heads");
        Torch.manualSeed(0);
        KeypointRCNNHeads heads = new KeypointRCNNHeads(4, new long[] {5, 5});
        KeypointRCNNPredictor pred = new KeypointRCNNPredictor(5, 3);
        DetectionGoldens.checkState(g.getAsJsonObject("heads"), heads.stateDict(), "KeypointRCNNHeads");
        DetectionGoldens.checkState(g.getAsJsonObject("predictor"), pred.stateDict(), "KeypointRCNNPredictor");
        assertEquals(g.get("heads_repr").getAsString(), heads.toString());
        assertEquals(g.get("predictor_repr").getAsString(), pred.toString());
        try (var ng = Torch.noGrad()) {
            Tensor hx = heads.call(t(g, "input"));
            Golden.assertClose(t(g, "heads_out"), hx, 1e-5, 1e-5, "heads' output");
            Golden.assertClose(t(g, "predictor_out"), pred.call(hx), 1e-5, 1e-5, "predictor's heatmaps: [2, 3, 24, 24]");
        }
    }

    @Test
    void heatmapTargetsLossAndDecoding() {
        JsonObject h = c("heatmap");
        Tensor[] hv = RoIHeads.keypointsToHeatmap(t(h, "keypoints"), t(h, "rois"), 8);
        Golden.assertExact(t(h, "heatmaps"), hv[0], "heatmap cells (edges in the last cell, invalid ones 0)");
        Golden.assertExact(t(h, "valid"), hv[1], "valid keypoints");

        JsonObject g = c("loss");
        List<Tensor> props = list(g, "proposals"), gt = list(g, "gt"), matched = list(g, "matched");
        Tensor logits = t(g, "logits").requiresGrad_(true);
        Tensor loss = RoIHeads.keypointrcnnLoss(logits, props, gt, matched);
        assertEquals(g.get("loss").getAsDouble(), loss.item(), 1e-5);
        loss.backward();
        Golden.assertClose(t(g, "grad"), logits.grad(), 1e-5, 1e-8, "keypointrcnn_loss's gradient");
        Tensor l64 = t(g, "logits").to(DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> RoIHeads.keypointrcnnLoss(in[0], props, gt, matched), l64));
        var e = assertThrows(IllegalArgumentException.class, () -> RoIHeads.keypointrcnnLoss(Torch.zeros(1, 2, 4, 5), props, gt, matched));
        assertEquals("keypoint_logits height and width (last two elements of shape) should be equal. Instead got H = 4 and W = 5", e.getMessage());

        JsonObject k = c("to_keypoints");
        Tensor[] kp = RoIHeads.heatmapsToKeypoints(t(k, "maps"), t(k, "rois"));
        Golden.assertClose(t(k, "keypoints"), kp[0], 1e-6, 1e-5, "decoded keypoints [R, K, 3]");
        Golden.assertClose(t(k, "scores"), kp[1], 1e-5, 1e-5, "their heatmap values (bicubic)");
    }

    @Test
    void transformScalesKeypoints() {
        JsonObject g = c("transform");
        Map<String, Tensor> target = new LinkedHashMap<>();
        target.put("boxes", Torch.tensor(new double[][] {{1, 2, 10, 8}}).to(DType.FLOAT32));
        target.put("labels", Torch.tensor(new long[] {1}));
        target.put("keypoints", t(g, "keypoints"));
        var tr = new GeneralizedRCNNTransform(new long[] {16}, 20, new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 8, null);
        tr.eval();
        var out = tr.forward(List.of(t(g, "image")), List.of(target));
        Golden.assertExact(t(g, "resized"), out.targets().getFirst().get("keypoints"), "target keypoints resized");
        Map<String, Tensor> det = new LinkedHashMap<>();
        det.put("boxes", Torch.tensor(new double[][] {{1, 2, 12, 9}}).to(DType.FLOAT32));
        det.put("keypoints", t(g, "detected"));
        var post = tr.postprocess(List.of(det), out.images().imageSizes(), List.of(new long[] {10, 15}));
        Golden.assertExact(t(g, "postprocessed"), post.getFirst().get("keypoints"), "detected keypoints mapped back");
    }

    private static KeypointRCNN scaled(KeypointRCNN m) {
        try (var g = Torch.noGrad()) {
            m.roi_heads.box_predictor.cls_score.weight.mul_(0.02);
            m.roi_heads.box_predictor.bbox_pred.weight.mul_(0.1);
        }
        return m;
    }

    @Test
    void evalDetectionsWithKeypoints() {
        JsonObject g = c("model_eval");
        Torch.manualSeed(0);
        KeypointRCNN m = KeypointRCNN.keypointrcnnResnet50Fpn(null, null, null, 5L, null, FasterRCNN.options().minSize(160).maxSize(256)
                .rpnPreNmsTopNTest(200).rpnPostNmsTopNTest(30).boxDetectionsPerImg(6));
        ModelGoldens.checkBuild(g, "keypointrcnn_resnet50_fpn(num_keypoints=5)", m);
        scaled(m).eval();
        List<Tensor> images = DetectionGoldens.images(g, 1);
        List<Map<String, Tensor>> out;
        try (var ng = Torch.noGrad()) {
            out = m.forward(images);
        }
        JsonArray want = g.getAsJsonArray("detections");
        for (int i = 0; i < 2; i++) {
            JsonObject w = want.get(i).getAsJsonObject();
            Map<String, Tensor> o = out.get(i);
            assertEquals(List.of("boxes", "labels", "scores", "keypoints", "keypoints_scores"), new ArrayList<>(o.keySet()));
            Golden.assertExact(t(w, "labels"), o.get("labels"), "labels of image " + i);
            Golden.assertClose(t(w, "boxes"), o.get("boxes"), 1e-5, 2e-3, "boxes of image " + i);
            Golden.assertClose(t(w, "scores"), o.get("scores"), 1e-5, 1e-6, "scores of image " + i);
            Golden.assertClose(t(w, "keypoints"), o.get("keypoints"), 1e-5, 1e-2, "keypoints of image " + i);
            Golden.assertClose(t(w, "keypoints_scores"), o.get("keypoints_scores"), 1e-3, 1e-3, "keypoint scores of image " + i);
        }
    }

    @Test
    void trainLossesWithKeypoints() {
        JsonObject g = c("model_train");
        Torch.manualSeed(0);
        KeypointRCNN m = scaled(KeypointRCNN.keypointrcnnResnet50Fpn(null, null, null, 5L, null, FasterRCNN.options().minSize(144, 160).maxSize(256)
                .rpnPreNmsTopNTrain(300).rpnPostNmsTopNTrain(100).rpnBatchSizePerImage(64).boxBatchSizePerImage(32)));
        m.train();
        List<Tensor> images = DetectionGoldens.images(g, 2);
        List<Tensor> boxes = list(g, "targets"), labels = list(g, "target_labels"), kps = list(g, "target_keypoints");
        List<Map<String, Tensor>> targets = new ArrayList<>();
        for (int i = 0; i < 2; i++) targets.add(Map.of("boxes", boxes.get(i), "labels", labels.get(i), "keypoints", kps.get(i)));
        DetectionGoldens.checkLossesAndGrads(g, m.forward(images, targets).losses(),
                List.of("loss_classifier", "loss_box_reg", "loss_keypoint", "loss_objectness", "loss_rpn_box_reg"), m);
        var bad = List.of(Map.of("boxes", boxes.get(1), "labels", labels.get(1), "keypoints", kps.get(1).to(DType.FLOAT64)));
        var e = assertThrows(IllegalArgumentException.class, () -> m.forward(List.of(images.get(1)), bad));
        assertEquals("target keypoints must of float type, instead got torch.float64", e.getMessage());
    }

    @Test
    void weightsAndChecks() {
        KeypointRCNNResNet50FPNWeights w = KeypointRCNNResNet50FPNWeights.DEFAULT;
        assertEquals(KeypointRCNNResNet50FPNWeights.COCO_V1, w);
        assertEquals("https://download.pytorch.org/models/keypointrcnn_resnet50_fpn_coco-9f466800.pth", KeypointRCNNResNet50FPNWeights.COCO_LEGACY.url());
        assertEquals(Map.of("box_map", 54.6, "kp_map", 65.0), w.metrics());
        assertEquals(List.of("no person", "person"), w.categories());
        assertEquals(17, w.keypointNames().size());
        assertEquals("right_ankle", w.keypointNames().getLast());
        var frozen = ResNet.resnet50(null, ResNet.options().normLayer(FrozenBatchNorm2d::new));
        KeypointRCNN coco = new KeypointRCNN(BackboneUtils.resnetFpnExtractor(frozen, 3, null, null, null), 2L);
        assertEquals(w.numParams(), coco.parameters().stream().mapToLong(Tensor::numel).sum(), "parameters of the COCO architecture");
        assertArrayEquals(new long[] {640, 672, 704, 736, 768, 800}, coco.transform.minSize, "Keypoint R-CNN's own min_size default");
        var e = assertThrows(IllegalArgumentException.class, () -> new KeypointRCNN(coco.backbone, 2L, 17L,
                FasterRCNN.options().keypointPredictor(new KeypointRCNNPredictor(512, 17))));
        assertEquals("num_keypoints should be None when keypoint_predictor is specified", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FasterRCNN(coco.backbone, 2L, FasterRCNN.options().keypointHead(coco.roi_heads.keypoint_head)));
        assertEquals("__init__() got an unexpected keyword argument 'keypoint_head'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FasterRCNN.overwriteValueParam("num_keypoints", 5L, 17));
        assertEquals("The parameter 'num_keypoints' expected value 17 but got 5 instead.", e.getMessage());
    }

    /** A one-map backbone: keypoints come in the original image, and no detection gives {@code [0, K, 3]} keypoints. */
    @Test
    void plainBackboneWithAndWithoutDetections() {
        Torch.manualSeed(3);
        var backbone = new dev.torch4j.nn.Sequential(new dev.torch4j.nn.Conv2d(3, 8, 3, dev.torch4j.nn.Conv2d.options().stride(4).padding(1)),
                new dev.torch4j.nn.ReLU());
        var anchors = new AnchorGenerator(new long[][] {{8, 16, 32}}, new double[][] {{0.5, 1.0, 2.0}});
        var one = List.of("0");
        FasterRCNN.Options o = FasterRCNN.options().minSize(64).maxSize(96).rpnAnchorGenerator(anchors)
                .boxRoiPool(new dev.torch4j.vision.ops.MultiScaleRoIAlign(one, new long[] {7}, 2))
                .keypointRoiPool(new dev.torch4j.vision.ops.MultiScaleRoIAlign(one, new long[] {14}, 2))
                .keypointHead(new KeypointRCNNHeads(8, new long[] {16, 16}))
                .keypointPredictor(new KeypointRCNNPredictor(16, 4));
        KeypointRCNN m = new KeypointRCNN(backbone, 8, 2L, null, o.boxScoreThresh(0.0));
        KeypointRCNN none = new KeypointRCNN(backbone, 8, 2L, null, o.boxScoreThresh(1.0));
        m.eval();
        none.eval();
        List<Tensor> images = List.of(Torch.rand(3, 40, 50));
        try (var ng = Torch.noGrad()) {
            Map<String, Tensor> found = m.forward(images).getFirst();
            long n = found.get("boxes").size(0);
            assertTrue(n > 0, "some detections");
            assertArrayEquals(new long[] {n, 4, 3}, found.get("keypoints").shapeArray());
            assertArrayEquals(new long[] {n, 4}, found.get("keypoints_scores").shapeArray());
            Map<String, Tensor> empty = none.forward(images).getFirst();
            assertArrayEquals(new long[] {0, 4, 3}, empty.get("keypoints").shapeArray());
        }
    }
}
