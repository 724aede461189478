package dev.torch4j.vision.models.detection;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.ops.MultiScaleRoIAlign;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts of torchvision 0.14's Faster R-CNN, each on its own, against scripts/goldens/vision_detection_goldens.py. */
class DetectionComponentsTest {
    private static final JsonObject CASES = Golden.namedCases("vision_detection");
    private static final double[] MEAN = {0.485, 0.456, 0.406}, STD = {0.229, 0.224, 0.225};

    static JsonObject c(String name) { return CASES.getAsJsonObject(name); }

    static Tensor t(JsonObject o, String key) { return Golden.tensor(o.getAsJsonObject(key)); }

    static List<Tensor> list(JsonObject o, String key) {
        List<Tensor> out = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray(key)) out.add(Golden.tensor(e.getAsJsonObject()));
        return out;
    }

    static List<long[]> sizes(JsonArray a) {
        List<long[]> out = new ArrayList<>();
        for (JsonElement e : a) out.add(new long[] {e.getAsJsonArray().get(0).getAsLong(), e.getAsJsonArray().get(1).getAsLong()});
        return out;
    }

    @Test
    void anchors() {
        JsonObject g = c("anchors");
        var gen = new AnchorGenerator(new long[][] {{16}, {32, 64}}, new double[][] {{0.5, 1.0, 2.0}, {1.0, 0.7}});
        assertArrayEquals(new long[] {3, 4}, gen.numAnchorsPerLocation());
        List<Tensor> cells = list(g, "cell");
        for (int i = 0; i < cells.size(); i++) Golden.assertExact(cells.get(i), gen.cellAnchors().get(i), "cell anchors " + i);
        ImageList il = new ImageList(Torch.zeros(2, 3, 64, 96), List.of(new long[] {64, 90}, new long[] {50, 96}));
        List<Tensor> anchors = gen.forward(il, List.of(Torch.zeros(2, 4, 8, 12), Torch.zeros(2, 4, 4, 6)));
        assertEquals(2, anchors.size());
        Golden.assertExact(t(g, "anchors"), anchors.get(0), "anchors of image 0");
        Golden.assertExact(t(g, "anchors"), anchors.get(1), "anchors of image 1");
        List<Tensor> def = list(g, "default_cell");
        for (int i = 0; i < def.size(); i++) Golden.assertExact(def.get(i), FasterRCNN.defaultAnchorgen().cellAnchors().get(i), "default cell anchors " + i);
    }

    @Test
    void boxCoder() {
        JsonObject g = c("box_coder");
        Tensor ref = t(g, "reference"), prop = t(g, "proposals"), codes = t(g, "codes");
        BoxCoder coder = new BoxCoder(new double[] {10, 10, 5, 5}), coder1 = new BoxCoder(new double[] {1, 1, 1, 1});
        Golden.assertClose(t(g, "encode_10_10_5_5"), coder.encodeSingle(ref, prop), "encode (10, 10, 5, 5)");
        Golden.assertClose(t(g, "encode_1").narrow(0, 2, 4), coder1.encode(List.of(ref.narrow(0, 0, 2), ref.narrow(0, 2, 4)),
                List.of(prop.narrow(0, 0, 2), prop.narrow(0, 2, 4))).get(1), "encode (1, 1, 1, 1), second image");
        Tensor decoded = coder.decode(codes, List.of(prop.narrow(0, 0, 4), prop.narrow(0, 4, 2)));
        assertArrayEquals(new long[] {6, 3, 4}, decoded.shapeArray());
        Golden.assertClose(t(g, "decode_10_10_5_5"), decoded, "decode (10, 10, 5, 5), one log-scale clamped");
        Golden.assertClose(t(g, "decode_1"), coder1.decodeSingle(codes, prop), "decode_single (1, 1, 1, 1)");
    }

    @Test
    void boxCoderGradcheck() {
        Torch.manualSeed(11);
        Tensor xy = Torch.rand(3, 2).to(DType.FLOAT64).mul(10), boxes = Torch.cat(new Tensor[] {xy, xy.add(Torch.rand(3, 2).to(DType.FLOAT64).add(1))}, 1);
        Tensor codes = Torch.randn(3, 8).to(DType.FLOAT64).mul(0.5).requiresGrad_(true), ref = boxes.add(0.5).requiresGrad_(true);
        BoxCoder coder = new BoxCoder(new double[] {10, 10, 5, 5});
        assertTrue(GradCheck.gradcheck(in -> coder.decodeSingle(in[0], in[1]), codes, boxes.requiresGrad_(true)));
        assertTrue(GradCheck.gradcheck(in -> coder.encodeSingle(in[0], in[1]), ref, boxes));
    }

    @Test
    void matcher() {
        JsonObject g = c("matcher");
        Tensor iou = t(g, "iou"), tied = t(g, "tied");
        Golden.assertExact(t(g, "low_quality"), new Matcher(0.7, 0.3, true).apply(iou), "Matcher(0.7, 0.3, allow_low_quality_matches=True)");
        Golden.assertExact(t(g, "plain"), new Matcher(0.5, 0.5).apply(iou), "Matcher(0.5, 0.5)");
        Golden.assertExact(t(g, "tied_low_quality"), new Matcher(0.7, 0.3, true).apply(tied), "ties, low-quality matches");
        Golden.assertExact(t(g, "tied_plain"), new Matcher(0.7, 0.3).apply(tied), "ties");
        var e = assertThrows(IllegalArgumentException.class, () -> new Matcher(0.7, 0.3).apply(Torch.zeros(0, 4)));
        assertEquals("No ground-truth boxes available for one of the images during training", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Matcher(0.7, 0.3).apply(Torch.zeros(2, 0)));
        assertEquals("No proposal boxes available for one of the images during training", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Matcher(0.3, 0.7));
    }

    @Test
    void samplerDrawsAsPyTorch() {
        JsonObject g = c("sampler");
        Torch.manualSeed(3);
        var s = new BalancedPositiveNegativeSampler(8, 0.25).apply(list(g, "labels"));
        List<Tensor> pos = list(g, "pos"), neg = list(g, "neg");
        for (int i = 0; i < pos.size(); i++) {
            Golden.assertExact(pos.get(i), s.positive().get(i), "positives of image " + i);
            Golden.assertExact(neg.get(i), s.negative().get(i), "negatives of image " + i);
        }
        Golden.assertExact(t(g, "next_rand"), Torch.rand(2), "the generator's state after sampling");
    }

    @Test
    void transform() {
        JsonObject g = c("transform");
        Torch.manualSeed(4);
        List<Tensor> images = List.of(Torch.rand(3, 10, 15), Torch.rand(3, 13, 9));
        List<Tensor> want = list(g, "images");
        for (int i = 0; i < 2; i++) Golden.assertExact(want.get(i), images.get(i), "image " + i);
        List<Tensor> boxes = list(g, "target_boxes");
        List<Map<String, Tensor>> targets = List.of(Map.of("boxes", boxes.get(0)), Map.of("boxes", boxes.get(1)));
        GeneralizedRCNNTransform tr = new GeneralizedRCNNTransform(new long[] {16}, 20, MEAN, STD, 8, null).eval();
        assertEquals(g.get("repr").getAsString(), tr.toString());
        GeneralizedRCNNTransform.Output out = tr.forward(images, targets);
        Golden.assertClose(t(g, "eval_batch"), out.images().tensors(), 1e-5, 1e-5, "eval batch");
        assertSizes(g.getAsJsonArray("eval_sizes"), out.images().imageSizes(), "eval sizes");
        List<Tensor> evalBoxes = list(g, "eval_boxes");
        for (int i = 0; i < 2; i++) Golden.assertClose(evalBoxes.get(i), out.targets().get(i).get("boxes"), "eval boxes " + i);
        assertEquals(boxes.get(0), targets.get(0).get("boxes"), "the caller's targets are untouched");
        List<Tensor> dets = list(g, "detections"), post = list(g, "postprocessed");
        List<Map<String, Tensor>> result = List.of(Map.of("boxes", dets.get(0)), Map.of("boxes", dets.get(1)));
        var back = tr.postprocess(result, out.images().imageSizes(), List.of(new long[] {10, 15}, new long[] {13, 9}));
        for (int i = 0; i < 2; i++) Golden.assertClose(post.get(i), back.get(i).get("boxes"), "postprocessed boxes " + i);
        assertArrayEquals(longs(g.getAsJsonArray("pad32")), GeneralizedRCNNTransform.batchImages(images, 32).shapeArray(), "padded to 32");

        GeneralizedRCNNTransform train = new GeneralizedRCNNTransform(new long[] {12, 16, 20}, 24, MEAN, STD, 8, null).train();
        Torch.manualSeed(5);
        GeneralizedRCNNTransform.Output tout = train.forward(images, targets);
        assertSizes(g.getAsJsonArray("train_sizes"), tout.images().imageSizes(), "train sizes (min_size drawn)");
        Golden.assertClose(t(g, "train_batch"), tout.images().tensors(), 1e-5, 1e-5, "train batch");
        List<Tensor> trainBoxes = list(g, "train_boxes");
        for (int i = 0; i < 2; i++) Golden.assertClose(trainBoxes.get(i), tout.targets().get(i).get("boxes"), "train boxes " + i);
        var e = assertThrows(IllegalArgumentException.class, () -> tr.forward(List.of(Torch.zeros(3, 4, 4).to(DType.INT64))));
        assertEquals("Expected input images to be of floating type (in range [0, 1]), but found type torch.int64 instead", e.getMessage());
    }

    static long[] longs(JsonArray a) {
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsLong();
        return v;
    }

    private static void assertSizes(JsonArray want, List<long[]> got, String what) {
        List<long[]> w = sizes(want);
        assertEquals(w.size(), got.size(), what);
        for (int i = 0; i < w.size(); i++) assertArrayEquals(w.get(i), got.get(i), what + " " + i);
    }

    @Test
    void regionProposalNetwork() {
        JsonObject g = c("rpn");
        var gen = new AnchorGenerator(new long[][] {{16}, {32}}, new double[][] {{0.5, 1.0, 2.0}});
        var head = new RPNHead(8, 3);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (var e : g.getAsJsonObject("head").entrySet()) sd.put(e.getKey(), Golden.tensor(e.getValue().getAsJsonObject()));
        assertEquals("<All keys matched successfully>", head.loadStateDict(sd).toString());
        var rpn = new RegionProposalNetwork(gen, head, 0.7, 0.3, 32, 0.5, 40, 30, 20, 12, 0.7, 0.0);
        Map<String, Tensor> feats = new LinkedHashMap<>();
        for (var e : g.getAsJsonObject("features").entrySet()) feats.put(e.getKey(), Golden.tensor(e.getValue().getAsJsonObject()));
        ImageList il = new ImageList(Torch.zeros(2, 3, 64, 64), sizes(g.getAsJsonArray("image_sizes")));
        rpn.eval();
        List<Tensor> boxes;
        try (var ng = Torch.noGrad()) {
            boxes = rpn.forward(il, feats, null).boxes();
        }
        List<Tensor> want = list(g, "boxes");
        for (int i = 0; i < 2; i++) Golden.assertClose(want.get(i), boxes.get(i), 1e-5, 1e-4, "eval proposals " + i);
        // the scores filter_proposals keeps beside the boxes
        RPNHead.Output h = head.forward(new ArrayList<>(feats.values()));
        Tensor[] flat = RegionProposalNetwork.concatBoxPredictionLayers(h.logits(), h.bboxReg());
        List<Tensor> anchors = gen.forward(il, new ArrayList<>(feats.values()));
        Tensor props = rpn.boxCoder.decode(flat[1].detach(), anchors).view(2, -1, 4);
        var p = rpn.filterProposals(props, flat[0], il.imageSizes(), new long[] {8 * 8 * 3, 4 * 4 * 3});
        List<Tensor> scores = list(g, "scores");
        for (int i = 0; i < 2; i++) Golden.assertClose(scores.get(i), p.scores().get(i), 1e-5, 1e-6, "eval scores " + i);

        rpn.train();
        List<Tensor> tb = list(g, "targets");
        Torch.manualSeed(7);
        RegionProposalNetwork.Output out = rpn.forward(il, feats, List.of(Map.of("boxes", tb.get(0)), Map.of("boxes", tb.get(1))));
        List<Tensor> trainBoxes = list(g, "train_boxes");
        for (int i = 0; i < 2; i++) Golden.assertClose(trainBoxes.get(i), out.boxes().get(i).detach(), 1e-5, 1e-4, "train proposals " + i);
        JsonObject losses = g.getAsJsonObject("losses");
        assertEquals(List.of("loss_objectness", "loss_rpn_box_reg"), new ArrayList<>(out.losses().keySet()));
        for (var e : losses.entrySet()) assertEquals(e.getValue().getAsDouble(), out.losses().get(e.getKey()).item(), 1e-5 * Math.abs(e.getValue().getAsDouble()) + 1e-7, e.getKey());
        out.losses().get("loss_objectness").add(out.losses().get("loss_rpn_box_reg")).backward();
        for (var e : g.getAsJsonObject("grads").entrySet()) {
            Golden.assertClose(Golden.tensor(e.getValue().getAsJsonObject()), head.namedParameters().get(e.getKey()).grad(), 1e-4, 1e-6, "grad of " + e.getKey());
        }
    }

    @Test
    void roiHeads() {
        JsonObject g = c("roi_heads");
        var rh = new RoIHeads(new MultiScaleRoIAlign(List.of("0"), new long[] {7}, 2), new TwoMLPHead(8 * 49, 16), new FastRCNNPredictor(16, 4),
                0.5, 0.5, 16, 0.25, null, 0.05, 0.5, 5);
        var d = rh.postprocessDetections(t(g, "logits"), t(g, "regression"), list(g, "proposals"), sizes(g.getAsJsonArray("image_shapes")));
        List<Tensor> boxes = list(g, "boxes"), scores = list(g, "scores"), labels = list(g, "labels");
        for (int i = 0; i < 2; i++) {
            Golden.assertClose(boxes.get(i), d.boxes().get(i), 1e-5, 1e-5, "boxes " + i);
            Golden.assertClose(scores.get(i), d.scores().get(i), "scores " + i);
            Golden.assertExact(labels.get(i), d.labels().get(i), "labels " + i);
        }
        Tensor logits = t(g, "logits").requiresGrad_(true), regression = t(g, "regression").requiresGrad_(true);
        Tensor[] l = RoIHeads.fastrcnnLoss(logits, regression, list(g, "loss_labels"), list(g, "loss_targets"));
        assertEquals(g.get("loss_classifier").getAsDouble(), l[0].item(), 1e-6, "loss_classifier");
        assertEquals(g.get("loss_box_reg").getAsDouble(), l[1].item(), 1e-6, "loss_box_reg");
        l[0].add(l[1]).backward();
        Golden.assertClose(t(g, "logits_grad"), logits.grad(), "logits' gradient");
        Golden.assertClose(t(g, "regression_grad"), regression.grad(), "deltas' gradient");
    }

    @Test
    void fastrcnnLossGradcheck() {
        Torch.manualSeed(12);
        Tensor logits = Torch.randn(5, 3).to(DType.FLOAT64).requiresGrad_(true), reg = Torch.randn(5, 12).to(DType.FLOAT64).requiresGrad_(true);
        List<Tensor> labels = List.of(Torch.tensor(new long[] {1, 0, 2}), Torch.tensor(new long[] {0, 2}));
        List<Tensor> targets = List.of(Torch.randn(3, 4).to(DType.FLOAT64), Torch.randn(2, 4).to(DType.FLOAT64));
        assertTrue(GradCheck.gradcheck(in -> {
            Tensor[] l = RoIHeads.fastrcnnLoss(in[0], in[1], labels, targets);
            return l[0].add(l[1]);
        }, logits, reg));
    }

    @Test
    void errors() {
        var e = assertThrows(IllegalArgumentException.class, () -> new FastRCNNPredictor(4, 2).predict(Torch.zeros(2, 4, 2, 1)));
        assertEquals("x has the wrong shape, expecting the last two dimensions to be [1,1] instead of [2, 1]", e.getMessage());
        assertEquals(Device.CPU, new ImageList(Torch.zeros(1, 3, 4, 4), List.of(new long[] {4, 4})).to(Device.CPU).tensors().device());
        e = assertThrows(IllegalArgumentException.class, () -> BackboneUtils.validateTrainableLayers(true, 6, 5, 3));
        assertEquals("Trainable backbone layers should be in the range [0,5], got 6 ", e.getMessage());
        assertEquals(5, BackboneUtils.validateTrainableLayers(false, 2, 5, 3));
        assertEquals(3, BackboneUtils.validateTrainableLayers(true, null, 5, 3));
    }
}
