package dev.torch4j.vision.models.detection;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Reduction;
import dev.torch4j.vision.ops.Boxes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * torchvision's {@code RegionProposalNetwork} (Ren et al., Faster R-CNN): the head's objectness and deltas on the
 * anchors, decoded into boxes; per feature map the {@code pre_nms_top_n} most object-like, clipped, tiny boxes and
 * those under {@code score_thresh} dropped, NMS within each level, and the best {@code post_nms_top_n} kept (the
 * numbers differ between training and evaluation). In training mode, anchors are matched to the targets' boxes
 * (IoU from {@code fg_iou_thresh} positive, under {@code bg_iou_thresh} negative), a balanced sample is drawn, and the
 * losses are binary cross-entropy on objectness and smooth L1 (beta 1/9) on the positives' deltas.
 */
public class RegionProposalNetwork extends Module {
    /** Makes the anchors. */
    public final AnchorGenerator anchor_generator;
    /** Objectness and box deltas per anchor. */
    public final RPNHead head;
    /** Deltas against anchors, weights (1, 1, 1, 1). */
    public final BoxCoder boxCoder = new BoxCoder(new double[] {1, 1, 1, 1});
    /** Anchors to targets, low-quality matches allowed. */
    public final Matcher proposalMatcher;
    /** Draws the anchors the losses use. */
    public final BalancedPositiveNegativeSampler fgBgSampler;
    private final long preNmsTopNTrain, preNmsTopNTest, postNmsTopNTrain, postNmsTopNTest;
    /** NMS's IoU threshold. */
    public final double nmsThresh;
    /** Proposals scoring (after the sigmoid) below this are dropped. */
    public final double scoreThresh;
    /** Proposals narrower or lower than this are dropped. */
    public final double minSize = 1e-3;

    /** The proposals (per image, best first) and, in training mode, the losses {@code loss_objectness}, {@code loss_rpn_box_reg}. */
    public record Output(List<Tensor> boxes, Map<String, Tensor> losses) {}

    /** Per image, each anchor's label (1, 0 or -1) and matched target box. */
    public record Assigned(List<Tensor> labels, List<Tensor> matchedGtBoxes) {}

    /** The proposals and their objectness probabilities, per image. */
    public record Proposals(List<Tensor> boxes, List<Tensor> scores) {}

    /**
     * {@code RegionProposalNetwork(anchor_generator, head, fg_iou_thresh, bg_iou_thresh, batch_size_per_image,
     * positive_fraction, pre_nms_top_n, post_nms_top_n, nms_thresh, score_thresh)}, the top-n numbers given for
     * training and testing.
     */
    public RegionProposalNetwork(AnchorGenerator anchorGenerator, RPNHead head, double fgIouThresh, double bgIouThresh, long batchSizePerImage,
                                 double positiveFraction, long preNmsTopNTrain, long preNmsTopNTest, long postNmsTopNTrain, long postNmsTopNTest,
                                 double nmsThresh, double scoreThresh) {
        this.anchor_generator = anchorGenerator;
        this.head = head;
        this.proposalMatcher = new Matcher(fgIouThresh, bgIouThresh, true);
        this.fgBgSampler = new BalancedPositiveNegativeSampler(batchSizePerImage, positiveFraction);
        this.preNmsTopNTrain = preNmsTopNTrain;
        this.preNmsTopNTest = preNmsTopNTest;
        this.postNmsTopNTrain = postNmsTopNTrain;
        this.postNmsTopNTest = postNmsTopNTest;
        this.nmsThresh = nmsThresh;
        this.scoreThresh = scoreThresh;
    }

    /** {@code pre_nms_top_n()}: the training or testing number, by mode. */
    public long preNmsTopN() { return isTraining() ? preNmsTopNTrain : preNmsTopNTest; }

    /** {@code post_nms_top_n()}: the training or testing number, by mode. */
    public long postNmsTopN() { return isTraining() ? postNmsTopNTrain : postNmsTopNTest; }

