package dev.torch4j.vision.models.detection;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.GroupNorm;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.models.ModelGoldens;
import dev.torch4j.vision.ops.LastLevelP6P7;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.torch4j.vision.models.detection.DetectionComponentsTest.list;
import static dev.torch4j.vision.models.detection.DetectionComponentsTest.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * torchvision 0.14's {@code retinanet_resnet50_fpn_v2} (GroupNorm head, GIoU box loss) and
 * {@code maskrcnn_resnet50_fpn_v2} (batch-norm mask head), seeded and untrained, against
 * scripts/goldens/vision_detection_v2_goldens.py.
 */
class DetectionV2Test {
    private static final JsonObject CASES = Golden.namedCases("vision_detection_v2");
    private static final List<String> MASK_LOSSES = List.of("loss_classifier", "loss_box_reg", "loss_mask", "loss_objectness", "loss_rpn_box_reg");

    private static JsonObject c(String name) { return CASES.getAsJsonObject(name); }

    private static List<Map<String, Tensor>> targets(JsonObject g, List<Tensor> masksFor) {
        List<Tensor> boxes = list(g, "targets"), labels = list(g, "target_labels");
        List<Map<String, Tensor>> out = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            if (masksFor == null) {
                out.add(Map.of("boxes", boxes.get(i), "labels", labels.get(i)));
            } else {
                Tensor masks = DetectionGoldens.ellipses(boxes.get(i), masksFor.get(i).size(1), masksFor.get(i).size(2));
                out.add(Map.of("boxes", boxes.get(i), "labels", labels.get(i), "masks", masks));
            }
        }
        return out;
    }

    private static RetinaNetHead groupNormHead() {
        Torch.manualSeed(0);
        RetinaNetHead head = new RetinaNetHead(8, 3, 4, ch -> new GroupNorm(4, ch));
        head.regression_head.lossType("giou");
        return head;
    }

    @Test
    void groupNormHeadWithGiouLoss() {
        JsonObject g = c("retina_head");
        RetinaNetHead head = groupNormHead();
        DetectionGoldens.checkState(g.getAsJsonObject("state"), head.stateDict(), "RetinaNetHead(norm_layer=GroupNorm)");
        assertEquals(g.get("repr").getAsString(), head.toString());
        Map<String, Tensor> out = head.forward(list(g, "features"));
        Golden.assertClose(t(g, "cls_logits"), out.get("cls_logits"), 1e-5, 1e-6, "cls_logits");
        Golden.assertClose(t(g, "bbox_regression"), out.get("bbox_regression"), 1e-5, 1e-6, "bbox_regression");
        List<Map<String, Tensor>> targets = targets(g, null);
        Map<String, Tensor> scaled = Map.of("cls_logits", out.get("cls_logits"), "bbox_regression", out.get("bbox_regression").mul(20));
        Map<String, Tensor> losses = head.computeLoss(targets, scaled, list(g, "anchors"), list(g, "matched"));
        for (var e : g.getAsJsonObject("losses").entrySet()) {
            assertEquals(e.getValue().getAsDouble(), losses.get(e.getKey()).item(), 1e-5 * Math.abs(e.getValue().getAsDouble()), e.getKey());
        }
        losses.get("classification").add(losses.get("bbox_regression")).backward();
        Map<String, Tensor> params = head.namedParameters();
        for (var e : g.getAsJsonObject("grads").entrySet()) {
            Golden.assertClose(Golden.tensor(e.getValue().getAsJsonObject()), params.get(e.getKey()).grad(), 1e-4, 1e-6, e.getKey() + ".grad");
        }
        // every type of torchvision's _box_loss on the same deltas
        Tensor reg = t(g, "bbox_regression").mul(20);
        for (var e : g.getAsJsonObject("loss_by_type").entrySet()) {
            head.regression_head.lossType(e.getKey());
            double got = head.regression_head.computeLoss(targets, reg, list(g, "anchors"), list(g, "matched")).item();
            assertEquals(e.getValue().getAsDouble(), got, 1e-5 * Math.abs(e.getValue().getAsDouble()), e.getKey() + " loss");
        }
        var err = assertThrows(IllegalArgumentException.class, () -> head.regression_head.lossType("iou"));
        assertEquals("Unsupported loss: iou", err.getMessage());
        assertEquals("l1", new RetinaNetRegressionHead(8, 3).lossType());
    }

    @Test
    void iouLossesGradcheck() {
        JsonObject g = c("retina_head");
        RetinaNetRegressionHead head = groupNormHead().regression_head;
        List<Tensor> matched = list(g, "matched"), anchors = new ArrayList<>();
        for (Tensor a : list(g, "anchors")) anchors.add(a.to(DType.FLOAT64));
        List<Map<String, Tensor>> targets = new ArrayList<>();
        for (Map<String, Tensor> t : targets(g, null)) targets.add(Map.of("boxes", t.get("boxes").to(DType.FLOAT64), "labels", t.get("labels")));
        Tensor reg = t(g, "bbox_regression").to(DType.FLOAT64).mul(20).requiresGrad_(true);
        // not ciou: its alpha carries no gradient (computed under no_grad, as torchvision does), so finite differences disagree
        for (String type : new String[] {"giou", "diou", "smooth_l1"}) {
            head.lossType(type);
            assertTrue(GradCheck.gradcheck(in -> head.computeLoss(targets, in[0], anchors, matched), reg), type);
        }
    }

    @Test
    void batchNormMaskHeads() {
        JsonObject g = c("mask_heads");
        Torch.manualSeed(1);
        MaskRCNNHeads heads = new MaskRCNNHeads(8, new long[] {6, 6}, 2, BatchNorm2d::new);
        DetectionGoldens.checkState(g.getAsJsonObject("state"), heads.stateDict(), "MaskRCNNHeads(norm_layer=BatchNorm2d)");
        assertEquals(g.get("repr").getAsString(), heads.toString());
        try (var ng = Torch.noGrad()) {
            Golden.assertClose(t(g, "train_out"), heads.call(t(g, "input")), 1e-5, 1e-5, "training mode (batch statistics)");
            heads.eval();
            Golden.assertClose(t(g, "eval_out"), heads.call(t(g, "input")), 1e-5, 1e-5, "evaluation mode (updated running statistics)");
        }
    }

    private static <M extends FasterRCNN> M scaled(M m) {
        try (var g = Torch.noGrad()) {
            m.roi_heads.box_predictor.cls_score.weight.mul_(0.02);
            m.roi_heads.box_predictor.bbox_pred.weight.mul_(0.1);
        }
        return m;
    }

    /** The two golden images after manualSeed(1), and their detections by {@code m} in evaluation mode. */
    private static List<Map<String, Tensor>> detect(JsonObject g, dev.torch4j.nn.Module m) {
        m.eval();
        List<Tensor> images = DetectionGoldens.images(g, 1);
        try (var ng = Torch.noGrad()) {
            return m instanceof RetinaNet r ? r.forward(images) : ((MaskRCNN) m).forward(images);
        }
    }

    private static void checkDetections(JsonObject g, List<Map<String, Tensor>> out, List<String> keys, double scoreRtol) {
        JsonArray want = g.getAsJsonArray("detections");
        for (int i = 0; i < 2; i++) {
            JsonObject w = want.get(i).getAsJsonObject();
            Map<String, Tensor> o = out.get(i);
            assertEquals(keys, new ArrayList<>(o.keySet()));
            Golden.assertExact(t(w, "labels"), o.get("labels"), "labels of image " + i);
            Golden.assertClose(t(w, "boxes"), o.get("boxes"), 1e-5, 2e-3, "boxes of image " + i);
            Golden.assertClose(t(w, "scores"), o.get("scores"), scoreRtol, 1e-7, "scores of image " + i);
            if (w.has("masks")) DetectionGoldens.checkMasks(w, o.get("masks"), "image " + i);
        }
    }

    @Test
    void retinanetEvalDetections() {
        JsonObject g = c("retina_eval");
        Torch.manualSeed(0);
        RetinaNet m = RetinaNet.retinanetResnet50FpnV2(null, null, 3L, null, RetinaNet.options().minSize(160).maxSize(256).scoreThresh(0.009)
                .topkCandidates(40).detectionsPerImg(10));
        ModelGoldens.checkBuild(g, "retinanet_resnet50_fpn_v2(num_classes=3)", m);
        assertEquals("giou", m.head.regression_head.lossType());
        checkDetections(g, detect(g, m), List.of("boxes", "scores", "labels"), 1e-4);
    }

    @Test
    void retinanetTrainLossesAndGradients() {
        JsonObject g = c("retina_train");
        Torch.manualSeed(0);
        RetinaNet m = RetinaNet.retinanetResnet50FpnV2(null, null, 3L, null, RetinaNet.options().minSize(144, 160).maxSize(256));
        m.train();
        List<Tensor> images = DetectionGoldens.images(g, 2);
        DetectionGoldens.checkLossesAndGrads(g, m.forward(images, targets(g, null)).losses(), List.of("classification", "bbox_regression"), m);
    }

    @Test
    void maskrcnnEvalDetections() {
        JsonObject g = c("mask_eval");
        Torch.manualSeed(0);
        MaskRCNN m = MaskRCNN.maskrcnnResnet50FpnV2(null, null, 3L, null, FasterRCNN.options().minSize(160).maxSize(256).rpnPreNmsTopNTest(200)
                .rpnPostNmsTopNTest(30).boxDetectionsPerImg(8));
        ModelGoldens.checkBuild(g, "maskrcnn_resnet50_fpn_v2(num_classes=3)", m);
        checkDetections(g, detect(g, scaled(m)), List.of("boxes", "labels", "scores", "masks"), 1e-5);
    }

    @Test
    void maskrcnnTrainLossesAndGradients() {
        JsonObject g = c("mask_train");
        Torch.manualSeed(0);
        MaskRCNN m = scaled(MaskRCNN.maskrcnnResnet50FpnV2(null, null, 3L, null, FasterRCNN.options().minSize(144, 160).maxSize(256)
                .rpnPreNmsTopNTrain(300).rpnPostNmsTopNTrain(100).rpnBatchSizePerImage(64).boxBatchSizePerImage(32)));
        m.train();
        List<Tensor> images = DetectionGoldens.images(g, 2);
        DetectionGoldens.checkLossesAndGrads(g, m.forward(images, targets(g, images)).losses(), MASK_LOSSES, m);
    }

    @Test
    void weights() {
        RetinaNetResNet50FPNV2Weights rw = RetinaNetResNet50FPNV2Weights.DEFAULT;
        assertEquals(RetinaNetResNet50FPNV2Weights.COCO_V1, rw);
        assertEquals("https://download.pytorch.org/models/retinanet_resnet50_fpn_v2_coco-5905b1c5.pth", rw.url());
        assertEquals(Map.of("box_map", 41.5), rw.metrics());
        assertEquals(91, rw.categories().size());
        RetinaNet retina = RetinaNet.retinanetResnet50FpnV2();
        assertEquals(rw.numParams(), retina.parameters().stream().mapToLong(Tensor::numel).sum(), "parameters of the COCO RetinaNet v2");
        assertEquals(2048, ((LastLevelP6P7) ((BackboneWithFPN) retina.backbone).fpn.extra_blocks).p6.inChannels, "P6 from C5");

        MaskRCNNResNet50FPNV2Weights mw = MaskRCNNResNet50FPNV2Weights.DEFAULT;
        assertEquals("https://download.pytorch.org/models/maskrcnn_resnet50_fpn_v2_coco-73cbd019.pth", mw.url());
        assertEquals(Map.of("box_map", 47.4, "mask_map", 41.8), mw.metrics());
        MaskRCNN mask = MaskRCNN.maskrcnnResnet50FpnV2();
        assertEquals(mw.numParams(), mask.parameters().stream().mapToLong(Tensor::numel).sum(), "parameters of the COCO Mask R-CNN v2");
        assertTrue(mask.roi_heads.box_head instanceof FastRCNNConvFCHead);
        assertTrue(mask.stateDict().containsKey("roi_heads.mask_head.3.1.running_var"), "batch norm in the mask head");

        var e = assertThrows(IllegalArgumentException.class, () -> RetinaNet.retinanetResnet50FpnV2(rw, null, 3L, null, RetinaNet.options()));
        assertEquals("The parameter 'num_classes' expected value 91 but got 3 instead.", e.getMessage());
    }
}
