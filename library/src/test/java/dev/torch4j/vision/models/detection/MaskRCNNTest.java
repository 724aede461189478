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
import dev.torch4j.vision.ops.MultiScaleRoIAlign;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.torch4j.vision.models.detection.DetectionComponentsTest.list;
import static dev.torch4j.vision.models.detection.DetectionComponentsTest.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * torchvision 0.14's Mask R-CNN (its mask head, predictor, losses, mask pasting and {@code maskrcnn_resnet50_fpn},
 * seeded and untrained) against scripts/goldens/vision_maskrcnn_goldens.py.
 */
class MaskRCNNTest {
    private static final JsonObject CASES = Golden.namedCases("vision_maskrcnn");

    private static JsonObject c(String name) { return CASES.getAsJsonObject(name); }

    @Test
    void headAndPredictor() {
        JsonObject g = c("heads");
        Torch.manualSeed(0);
        MaskRCNNHeads heads = new MaskRCNNHeads(8, new long[] {6, 6}, 2);
        MaskRCNNPredictor pred = new MaskRCNNPredictor(6, 5, 4);
        DetectionGoldens.checkState(g.getAsJsonObject("heads"), heads.stateDict(), "MaskRCNNHeads");
        DetectionGoldens.checkState(g.getAsJsonObject("predictor"), pred.stateDict(), "MaskRCNNPredictor");
        assertEquals(g.get("heads_repr").getAsString(), heads.toString());
        assertEquals(g.get("predictor_repr").getAsString(), pred.toString());
        try (var ng = Torch.noGrad()) {
            Tensor hx = heads.call(t(g, "input"));
            Golden.assertClose(t(g, "heads_out"), hx, 1e-5, 1e-5, "heads' output");
            Golden.assertClose(t(g, "predictor_out"), pred.call(hx), 1e-5, 1e-5, "predictor's output: [3, 4, 14, 14]");
        }
    }

    @Test
    void pasteMasksInImage() {
        JsonObject g = c("paste");
        Tensor pasted = RoIHeads.pasteMasksInImage(t(g, "masks"), t(g, "boxes"), new long[] {20, 25}, 1);
        Golden.assertClose(t(g, "pasted"), pasted, 1e-6, 1e-7, "pasted masks");
        Tensor empty = RoIHeads.pasteMasksInImage(Torch.zeros(0, 1, 28, 28), Torch.zeros(0, 4), new long[] {5, 6}, 1);
        assertEquals(List.of(0L, 1L, 5L, 6L), List.of(empty.size(0), empty.size(1), empty.size(2), empty.size(3)));
        // wholly outside the image (torchvision fails here): nothing is pasted
        Tensor outside = RoIHeads.pasteMasksInImage(Torch.ones(1, 1, 4, 4), Torch.tensor(new double[][] {{30, 2, 40, 9}}).to(DType.FLOAT32),
                new long[] {20, 25}, 1);
        assertEquals(0.0, outside.sum().item());
    }

    @Test
    void maskLossProjectionAndInference() {
        JsonObject g = c("mask_loss");
        List<Tensor> gtMasks = list(g, "gt_masks"), props = list(g, "proposals"), matched = list(g, "matched"), gtLabels = list(g, "gt_labels");
        Golden.assertClose(t(g, "projected"), RoIHeads.projectMasksOnBoxes(gtMasks.get(0), props.get(0), matched.get(0), 6), 1e-6, 1e-7,
                "project_masks_on_boxes");
        Tensor logits = t(g, "logits").requiresGrad_(true);
        Tensor loss = RoIHeads.maskrcnnLoss(logits, props, gtMasks, gtLabels, matched);
        assertEquals(g.get("loss").getAsDouble(), loss.item(), 1e-6);
        loss.backward();
        Golden.assertClose(t(g, "grad"), logits.grad(), 1e-5, 1e-8, "maskrcnn_loss's gradient");
        Tensor l64 = t(g, "logits").to(DType.FLOAT64).requiresGrad_(true);
        List<Tensor> props64 = props.stream().map(p -> p.to(DType.FLOAT64)).toList();
        assertTrue(GradCheck.gradcheck(in -> RoIHeads.maskrcnnLoss(in[0], props64, gtMasks, gtLabels, matched), l64));
        List<Tensor> inf = RoIHeads.maskrcnnInference(t(g, "logits"), List.of(Torch.tensor(new long[] {1, 3, 0}), Torch.tensor(new long[] {2})));
        List<Tensor> want = list(g, "inference");
        for (int i = 0; i < 2; i++) Golden.assertClose(want.get(i), inf.get(i), 1e-6, 1e-7, "maskrcnn_inference " + i);
        // no positives: zero, still in the graph
        Tensor none = RoIHeads.maskrcnnLoss(logits, List.of(Torch.zeros(0, 4)), List.of(gtMasks.get(0)), List.of(gtLabels.get(0)),
                List.of(Torch.zeros(0).to(DType.INT64)));
        assertEquals(0.0, none.item());
        assertTrue(none.requiresGrad());
    }