    /**
     * {@code assign_targets_to_anchors(anchors, targets)}: per image, each anchor's label (1 matched, 0 background,
     * -1 between the thresholds; all 0 without boxes) and its matched box.
     */
    public Assigned assignTargetsToAnchors(List<Tensor> anchors, List<Map<String, Tensor>> targets) {
        List<Tensor> labels = new ArrayList<>(), matchedGtBoxes = new ArrayList<>();
        for (int i = 0; i < anchors.size(); i++) {
            Tensor a = anchors.get(i), gt = targets.get(i).get("boxes");
            TensorOptions floats = TensorOptions.DEFAULT.dtype(DType.FLOAT32).device(a.device());
            if (gt.numel() == 0) {
                matchedGtBoxes.add(Torch.zeros(Torch.shape(a.shapeArray()), floats));
                labels.add(Torch.zeros(Torch.shape(a.size(0)), floats));
                continue;
            }
            Tensor matched = proposalMatcher.apply(Boxes.boxIou(gt, a));
            matchedGtBoxes.add(gt.indexSelect(0, matched.clampMin(0L)));
            Tensor l = matched.ge(0L).to(DType.FLOAT32);
            l = l.maskedFill(matched.eq(Matcher.BELOW_LOW_THRESHOLD), 0.0).maskedFill(matched.eq(Matcher.BETWEEN_THRESHOLDS), -1.0);
            labels.add(l);
        }
        return new Assigned(labels, matchedGtBoxes);
    }

    /**
     * torchvision's {@code concat_box_prediction_layers}: the per-level {@code [N, A*C, H, W]} logits and
     * {@code [N, A*4, H, W]} deltas flattened to {@code [N * sum(H W A), C]} and {@code [N * sum(H W A), 4]}, location-major.
     */
    public static Tensor[] concatBoxPredictionLayers(List<Tensor> boxCls, List<Tensor> boxRegression) {
        List<Tensor> cls = new ArrayList<>(), reg = new ArrayList<>();
        for (int i = 0; i < boxCls.size(); i++) {
            Tensor c = boxCls.get(i), r = boxRegression.get(i);
            long n = c.size(0), h = c.size(2), w = c.size(3), a = r.size(1) / 4, classes = c.size(1) / a;
            cls.add(permuteAndFlatten(c, n, classes, h, w));
            reg.add(permuteAndFlatten(r, n, 4, h, w));
        }
        return new Tensor[] {Torch.cat(cls, 1).flatten(0, -2), Torch.cat(reg, 1).reshape(-1, 4)};
    }

    private static Tensor permuteAndFlatten(Tensor layer, long n, long c, long h, long w) {
        return layer.view(n, -1, c, h, w).permute(0, 3, 4, 1, 2).reshape(n, -1, c);
    }

    /**
     * {@code filter_proposals(proposals, objectness, image_shapes, num_anchors_per_level)}: per image the kept boxes
     * and their sigmoid objectness, best first. No gradient flows through the objectness here.
     */
    public Proposals filterProposals(Tensor proposals, Tensor objectness, List<long[]> imageShapes, long[] numAnchorsPerLevel) {
        long numImages = proposals.size(0);
        TensorOptions longs = TensorOptions.DEFAULT.dtype(DType.INT64).device(proposals.device());
        objectness = objectness.detach().reshape(numImages, -1);
        List<Tensor> lv = new ArrayList<>();
        for (int i = 0; i < numAnchorsPerLevel.length; i++) lv.add(Torch.full(new long[] {numAnchorsPerLevel[i]}, (long) i, longs));
        Tensor levels = Torch.cat(lv, 0).reshape(1, -1).expand(objectness.shapeArray());
        Tensor topNIdx = topNIdx(objectness, numAnchorsPerLevel);
        objectness = objectness.gather(1, topNIdx);
        levels = levels.gather(1, topNIdx);
        proposals = proposals.gather(1, topNIdx.unsqueeze(2).expand(numImages, topNIdx.size(1), 4));
        Tensor prob = objectness.sigmoid();
        List<Tensor> finalBoxes = new ArrayList<>(), finalScores = new ArrayList<>();
        for (int i = 0; i < numImages; i++) {
            long[] shape = imageShapes.get(i);
            Tensor boxes = Boxes.clipBoxesToImage(proposals.select(0, i), shape[0], shape[1]), scores = prob.select(0, i), lvl = levels.select(0, i);
            Tensor keep = Boxes.removeSmallBoxes(boxes, minSize);
            boxes = boxes.indexSelect(0, keep);
            scores = scores.indexSelect(0, keep);
            lvl = lvl.indexSelect(0, keep);
            keep = scores.ge(scoreThresh).nonzero().select(1, 0);
            boxes = boxes.indexSelect(0, keep);
            scores = scores.indexSelect(0, keep);
            lvl = lvl.indexSelect(0, keep);
            keep = Boxes.batchedNms(boxes, scores, lvl, nmsThresh);
            keep = keep.narrow(0, 0, Math.min(keep.size(0), postNmsTopN()));
            finalBoxes.add(boxes.indexSelect(0, keep));
            finalScores.add(scores.indexSelect(0, keep));
        }
        return new Proposals(finalBoxes, finalScores);
    }

