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
import dev.torch4j.vision.ops.LastLevelP6P7;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.torch4j.vision.models.detection.DetectionComponentsTest.list;
import static dev.torch4j.vision.models.detection.DetectionComponentsTest.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** torchvision 0.14's RetinaNet (its head, losses, postprocessing and {@code retinanet_resnet50_fpn}, seeded and untrained) against scripts/goldens/vision_retinanet_goldens.py. */
class RetinaNetTest {
    private static final JsonObject CASES = Golden.namedCases("vision_retinanet");

    private static JsonObject c(String name) { return CASES.getAsJsonObject(name); }

    private static List<Map<String, Tensor>> targets(JsonObject g) {
        List<Tensor> boxes = list(g, "targets"), labels = list(g, "target_labels");
        List<Map<String, Tensor>> out = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) out.add(Map.of("boxes", boxes.get(i), "labels", labels.get(i)));
        return out;
    }

    @Test
    void headOutputsLossesAndGradients() {
        JsonObject g = c("head");
        Torch.manualSeed(0);
        RetinaNetHead head = new RetinaNetHead(4, 3, 4);
        JsonObject state = g.getAsJsonObject("state");
        assertEquals(new ArrayList<>(state.keySet()), new ArrayList<>(head.stateDict().keySet()));
        for (var e : state.entrySet()) {
            Golden.assertClose(Golden.tensor(e.getValue().getAsJsonObject()), head.stateDict().get(e.getKey()), 1e-6, 1e-9, e.getKey());
        }
        assertEquals(g.get("repr").getAsString(), head.toString());
        Map<String, Tensor> out = head.forward(list(g, "features"));
        Golden.assertClose(t(g, "cls_logits"), out.get("cls_logits"), 1e-5, 1e-6, "cls_logits");
        Golden.assertClose(t(g, "bbox_regression"), out.get("bbox_regression"), 1e-5, 1e-6, "bbox_regression");
        Map<String, Tensor> losses = head.computeLoss(targets(g), out, list(g, "anchors"), list(g, "matched"));
        assertEquals(List.of("classification", "bbox_regression"), new ArrayList<>(losses.keySet()));
        for (var e : g.getAsJsonObject("losses").entrySet()) {
            assertEquals(e.getValue().getAsDouble(), losses.get(e.getKey()).item(), 1e-5 * Math.abs(e.getValue().getAsDouble()), e.getKey());
        }
        losses.get("classification").add(losses.get("bbox_regression")).backward();
        Map<String, Tensor> params = head.namedParameters();
        for (var e : g.getAsJsonObject("grads").entrySet()) {
            Golden.assertClose(Golden.tensor(e.getValue().getAsJsonObject()), params.get(e.getKey()).grad(), 1e-4, 1e-6, e.getKey() + ".grad");
        }
    }

    @Test
    void lossesGradcheck() {
        JsonObject g = c("head");
        Torch.manualSeed(0);
        RetinaNetHead head = new RetinaNetHead(4, 3, 4);
        List<Tensor> matched = list(g, "matched"), anchors = new ArrayList<>();
        for (Tensor a : list(g, "anchors")) anchors.add(a.to(DType.FLOAT64));
        List<Map<String, Tensor>> targets = new ArrayList<>();
        for (Map<String, Tensor> t : targets(g)) targets.add(Map.of("boxes", t.get("boxes").to(DType.FLOAT64), "labels", t.get("labels")));
        Tensor logits = t(g, "cls_logits").to(DType.FLOAT64).requiresGrad_(true), reg = t(g, "bbox_regression").to(DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> head.classification_head.computeLoss(targets, in[0], matched), logits));
        // L1 has a kink at 0 only; random deltas stay away from their targets
        assertTrue(GradCheck.gradcheck(in -> head.regression_head.computeLoss(targets, in[0], anchors, matched), reg));
    }

    @Test
    void defaultAnchors() {
        JsonObject g = c("anchors");
        AnchorGenerator a = RetinaNet.defaultAnchorgen();
        JsonArray sizes = g.getAsJsonArray("sizes");
        for (int i = 0; i < sizes.size(); i++) {
            long[] want = new long[3];
            for (int k = 0; k < 3; k++) want[k] = sizes.get(i).getAsJsonArray().get(k).getAsLong();
            assertArrayEquals(want, a.sizes[i], "sizes of level " + i);
        }
        List<Tensor> cells = list(g, "cell");
        for (int i = 0; i < cells.size(); i++) Golden.assertExact(cells.get(i), a.cellAnchors().get(i), "cell anchors " + i);
        assertEquals(9, a.numAnchorsPerLocation()[0]);
    }

    @Test
    void postprocessDetections() {
        JsonObject g = c("postprocess");
        Torch.manualSeed(0);
        RetinaNet r = new RetinaNet(new dev.torch4j.nn.Identity(), 4, 4, RetinaNet.options().head(new RetinaNetHead(4, 3, 4)).scoreThresh(0.3)
                .topkCandidates(7).detectionsPerImg(9).nmsThresh(0.4));
        List<Tensor[]> logits = new ArrayList<>(), deltas = new ArrayList<>(), anchors = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            logits.add(perImage(g, "logits", i));
            deltas.add(perImage(g, "deltas", i));
            anchors.add(perImage(g, "anchors", i));
        }
        List<Map<String, Tensor>> dets = r.postprocessDetections(logits, deltas, anchors, DetectionComponentsTest.sizes(g.getAsJsonArray("shapes")));
        for (int i = 0; i < 2; i++) {
            JsonObject w = g.getAsJsonArray("detections").get(i).getAsJsonObject();
            assertEquals(List.of("boxes", "scores", "labels"), new ArrayList<>(dets.get(i).keySet()));
            Golden.assertExact(t(w, "labels"), dets.get(i).get("labels"), "labels " + i);
            Golden.assertClose(t(w, "boxes"), dets.get(i).get("boxes"), 1e-6, 1e-5, "boxes " + i);
            Golden.assertClose(t(w, "scores"), dets.get(i).get("scores"), 1e-6, 1e-7, "scores " + i);
        }
    }

    private static Tensor[] perImage(JsonObject g, String key, int i) {
        JsonArray a = g.getAsJsonArray(key).get(i).getAsJsonArray();
        Tensor[] out = new Tensor[a.size()];
        for (int l = 0; l < out.length; l++) out[l] = Golden.tensor(a.get(l).getAsJsonObject());
        return out;
    }

    @Test
    void evalDetections() {
        JsonObject g = c("model_eval");
        Torch.manualSeed(0);
        RetinaNet m = RetinaNet.retinanetResnet50Fpn(null, null, 3L, null, RetinaNet.options().minSize(160).maxSize(256).scoreThresh(0.009)
                .topkCandidates(40).detectionsPerImg(10));
        ModelGoldens.checkBuild(g, "retinanet_resnet50_fpn(num_classes=3)", m);
        m.eval();
        List<Tensor> images = DetectionGoldens.images(g, 1);
        List<Map<String, Tensor>> out;
        try (var ng = Torch.noGrad()) {
            out = m.forward(images);
        }
        JsonArray want = g.getAsJsonArray("detections");
        for (int i = 0; i < 2; i++) {
            JsonObject w = want.get(i).getAsJsonObject();
            assertEquals(List.of("boxes", "scores", "labels"), new ArrayList<>(out.get(i).keySet()));
            Golden.assertExact(t(w, "labels"), out.get(i).get("labels"), "labels of image " + i);
            Golden.assertClose(t(w, "boxes"), out.get(i).get("boxes"), 1e-5, 2e-3, "boxes of image " + i);
            Golden.assertClose(t(w, "scores"), out.get(i).get("scores"), 1e-4, 1e-7, "scores of image " + i);
        }
    }

    @Test
    void trainLossesAndGradients() {
        JsonObject g = c("model_train");
        Torch.manualSeed(0);
        RetinaNet m = RetinaNet.retinanetResnet50Fpn(null, null, 3L, null, RetinaNet.options().minSize(144, 160).maxSize(256));
        m.train();
        List<Tensor> images = DetectionGoldens.images(g, 2);
        DetectionGoldens.checkLossesAndGrads(g, m.forward(images, targets(g)).losses(), List.of("classification", "bbox_regression"), m);
    }

    @Test
    void weightsAndChecks() {
        RetinaNetResNet50FPNWeights w = RetinaNetResNet50FPNWeights.DEFAULT;
        assertEquals("https://download.pytorch.org/models/retinanet_resnet50_fpn_coco-eeacb38b.pth", w.url());
        assertEquals(Map.of("box_map", 36.4), w.metrics());
        var frozen = ResNet.resnet50(null, ResNet.options().normLayer(FrozenBatchNorm2d::new));
        RetinaNet coco = new RetinaNet(BackboneUtils.resnetFpnExtractor(frozen, 3, new long[] {2, 3, 4}, new LastLevelP6P7(256, 256), null), 91L);
        assertEquals(w.numParams(), coco.parameters().stream().mapToLong(Tensor::numel).sum(), "parameters of the COCO architecture");
        Map<String, Tensor> feats = ((BackboneWithFPN) coco.backbone).features(Torch.rand(1, 3, 64, 64));
        assertEquals(List.of("0", "1", "2", "p6", "p7"), new ArrayList<>(feats.keySet()));
        coco.train();
        var e = assertThrows(IllegalArgumentException.class, () -> coco.forward(List.of(Torch.rand(3, 32, 32)), null));
        assertEquals("targets should not be none when in training mode", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> coco.forward(List.of(Torch.rand(3, 32, 32)),
                List.of(Map.of("boxes", Torch.zeros(4), "labels", Torch.ones(1)))));
        assertEquals("Expected target boxes to be a tensor of shape [N, 4].", e.getMessage());
    }

    /** torchvision's COCO checkpoint predates the heads' version 2 names: {@code conv.2} loads as {@code conv.1.0}. */
    @Test
    void loadsVersionOneHeadNames() {
        Torch.manualSeed(4);
        RetinaNetHead src = new RetinaNetHead(4, 3, 2), dst = new RetinaNetHead(4, 3, 2);
        Map<String, Tensor> old = new java.util.LinkedHashMap<>();
        for (var e : src.stateDict().entrySet()) {
            var m = java.util.regex.Pattern.compile("conv\\.(\\d)\\.0\\.").matcher(e.getKey());
            old.put(m.find() ? m.replaceFirst("conv." + 2 * Integer.parseInt(m.group(1)) + ".") : e.getKey(), e.getValue());
        }
        assertTrue(old.containsKey("classification_head.conv.6.weight") && old.containsKey("regression_head.conv.2.bias"), old.keySet().toString());
        dst.loadStateDict(old);
        for (var e : src.stateDict().entrySet()) Golden.assertExact(e.getValue(), dst.stateDict().get(e.getKey()), e.getKey());
    }
}