    @Test
    void transformResizesTargetMasks() {
        JsonObject g = c("transform");
        Map<String, Tensor> target = new LinkedHashMap<>();
        target.put("boxes", Torch.tensor(new double[][] {{1, 2, 10, 8}, {0, 0, 5, 5}}).to(DType.FLOAT32));
        target.put("labels", Torch.tensor(new long[] {1, 2}));
        target.put("masks", t(g, "masks"));
        var tr = new GeneralizedRCNNTransform(new long[] {16}, 20, new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 8, null);
        tr.eval();
        var out = tr.forward(List.of(t(g, "image")), List.of(target));
        Golden.assertExact(t(g, "resized"), out.targets().getFirst().get("masks"), "masks resized by 16/10");
        var fixed = new GeneralizedRCNNTransform(new long[] {16}, 20, new double[] {0, 0, 0}, new double[] {1, 1, 1}, 8, new long[] {12, 7});
        fixed.eval();
        out = fixed.forward(List.of(t(g, "image")), List.of(target));
        Golden.assertExact(t(g, "fixed"), out.targets().getFirst().get("masks"), "masks resized to the fixed size");
    }

    private static MaskRCNN scaled(MaskRCNN m) {
        try (var g = Torch.noGrad()) {
            m.roi_heads.box_predictor.cls_score.weight.mul_(0.02);
            m.roi_heads.box_predictor.bbox_pred.weight.mul_(0.1);
        }
        return m;
    }