    /** {@code _get_top_n_idx}: the indices of each level's {@code pre_nms_top_n} best, into the all-level order. */
    private Tensor topNIdx(Tensor objectness, long[] numAnchorsPerLevel) {
        List<Tensor> r = new ArrayList<>();
        long offset = 0;
        for (long n : numAnchorsPerLevel) {
            Tensor ob = objectness.narrow(1, offset, n);
            r.add(ob.topk(Math.min(preNmsTopN(), n), 1).indices().add(offset));
            offset += n;
        }
        return Torch.cat(r, 1);
    }

    /**
     * {@code compute_loss(objectness, pred_bbox_deltas, labels, regression_targets)}: the objectness loss (binary
     * cross-entropy with logits over the sampled anchors) and the box loss (smooth L1, beta 1/9, summed over the
     * sampled positives and divided by the number sampled).
     */
    public Tensor[] computeLoss(Tensor objectness, Tensor predBboxDeltas, List<Tensor> labels, List<Tensor> regressionTargets) {
        BalancedPositiveNegativeSampler.Sampled s = fgBgSampler.apply(labels);
        Tensor pos = Torch.cat(s.positive(), 0).nonzero().select(1, 0), neg = Torch.cat(s.negative(), 0).nonzero().select(1, 0);
        Tensor sampled = Torch.cat(new Tensor[] {pos, neg}, 0);
        objectness = objectness.flatten();
        Tensor allLabels = Torch.cat(labels, 0), targets = Torch.cat(regressionTargets, 0);
        Tensor boxLoss = Functional.smoothL1Loss(predBboxDeltas.indexSelect(0, pos), targets.indexSelect(0, pos), Reduction.SUM, 1.0 / 9)
                .div((double) sampled.numel());
        Tensor objectnessLoss = Functional.binaryCrossEntropyWithLogits(objectness.indexSelect(0, sampled), allLabels.indexSelect(0, sampled));
        return new Tensor[] {objectnessLoss, boxLoss};
    }

    /**
     * {@code forward(images, features, targets)}: the proposals of every image and, in training mode (targets then
     * required, each with {@code "boxes"}), the two losses.
     */
    public Output forward(ImageList images, Map<String, Tensor> features, List<Map<String, Tensor>> targets) {
        List<Tensor> feats = new ArrayList<>(features.values());
        RPNHead.Output h = head.forward(feats);
        List<Tensor> anchors = anchor_generator.forward(images, feats);
        int numImages = anchors.size();
        long[] numAnchorsPerLevel = new long[h.logits().size()];
        for (int i = 0; i < numAnchorsPerLevel.length; i++) {
            Tensor o = h.logits().get(i);
            numAnchorsPerLevel[i] = o.size(1) * o.size(2) * o.size(3);
        }
        Tensor[] flat = concatBoxPredictionLayers(h.logits(), h.bboxReg());
        Tensor objectness = flat[0], predBboxDeltas = flat[1];
        Tensor proposals;
        try (var g = GradMode.noGrad()) {
            proposals = boxCoder.decode(predBboxDeltas.detach(), anchors).view(numImages, -1, 4);
        }
        Proposals p = filterProposals(proposals, objectness, images.imageSizes(), numAnchorsPerLevel);
        Map<String, Tensor> losses = new LinkedHashMap<>();
        if (isTraining()) {
            if (targets == null) throw new IllegalArgumentException("targets should not be None");
            Assigned assigned = assignTargetsToAnchors(anchors, targets);
            List<Tensor> regressionTargets = boxCoder.encode(assigned.matchedGtBoxes(), anchors);
            Tensor[] l = computeLoss(objectness, predBboxDeltas, assigned.labels(), regressionTargets);
            losses.put("loss_objectness", l[0]);
            losses.put("loss_rpn_box_reg", l[1]);
        }
        return new Output(p.boxes(), losses);
    }
}
