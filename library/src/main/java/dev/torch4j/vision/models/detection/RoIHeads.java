package dev.torch4j.vision.models.detection;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Reduction;
import dev.torch4j.vision.ops.Boxes;
import dev.torch4j.vision.ops.MultiScaleRoIAlign;
import dev.torch4j.vision.ops.RoiOps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * torchvision's {@code RoIHeads} for boxes (Fast R-CNN's second stage): the proposals pooled from the feature maps,
 * the box head's representation, and the predictor's class logits and per-class deltas (box coder weights
 * (10, 10, 5, 5) by default). In evaluation mode {@link #postprocessDetections} turns them into detections; in
 * training mode the proposals (with the targets' boxes added) are matched ({@code fg_iou_thresh},
 * {@code bg_iou_thresh}), sampled, and scored by {@link #fastrcnnLoss}. With {@link #mask_roi_pool},
 * {@link #mask_head} and {@link #mask_predictor} set (Mask R-CNN) the detections also get {@code masks}
 * ({@link #maskrcnnInference}) and training adds {@code loss_mask} ({@link #maskrcnnLoss}) over the positive samples;
 * with the keypoint parts set (Keypoint R-CNN) alike {@code keypoints} and {@code keypoints_scores}
 * ({@link #keypointrcnnInference}) and {@code loss_keypoint} ({@link #keypointrcnnLoss}).
 */
public class RoIHeads extends Module {
    /** Pools each proposal from the feature maps. */
    public final MultiScaleRoIAlign box_roi_pool;
    /** The pooled features to a representation. */
    public final Module box_head;
    /** Class logits and box deltas. */
    public final FastRCNNPredictor box_predictor;
    /** Pools each box for the mask branch (Mask R-CNN; null without masks, set after construction as torchvision does). */
    public MultiScaleRoIAlign mask_roi_pool;
    /** The pooled boxes to mask features (Mask R-CNN), or null. */
    public Module mask_head;
    /** Mask features to one mask logit map per class (Mask R-CNN), or null. */
    public Module mask_predictor;
    /** Pools each box for the keypoint branch (Keypoint R-CNN), or null. */
    public MultiScaleRoIAlign keypoint_roi_pool;
    /** The pooled boxes to keypoint features (Keypoint R-CNN), or null. */
    public Module keypoint_head;
    /** Keypoint features to one heatmap logit map per keypoint (Keypoint R-CNN), or null. */
    public Module keypoint_predictor;
    /** Proposals to targets, without low-quality matches. */
    public final Matcher proposalMatcher;
    /** Draws the proposals the losses use. */
    public final BalancedPositiveNegativeSampler fgBgSampler;
    /** Deltas against proposals. */
    public final BoxCoder boxCoder;
    /** Detections scoring at or below this are dropped. */
    public final double scoreThresh;
    /** NMS's IoU threshold, within each class. */
    public final double nmsThresh;
    /** At most this many detections per image. */
    public final long detectionsPerImg;

    /**
     * Per image the detections ({@code boxes}, {@code labels}, {@code scores}, and {@code masks} or {@code keypoints}
     * with their branches; evaluation) and the losses (training).
     */
    public record Output(List<Map<String, Tensor>> result, Map<String, Tensor> losses) {}

    /** The training samples: per image the sampled proposals, their matched target index, label and regression target. */
    public record Samples(List<Tensor> proposals, List<Tensor> matchedIdxs, List<Tensor> labels, List<Tensor> regressionTargets) {}

    /** The detections of every image. */
    public record Detections(List<Tensor> boxes, List<Tensor> scores, List<Tensor> labels) {}

    /**
     * {@code RoIHeads(box_roi_pool, box_head, box_predictor, fg_iou_thresh, bg_iou_thresh, batch_size_per_image,
     * positive_fraction, bbox_reg_weights, score_thresh, nms_thresh, detections_per_img)}; null weights are (10, 10, 5, 5).
     */
    public RoIHeads(MultiScaleRoIAlign boxRoiPool, Module boxHead, FastRCNNPredictor boxPredictor, double fgIouThresh, double bgIouThresh,
                    long batchSizePerImage, double positiveFraction, double[] bboxRegWeights, double scoreThresh, double nmsThresh,
                    long detectionsPerImg) {
        this.box_roi_pool = boxRoiPool;
        this.box_head = boxHead;
        this.box_predictor = boxPredictor;
        this.proposalMatcher = new Matcher(fgIouThresh, bgIouThresh, false);
        this.fgBgSampler = new BalancedPositiveNegativeSampler(batchSizePerImage, positiveFraction);
        this.boxCoder = new BoxCoder(bboxRegWeights == null ? new double[] {10, 10, 5, 5} : bboxRegWeights);
        this.scoreThresh = scoreThresh;
        this.nmsThresh = nmsThresh;
        this.detectionsPerImg = detectionsPerImg;
    }

    /**
     * {@code select_training_samples(proposals, targets)}: the targets' boxes appended to each image's proposals,
     * matched (labels: the target's class, 0 background, -1 ignored), sampled, and encoded against their matches.
     */
    public Samples selectTrainingSamples(List<Tensor> proposals, List<Map<String, Tensor>> targets) {
        checkTargets(targets);
        DType dtype = proposals.getFirst().dtype();
        TensorOptions longs = TensorOptions.DEFAULT.dtype(DType.INT64).device(proposals.getFirst().device());
        List<Tensor> props = new ArrayList<>(), matchedIdxs = new ArrayList<>(), labels = new ArrayList<>(), gtBoxes = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            Tensor gt = targets.get(i).get("boxes").to(dtype), gtLabels = targets.get(i).get("labels");
            Tensor p = Torch.cat(new Tensor[] {proposals.get(i), gt}, 0);
            gtBoxes.add(gt);
            props.add(p);
            if (gt.numel() == 0) {
                matchedIdxs.add(Torch.zeros(Torch.shape(p.size(0)), longs));
                labels.add(Torch.zeros(Torch.shape(p.size(0)), longs));
                continue;
            }
            Tensor matched = proposalMatcher.apply(Boxes.boxIou(gt, p));
            Tensor clamped = matched.clampMin(0L);
            Tensor l = gtLabels.indexSelect(0, clamped).to(DType.INT64);
            l = l.maskedFill(matched.eq(Matcher.BELOW_LOW_THRESHOLD), 0.0).maskedFill(matched.eq(Matcher.BETWEEN_THRESHOLDS), -1.0);
            matchedIdxs.add(clamped);
            labels.add(l);
        }
        BalancedPositiveNegativeSampler.Sampled s = fgBgSampler.apply(labels);
        List<Tensor> matchedGtBoxes = new ArrayList<>();
        for (int i = 0; i < props.size(); i++) {
            Tensor inds = s.positive().get(i).logicalOr(s.negative().get(i)).nonzero().select(1, 0);
            props.set(i, props.get(i).indexSelect(0, inds));
            labels.set(i, labels.get(i).indexSelect(0, inds));
            matchedIdxs.set(i, matchedIdxs.get(i).indexSelect(0, inds));
            Tensor gt = gtBoxes.get(i).numel() == 0 ? Torch.zeros(Torch.shape(1, 4), TensorOptions.DEFAULT.dtype(dtype)) : gtBoxes.get(i);
            matchedGtBoxes.add(gt.indexSelect(0, matchedIdxs.get(i)));
        }
        return new Samples(props, matchedIdxs, labels, boxCoder.encode(matchedGtBoxes, props));
    }

    private static void checkTargets(List<Map<String, Tensor>> targets) {
        if (targets == null) throw new IllegalArgumentException("targets should not be None");
        for (Map<String, Tensor> t : targets) {
            if (!t.containsKey("boxes")) throw new IllegalArgumentException("Every element of targets should have a boxes key");
            if (!t.containsKey("labels")) throw new IllegalArgumentException("Every element of targets should have a labels key");
        }
    }

    /**
     * torchvision's {@code fastrcnn_loss(class_logits, box_regression, labels, regression_targets)}: cross-entropy
     * over the sampled proposals, and smooth L1 (beta 1/9) between each positive's deltas for its own class and its
     * target, summed and divided by the number of sampled proposals.
     */
    public static Tensor[] fastrcnnLoss(Tensor classLogits, Tensor boxRegression, List<Tensor> labels, List<Tensor> regressionTargets) {
        Tensor l = Torch.cat(labels, 0), targets = Torch.cat(regressionTargets, 0);
        Tensor classificationLoss = Functional.crossEntropy(classLogits, l);
        Tensor pos = l.gt(0L).nonzero().select(1, 0);
        Tensor labelsPos = l.indexSelect(0, pos);
        long n = classLogits.size(0);
        Tensor reg = boxRegression.reshape(n, boxRegression.size(-1) / 4, 4).indexSelect(0, pos);
        Tensor chosen = reg.gather(1, labelsPos.view(-1, 1, 1).expand(labelsPos.size(0), 1, 4)).squeeze(1);
        Tensor boxLoss = Functional.smoothL1Loss(chosen, targets.indexSelect(0, pos), Reduction.SUM, 1.0 / 9).div((double) l.numel());
        return new Tensor[] {classificationLoss, boxLoss};
    }

    /**
     * {@code postprocess_detections(class_logits, box_regression, proposals, image_shapes)}: per image, every
     * (proposal, class other than background) pair as a box decoded and clipped, with its softmax score; those scoring
     * above {@code score_thresh} and at least 0.01 wide and high are kept, NMS within each class, the best
     * {@code detections_per_img} returned, best first.
     */
    public Detections postprocessDetections(Tensor classLogits, Tensor boxRegression, List<Tensor> proposals, List<long[]> imageShapes) {
        long numClasses = classLogits.size(-1);
        long[] perImage = new long[proposals.size()];
        for (int i = 0; i < perImage.length; i++) perImage[i] = proposals.get(i).size(0);
        Tensor predBoxes = boxCoder.decode(boxRegression, proposals), predScores = classLogits.softmax(-1);
        Tensor[] boxesList = predBoxes.split(perImage), scoresList = predScores.split(perImage);
        List<Tensor> allBoxes = new ArrayList<>(), allScores = new ArrayList<>(), allLabels = new ArrayList<>();
        TensorOptions longs = TensorOptions.DEFAULT.dtype(DType.INT64).device(classLogits.device());
        for (int i = 0; i < perImage.length; i++) {
            long[] shape = imageShapes.get(i);
            Tensor boxes = Boxes.clipBoxesToImage(boxesList[i], shape[0], shape[1]), scores = scoresList[i];
            Tensor labels = Torch.arange(0, numClasses, 1, longs).view(1, -1).expand(scores.shapeArray());
            boxes = boxes.narrow(1, 1, numClasses - 1).reshape(-1, 4);
            scores = scores.narrow(1, 1, numClasses - 1).reshape(-1);
            labels = labels.narrow(1, 1, numClasses - 1).reshape(-1);
            Tensor keep = scores.gt(scoreThresh).nonzero().select(1, 0);
            boxes = boxes.indexSelect(0, keep);
            scores = scores.indexSelect(0, keep);
            labels = labels.indexSelect(0, keep);
            keep = Boxes.removeSmallBoxes(boxes, 1e-2);
            boxes = boxes.indexSelect(0, keep);
            scores = scores.indexSelect(0, keep);
            labels = labels.indexSelect(0, keep);
            keep = Boxes.batchedNms(boxes, scores, labels, nmsThresh);
            keep = keep.narrow(0, 0, Math.min(keep.size(0), detectionsPerImg));
            allBoxes.add(boxes.indexSelect(0, keep));
            allScores.add(scores.indexSelect(0, keep));
            allLabels.add(labels.indexSelect(0, keep));
        }
        return new Detections(allBoxes, allScores, allLabels);
    }

    /**
     * {@code forward(features, proposals, image_shapes, targets)}: in training mode (targets required, float boxes
     * and int64 labels) the losses {@code loss_classifier} and {@code loss_box_reg}; in evaluation mode the detections.
     */
    public Output forward(Map<String, Tensor> features, List<Tensor> proposals, List<long[]> imageShapes, List<Map<String, Tensor>> targets) {
        if (targets != null) {
            for (Map<String, Tensor> t : targets) {
                if (!t.get("boxes").isFloatingPoint()) {
                    throw new IllegalArgumentException("target boxes must of float type, instead got " + t.get("boxes").dtype());
                }
                if (t.get("labels").dtype() != DType.INT64) {
                    throw new IllegalArgumentException("target labels must of int64 type, instead got {t['labels'].dtype}");
                }
                if (hasKeypoint() && t.get("keypoints").dtype() != DType.FLOAT32) {
                    throw new IllegalArgumentException("target keypoints must of float type, instead got " + t.get("keypoints").dtype());
                }
            }
        }
        Samples samples = null;
        if (isTraining()) {
            samples = selectTrainingSamples(proposals, targets);
            proposals = samples.proposals();
        }
        Tensor boxFeatures = box_head.call(box_roi_pool.forward(features, proposals, imageShapes));
        FastRCNNPredictor.Output pred = box_predictor.predict(boxFeatures);
        List<Map<String, Tensor>> result = new ArrayList<>();
        Map<String, Tensor> losses = new LinkedHashMap<>();
        if (isTraining()) {
            Tensor[] l = fastrcnnLoss(pred.scores(), pred.bboxDeltas(), samples.labels(), samples.regressionTargets());
            losses.put("loss_classifier", l[0]);
            losses.put("loss_box_reg", l[1]);
        } else {
            Detections d = postprocessDetections(pred.scores(), pred.bboxDeltas(), proposals, imageShapes);
            for (int i = 0; i < d.boxes().size(); i++) {
                Map<String, Tensor> r = new LinkedHashMap<>();
                r.put("boxes", d.boxes().get(i));
                r.put("labels", d.labels().get(i));
                r.put("scores", d.scores().get(i));
                result.add(r);
            }
        }
        if (hasMask()) maskBranch(features, proposals, imageShapes, targets, samples, result, losses);
        if (hasKeypoint()) keypointBranch(features, proposals, imageShapes, targets, samples, result, losses);
        return new Output(result, losses);
    }

    /** {@code has_keypoint()}: the keypoint pool, head and predictor are all set. */
    public boolean hasKeypoint() { return keypoint_roi_pool != null && keypoint_head != null && keypoint_predictor != null; }

    /** Training's positive samples per image: their proposals and matched target indices. */
    private static List<List<Tensor>> positives(List<Tensor> proposals, Samples samples) {
        List<Tensor> props = new ArrayList<>(), idxs = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            Tensor pos = samples.labels().get(i).gt(0L).nonzero().select(1, 0);
            props.add(proposals.get(i).indexSelect(0, pos));
            idxs.add(samples.matchedIdxs().get(i).indexSelect(0, pos));
        }
        return List.of(props, idxs);
    }

    /** The keypoint branch of {@code forward}: training pools the positive samples, evaluation the detections. */
    private void keypointBranch(Map<String, Tensor> features, List<Tensor> proposals, List<long[]> imageShapes, List<Map<String, Tensor>> targets,
                                Samples samples, List<Map<String, Tensor>> result, Map<String, Tensor> losses) {
        List<Tensor> kpProposals = new ArrayList<>(), posMatchedIdxs = null;
        if (isTraining()) {
            List<List<Tensor>> p = positives(proposals, samples);
            kpProposals = p.get(0);
            posMatchedIdxs = p.get(1);
        } else {
            for (Map<String, Tensor> r : result) kpProposals.add(r.get("boxes"));
        }
        Tensor logits = keypoint_predictor.call(keypoint_head.call(keypoint_roi_pool.forward(features, kpProposals, imageShapes)));
        if (isTraining()) {
            List<Tensor> gt = new ArrayList<>();
            for (Map<String, Tensor> t : targets) gt.add(t.get("keypoints"));
            losses.put("loss_keypoint", keypointrcnnLoss(logits, kpProposals, gt, posMatchedIdxs));
        } else {
            List<Tensor[]> kps = keypointrcnnInference(logits, kpProposals);
            for (int i = 0; i < result.size(); i++) {
                result.get(i).put("keypoints", kps.get(i)[0]);
                result.get(i).put("keypoints_scores", kps.get(i)[1]);
            }
        }
    }

    /**
     * torchvision's {@code keypoints_to_heatmap(keypoints, rois, heatmap_size)}: each keypoint ({@code [N, K, 3]}:
     * x, y, visibility) as the flat index {@code y * S + x} of its cell in its roi's {@code S x S} grid (a keypoint on
     * the roi's right or bottom edge in the last cell), and whether it is visible and inside; invalid ones index 0.
     */
    public static Tensor[] keypointsToHeatmap(Tensor keypoints, Tensor rois, long heatmapSize) {
        Tensor offX = rois.select(1, 0).unsqueeze(1), offY = rois.select(1, 1).unsqueeze(1);
        Tensor scaleX = rois.select(1, 2).sub(rois.select(1, 0)).reciprocal().mul((double) heatmapSize).unsqueeze(1);
        Tensor scaleY = rois.select(1, 3).sub(rois.select(1, 1)).reciprocal().mul((double) heatmapSize).unsqueeze(1);
        Tensor x = keypoints.select(-1, 0), y = keypoints.select(-1, 1);
        Tensor xBoundary = x.eq(rois.select(1, 2).unsqueeze(1)), yBoundary = y.eq(rois.select(1, 3).unsqueeze(1));
        Tensor xi = x.sub(offX).mul(scaleX).floor().to(DType.INT64).maskedFill(xBoundary, (double) (heatmapSize - 1));
        Tensor yi = y.sub(offY).mul(scaleY).floor().to(DType.INT64).maskedFill(yBoundary, (double) (heatmapSize - 1));
        Tensor validLoc = xi.ge(0L).logicalAnd(yi.ge(0L)).logicalAnd(xi.lt(heatmapSize)).logicalAnd(yi.lt(heatmapSize));
        Tensor valid = validLoc.logicalAnd(keypoints.select(-1, 2).gt(0.0)).to(DType.INT64);
        return new Tensor[] {yi.mul(heatmapSize).add(xi).mul(valid), valid};
    }

    /**
     * torchvision's {@code keypointrcnn_loss(keypoint_logits, proposals, gt_keypoints, keypoint_matched_idxs)}:
     * cross-entropy of each valid keypoint's {@code H * W} logits against its target cell
     * ({@link #keypointsToHeatmap}), averaged; zero (still in the graph) without valid keypoints.
     */
    public static Tensor keypointrcnnLoss(Tensor keypointLogits, List<Tensor> proposals, List<Tensor> gtKeypoints, List<Tensor> keypointMatchedIdxs) {
        long n = keypointLogits.size(0), k = keypointLogits.size(1), h = keypointLogits.size(2), w = keypointLogits.size(3);
        if (h != w) {
            throw new IllegalArgumentException("keypoint_logits height and width (last two elements of shape) should be equal. Instead got H = "
                    + h + " and W = " + w);
        }
        List<Tensor> heatmaps = new ArrayList<>(), valid = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            Tensor kp = gtKeypoints.get(i).indexSelect(0, keypointMatchedIdxs.get(i));
            Tensor[] hv = keypointsToHeatmap(kp, proposals.get(i), h);
            heatmaps.add(hv[0].reshape(-1));
            valid.add(hv[1].reshape(-1));
        }
        Tensor targets = Torch.cat(heatmaps, 0), v = Torch.cat(valid, 0).nonzero().select(1, 0);
        if (targets.numel() == 0 || v.numel() == 0) return keypointLogits.sum().mul(0.0);
        return Functional.crossEntropy(keypointLogits.reshape(n * k, h * w).indexSelect(0, v), targets.indexSelect(0, v));
    }

    /**
     * torchvision's {@code heatmaps_to_keypoints(maps, rois)}: each roi's {@code [K, S, S]} maps resized (bicubic) to
     * the roi's size in whole pixels (at least 1), each keypoint at its map's first maximum, the cell's centre scaled
     * back into the roi; {@code [R, K, 3]} (x, y, 1) and the maxima's values {@code [R, K]}, both float32.
     */
    public static Tensor[] heatmapsToKeypoints(Tensor maps, Tensor rois) {
        long r = rois.size(0), k = maps.size(1);
        Tensor widths = rois.select(1, 2).sub(rois.select(1, 0)).clampMin(1.0), heights = rois.select(1, 3).sub(rois.select(1, 1)).clampMin(1.0);
        double[] w = widths.toDoubleArray(), h = heights.toDoubleArray(), ox = rois.select(1, 0).toDoubleArray(), oy = rois.select(1, 1).toDoubleArray();
        TensorOptions floats = TensorOptions.DEFAULT.dtype(DType.FLOAT32).device(maps.device());
        Tensor xy = Torch.zeros(Torch.shape(r, 3, k), floats), scores = Torch.zeros(Torch.shape(r, k), floats);
        for (int i = 0; i < r; i++) {
            long mapW = (long) Math.ceil(w[i]), mapH = (long) Math.ceil(h[i]);
            // widths[i] / roi_map_width: a 0-d tensor of the rois' dtype divided by an int
            Tensor wc = widths.select(0, i).div((double) mapW), hc = heights.select(0, i).div((double) mapH);
            Tensor roiMap = Functional.interpolate(maps.select(0, i).unsqueeze(1), new long[] {mapH, mapW}, null, "bicubic", false, null).select(1, 0);
            Tensor pos = roiMap.reshape(k, -1).argmax(1);
            Tensor xInt = pos.remainder(mapW), yInt = pos.sub(xInt).floorDivide(mapW);
            Tensor x = xInt.to(DType.FLOAT32).add(0.5).mul(wc), y = yInt.to(DType.FLOAT32).add(0.5).mul(hc);
            xy.select(0, i).select(0, 0).copy_(x.add(rois.select(1, 0).select(0, i)));
            xy.select(0, i).select(0, 1).copy_(y.add(rois.select(1, 1).select(0, i)));
            xy.select(0, i).select(0, 2).fill_(1.0);
            scores.select(0, i).copy_(roiMap.reshape(k, -1).gather(1, yInt.mul(mapW).add(xInt).unsqueeze(1)).squeeze(1));
        }
        return new Tensor[] {xy.permute(0, 2, 1), scores};
    }

    /** torchvision's {@code keypointrcnn_inference(x, boxes)}: per image its keypoints {@code [N, K, 3]} and scores {@code [N, K]} ({@link #heatmapsToKeypoints}). */
    public static List<Tensor[]> keypointrcnnInference(Tensor x, List<Tensor> boxes) {
        long[] perImage = new long[boxes.size()];
        for (int i = 0; i < perImage.length; i++) perImage[i] = boxes.get(i).size(0);
        Tensor[] parts = x.split(perImage);
        List<Tensor[]> out = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) out.add(heatmapsToKeypoints(parts[i], boxes.get(i)));
        return out;
    }

    /** {@code has_mask()}: the mask pool, head and predictor are all set. */
    public boolean hasMask() { return mask_roi_pool != null && mask_head != null && mask_predictor != null; }

    /** The mask branch of {@code forward}: training pools the positive samples, evaluation the detections. */
    private void maskBranch(Map<String, Tensor> features, List<Tensor> proposals, List<long[]> imageShapes, List<Map<String, Tensor>> targets,
                            Samples samples, List<Map<String, Tensor>> result, Map<String, Tensor> losses) {
        List<Tensor> maskProposals = new ArrayList<>(), posMatchedIdxs = null;
        if (isTraining()) {
            List<List<Tensor>> p = positives(proposals, samples);
            maskProposals = p.get(0);
            posMatchedIdxs = p.get(1);
        } else {
            for (Map<String, Tensor> r : result) maskProposals.add(r.get("boxes"));
        }
        Tensor maskLogits = mask_predictor.call(mask_head.call(mask_roi_pool.forward(features, maskProposals, imageShapes)));
        if (isTraining()) {
            List<Tensor> gtMasks = new ArrayList<>(), gtLabels = new ArrayList<>();
            for (Map<String, Tensor> t : targets) {
                gtMasks.add(t.get("masks"));
                gtLabels.add(t.get("labels"));
            }
            losses.put("loss_mask", maskrcnnLoss(maskLogits, maskProposals, gtMasks, gtLabels, posMatchedIdxs));
        } else {
            List<Tensor> labels = new ArrayList<>();
            for (Map<String, Tensor> r : result) labels.add(r.get("labels"));
            List<Tensor> probs = maskrcnnInference(maskLogits, labels);
            for (int i = 0; i < result.size(); i++) result.get(i).put("masks", probs.get(i));
        }
    }

    /** Each row's map of its own class: {@code x[arange(N), labels]} of {@code [N, C, M, M]} as {@code [N, M, M]}. */
    private static Tensor byLabel(Tensor x, Tensor labels) {
        long n = x.size(0), h = x.size(2), w = x.size(3);
        return x.gather(1, labels.view(-1, 1, 1, 1).expand(n, 1, h, w)).squeeze(1);
    }

    /**
     * torchvision's {@code maskrcnn_inference(x, labels)}: the sigmoid of each detection's mask logits for its own
     * label, {@code [n, 1, M, M]} per image.
     */
    public static List<Tensor> maskrcnnInference(Tensor x, List<Tensor> labels) {
        Tensor prob = byLabel(x.sigmoid(), Torch.cat(labels, 0)).unsqueeze(1);
        long[] perImage = new long[labels.size()];
        for (int i = 0; i < perImage.length; i++) perImage[i] = labels.get(i).size(0);
        return List.of(prob.split(perImage));
    }

    /**
     * torchvision's {@code project_masks_on_boxes(gt_masks, boxes, matched_idxs, M)}: each box's matched target mask
     * cropped to the box and resized to {@code M x M} by RoI align (scale 1, adaptive sampling, unaligned), in the
     * boxes' dtype.
     */
    public static Tensor projectMasksOnBoxes(Tensor gtMasks, Tensor boxes, Tensor matchedIdxs, long m) {
        Tensor rois = Torch.cat(new Tensor[] {matchedIdxs.to(boxes.dtype()).unsqueeze(1), boxes}, 1);
        return RoiOps.roiAlign(gtMasks.unsqueeze(1).to(boxes.dtype()), rois, m, m, 1.0, -1, false).select(1, 0);
    }

    /**
     * torchvision's {@code maskrcnn_loss(mask_logits, proposals, gt_masks, gt_labels, mask_matched_idxs)}: binary
     * cross-entropy with logits between each positive proposal's mask logits for its target's class and the target's
     * mask projected onto the proposal ({@link #projectMasksOnBoxes}), averaged; zero (still in the graph) without
     * positives.
     */
    public static Tensor maskrcnnLoss(Tensor maskLogits, List<Tensor> proposals, List<Tensor> gtMasks, List<Tensor> gtLabels,
                                      List<Tensor> maskMatchedIdxs) {
        long m = maskLogits.size(-1);
        List<Tensor> labels = new ArrayList<>(), targets = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            labels.add(gtLabels.get(i).indexSelect(0, maskMatchedIdxs.get(i)));
            targets.add(projectMasksOnBoxes(gtMasks.get(i), proposals.get(i), maskMatchedIdxs.get(i), m));
        }
        Tensor l = Torch.cat(labels, 0), t = Torch.cat(targets, 0);
        if (t.numel() == 0) return maskLogits.sum().mul(0.0);
        return Functional.binaryCrossEntropyWithLogits(byLabel(maskLogits, l.to(DType.INT64)), t);
    }

    /**
     * torchvision's {@code paste_masks_in_image(masks, boxes, img_shape, padding)}: each {@code [1, M, M]} mask padded
     * by {@code padding} zeros, its box grown alike and truncated to whole pixels, the mask resized (bilinear) to the
     * box's size (at least 1x1, corners inclusive) and written into a zero {@code [H, W]} image where the box overlaps
     * it; the result is {@code [N, 1, H, W]}.
     */
    public static Tensor pasteMasksInImage(Tensor masks, Tensor boxes, long[] imgShape, long padding) {
        long m = masks.size(-1), imH = imgShape[0], imW = imgShape[1];
        double scale = (double) (m + 2 * padding) / m;
        Tensor padded = Functional.pad(masks, new long[] {padding, padding, padding, padding});
        Tensor b = expandBoxes(boxes, scale).to(DType.INT64);
        long n = padded.size(0);
        Tensor out = Torch.zeros(Torch.shape(n, 1, imH, imW), TensorOptions.DEFAULT.dtype(masks.dtype()).device(masks.device()));
        long[] bb = n == 0 ? new long[0] : b.reshape(-1).toLongArray();
        for (int i = 0; i < n; i++) {
            long x0b = bb[4 * i], y0b = bb[4 * i + 1], x1b = bb[4 * i + 2], y1b = bb[4 * i + 3];
            long w = Math.max(x1b - x0b + 1, 1), h = Math.max(y1b - y0b + 1, 1);
            Tensor resized = Functional.interpolate(padded.narrow(0, i, 1), new long[] {h, w}, null, "bilinear", false, null).select(0, 0).select(0, 0);
            long x0 = Math.max(x0b, 0), x1 = Math.min(x1b + 1, imW), y0 = Math.max(y0b, 0), y1 = Math.min(y1b + 1, imH);
            // Python's slices clamp to the mask: an empty overlap writes nothing
            long ys = y0 - y0b, ye = Math.min(y1 - y0b, h), xs = x0 - x0b, xe = Math.min(x1 - x0b, w);
            if (ye <= ys || xe <= xs) continue;
            out.select(0, i).select(0, 0).narrow(0, y0, ye - ys).narrow(1, x0, xe - xs).copy_(resized.narrow(0, ys, ye - ys).narrow(1, xs, xe - xs));
        }
        return out;
    }

    /** torchvision's {@code expand_boxes(boxes, scale)}: each box grown by {@code scale} about its centre. */
    static Tensor expandBoxes(Tensor boxes, double scale) {
        Tensor[] c = boxes.unbind(1);
        Tensor wHalf = c[2].sub(c[0]).mul(0.5).mul(scale), hHalf = c[3].sub(c[1]).mul(0.5).mul(scale);
        Tensor xc = c[2].add(c[0]).mul(0.5), yc = c[3].add(c[1]).mul(0.5);
        return Torch.stack(List.of(xc.sub(wHalf), yc.sub(hHalf), xc.add(wHalf), yc.add(hHalf)), 1);
    }
}