    @Test
    void evalDetectionsWithMasks() {
        JsonObject g = c("model_eval");
        Torch.manualSeed(0);
        MaskRCNN m = MaskRCNN.maskrcnnResnet50Fpn(null, null, 3L, null, FasterRCNN.options().minSize(160).maxSize(256).rpnPreNmsTopNTest(200)
                .rpnPostNmsTopNTest(30).boxDetectionsPerImg(8));
        ModelGoldens.checkBuild(g, "maskrcnn_resnet50_fpn(num_classes=3)", m);
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
            assertEquals(List.of("boxes", "labels", "scores", "masks"), new ArrayList<>(o.keySet()));
            Golden.assertExact(t(w, "labels"), o.get("labels"), "labels of image " + i);
            Golden.assertClose(t(w, "boxes"), o.get("boxes"), 1e-5, 2e-3, "boxes of image " + i);
            Golden.assertClose(t(w, "scores"), o.get("scores"), 1e-5, 1e-6, "scores of image " + i);
            DetectionGoldens.checkMasks(w, o.get("masks"), "image " + i);
        }
    }

    @Test
    void trainLossesWithMasks() {
        JsonObject g = c("model_train");
        Torch.manualSeed(0);
        MaskRCNN m = scaled(MaskRCNN.maskrcnnResnet50Fpn(null, null, 3L, null, FasterRCNN.options().minSize(144, 160).maxSize(256)
                .rpnPreNmsTopNTrain(300).rpnPostNmsTopNTrain(100).rpnBatchSizePerImage(64).boxBatchSizePerImage(32)));
        m.train();
        List<Tensor> images = DetectionGoldens.images(g, 2);
        List<Tensor> boxes = list(g, "targets"), labels = list(g, "target_labels");
        List<Map<String, Tensor>> targets = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            targets.add(Map.of("boxes", boxes.get(i), "labels", labels.get(i), "masks", DetectionGoldens.ellipses(boxes.get(i), images.get(i).size(1), images.get(i).size(2))));
        }
        DetectionGoldens.checkLossesAndGrads(g, m.forward(images, targets).losses(),
                List.of("loss_classifier", "loss_box_reg", "loss_mask", "loss_objectness", "loss_rpn_box_reg"), m);
    }

    @Test
    void weightsAndChecks() {
        MaskRCNNResNet50FPNWeights w = MaskRCNNResNet50FPNWeights.DEFAULT;
        assertEquals(MaskRCNNResNet50FPNWeights.COCO_V1, w);
        assertEquals("https://download.pytorch.org/models/maskrcnn_resnet50_fpn_coco-bf2d0c1e.pth", w.url());
        assertEquals(Map.of("box_map", 37.9, "mask_map", 34.6), w.metrics());
        assertEquals(91, w.categories().size());
        var frozen = ResNet.resnet50(null, ResNet.options().normLayer(FrozenBatchNorm2d::new));
        MaskRCNN coco = new MaskRCNN(BackboneUtils.resnetFpnExtractor(frozen, 3, null, null, null), 91L);
        assertEquals(w.numParams(), coco.parameters().stream().mapToLong(Tensor::numel).sum(), "parameters of the COCO architecture");
        assertTrue(coco.roi_heads.hasMask());
        assertEquals(List.of(14L, 14L), List.of(coco.roi_heads.mask_roi_pool.outputSize[0], coco.roi_heads.mask_roi_pool.outputSize[1]));

        var e = assertThrows(IllegalArgumentException.class, () -> new MaskRCNN(coco.backbone, 3L,
                FasterRCNN.options().maskPredictor(new MaskRCNNPredictor(256, 256, 3))));
        assertEquals("num_classes should be None when mask_predictor is specified", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FasterRCNN(coco.backbone, 3L,
                FasterRCNN.options().maskRoiPool(new MultiScaleRoIAlign(List.of("0"), new long[] {14}, 2))));
        assertEquals("__init__() got an unexpected keyword argument 'mask_roi_pool'", e.getMessage());
        FasterRCNN plain = new FasterRCNN(coco.backbone, 3L);
        assertTrue(!plain.roi_heads.hasMask());
        assertNull(plain.roi_heads.mask_head);
        assertTrue(plain.stateDict().keySet().stream().noneMatch(k -> k.contains("mask")));
    }

    /** A one-map backbone: masks come at the original size, and no detection gives {@code [0, 1, H, W]} masks. */
    @Test
    void plainBackboneWithAndWithoutDetections() {
        Torch.manualSeed(3);
        var backbone = new dev.torch4j.nn.Sequential(new dev.torch4j.nn.Conv2d(3, 8, 3, dev.torch4j.nn.Conv2d.options().stride(4).padding(1)),
                new dev.torch4j.nn.ReLU());
        var anchors = new AnchorGenerator(new long[][] {{8, 16, 32}}, new double[][] {{0.5, 1.0, 2.0}});
        var one = List.of("0");
        FasterRCNN.Options o = FasterRCNN.options().minSize(64).maxSize(96).rpnAnchorGenerator(anchors)
                .boxRoiPool(new MultiScaleRoIAlign(one, new long[] {7}, 2)).maskRoiPool(new MultiScaleRoIAlign(one, new long[] {14}, 2));
        MaskRCNN m = new MaskRCNN(backbone, 8, 3L, o.boxScoreThresh(0.0));
        MaskRCNN none = new MaskRCNN(backbone, 8, 3L, o.boxScoreThresh(1.0));
        m.eval();
        none.eval();
        List<Tensor> images = List.of(Torch.rand(3, 40, 50));
        try (var ng = Torch.noGrad()) {
            Map<String, Tensor> found = m.forward(images).getFirst();
            long n = found.get("boxes").size(0);
            assertTrue(n > 0, "some detections");
            assertEquals(List.of(n, 1L, 40L, 50L), java.util.Arrays.stream(found.get("masks").shapeArray()).boxed().toList());
            assertTrue(found.get("masks").ge(0.0).all().item() != 0 && found.get("masks").le(1.0).all().item() != 0, "probabilities");
            Map<String, Tensor> empty = none.forward(images).getFirst();
            assertEquals(List.of(0L, 1L, 40L, 50L), java.util.Arrays.stream(empty.get("masks").shapeArray()).boxed().toList());
        }
    }

    /** torchvision's COCO checkpoint predates the heads' version 2 names: {@code mask_fcn1} loads as {@code 0.0}. */
    @Test
    void loadsVersionOneHeadNames() {
        Torch.manualSeed(4);
        MaskRCNNHeads src = new MaskRCNNHeads(3, new long[] {4, 5}, 1), dst = new MaskRCNNHeads(3, new long[] {4, 5}, 1);
        Map<String, Tensor> old = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            for (String type : new String[] {"weight", "bias"}) old.put("mask_fcn" + (i + 1) + "." + type, src.stateDict().get(i + ".0." + type));
        }
        assertEquals(List.of("mask_fcn1.weight", "mask_fcn1.bias", "mask_fcn2.weight", "mask_fcn2.bias"), new ArrayList<>(old.keySet()));
        dst.loadStateDict(old);
        for (var e : src.stateDict().entrySet()) Golden.assertExact(e.getValue(), dst.stateDict().get(e.getKey()), e.getKey());
    }
}
