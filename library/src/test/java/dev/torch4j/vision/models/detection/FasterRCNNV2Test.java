package dev.torch4j.vision.models.detection;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.models.ModelGoldens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.torch4j.vision.models.detection.DetectionComponentsTest.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** torchvision 0.14's {@code fasterrcnn_resnet50_fpn_v2} and {@code FastRCNNConvFCHead} (seeded, untrained) against scripts/goldens/vision_fasterrcnn_v2_goldens.py. */
class FasterRCNNV2Test {
    private static final JsonObject CASES = Golden.namedCases("vision_fasterrcnn_v2");

    @Test
    void convFcHeadAndDeepRpnHead() {
        JsonObject g = CASES.getAsJsonObject("conv_fc_head");
        Torch.manualSeed(0);
        var h = new FastRCNNConvFCHead(new long[] {4, 5, 5}, new long[] {6, 6}, new long[] {10}, BatchNorm2d::new);
        var plain = new FastRCNNConvFCHead(new long[] {4, 5, 5}, new long[] {6}, new long[] {7, 3}, null);
        DetectionGoldens.checkState(g.getAsJsonObject("state"), h.stateDict(), "FastRCNNConvFCHead");
        DetectionGoldens.checkState(g.getAsJsonObject("plain_state"), plain.stateDict(), "FastRCNNConvFCHead without norm");
        assertEquals(g.get("repr").getAsString(), h.toString());
        try (var ng = Torch.noGrad()) {
            Golden.assertClose(t(g, "train_out"), h.call(t(g, "input")), 1e-5, 1e-5, "training mode (batch statistics)");
            h.eval();
            Golden.assertClose(t(g, "eval_out"), h.call(t(g, "input")), 1e-5, 1e-5, "evaluation mode (updated running statistics)");
            Golden.assertClose(t(g, "plain_out"), plain.call(t(g, "input")), 1e-5, 1e-5, "without norm");
        }
        Torch.manualSeed(1);
        DetectionGoldens.checkState(CASES.getAsJsonObject("rpn_head").getAsJsonObject("state"), new RPNHead(8, 3, 2).stateDict(), "RPNHead(conv_depth=2)");
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
        Torch.manualSeed(0);
        FasterRCNN m = FasterRCNN.fasterrcnnResnet50FpnV2(null, null, 3L, null, FasterRCNN.options().minSize(160).maxSize(256).rpnPreNmsTopNTest(200)
                .rpnPostNmsTopNTest(30).boxDetectionsPerImg(12));
        ModelGoldens.checkBuild(g, "fasterrcnn_resnet50_fpn_v2(num_classes=3)", m);
        scaled(m).eval();
        List<Tensor> images = DetectionGoldens.images(g, 1);
        List<Map<String, Tensor>> out;
        try (var ng = Torch.noGrad()) {
            out = m.forward(images);
        }
        JsonArray want = g.getAsJsonArray("detections");
        for (int i = 0; i < 2; i++) {
            JsonObject w = want.get(i).getAsJsonObject();
            Golden.assertExact(t(w, "labels"), out.get(i).get("labels"), "labels of image " + i);
            Golden.assertClose(t(w, "boxes"), out.get(i).get("boxes"), 1e-5, 2e-3, "boxes of image " + i);
            Golden.assertClose(t(w, "scores"), out.get(i).get("scores"), 1e-5, 1e-6, "scores of image " + i);
        }
    }

    @Test
    void trainLossesAndGradients() {
        Torch.manualSeed(0);
        FasterRCNN m = scaled(FasterRCNN.fasterrcnnResnet50FpnV2(null, null, 3L, null, FasterRCNN.options().minSize(144, 160).maxSize(256)
                .rpnPreNmsTopNTrain(300).rpnPostNmsTopNTrain(100).rpnBatchSizePerImage(64).boxBatchSizePerImage(32)));
        FasterRCNNTest.checkTrain(CASES.getAsJsonObject("model_train"), m);
    }

    @Test
    void weights() {
        FasterRCNNResNet50FPNV2Weights w = FasterRCNNResNet50FPNV2Weights.DEFAULT;
        assertEquals("https://download.pytorch.org/models/fasterrcnn_resnet50_fpn_v2_coco-dd69338a.pth", w.url());
        assertEquals(Map.of("box_map", 46.7), w.metrics());
        // the weights' architecture is the untrained one (batch norm is not frozen in v2)
        FasterRCNN coco = FasterRCNN.fasterrcnnResnet50FpnV2();
        assertEquals(w.numParams(), coco.parameters().stream().mapToLong(Tensor::numel).sum(), "parameters of the COCO architecture");
        assertTrue(coco.roi_heads.box_head instanceof FastRCNNConvFCHead);
        assertEquals(2, coco.rpn.head.conv.size());
    }
}
