package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/** torchvision's {@code RetinaNetHead(in_channels, num_anchors, num_classes, norm_layer)}: a classification and a regression head over every level. */
public class RetinaNetHead extends Module {
    /** Class logits per anchor. */
    public final RetinaNetClassificationHead classification_head;
    /** Box deltas per anchor. */
    public final RetinaNetRegressionHead regression_head;

    /** {@code RetinaNetHead(in_channels, num_anchors, num_classes)}: no norm layer. */
    public RetinaNetHead(long inChannels, long numAnchors, long numClasses) { this(inChannels, numAnchors, numClasses, null); }

    /** {@code RetinaNetHead(in_channels, num_anchors, num_classes, norm_layer)}. */
    public RetinaNetHead(long inChannels, long numAnchors, long numClasses, LongFunction<Module> normLayer) {
        classification_head = new RetinaNetClassificationHead(inChannels, numAnchors, numClasses, 0.01, normLayer);
        regression_head = new RetinaNetRegressionHead(inChannels, numAnchors, normLayer);
    }

    /** {@code forward(x)}: {@code cls_logits} {@code [N, HWA, K]} and {@code bbox_regression} {@code [N, HWA, 4]}. */
    public Map<String, Tensor> forward(List<Tensor> x) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("cls_logits", classification_head.forward(x));
        out.put("bbox_regression", regression_head.forward(x));
        return out;
    }

    /** {@code compute_loss(targets, head_outputs, anchors, matched_idxs)}: {@code classification} and {@code bbox_regression}. */
    public Map<String, Tensor> computeLoss(List<Map<String, Tensor>> targets, Map<String, Tensor> headOutputs, List<Tensor> anchors,
                                           List<Tensor> matchedIdxs) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("classification", classification_head.computeLoss(targets, headOutputs.get("cls_logits"), matchedIdxs));
        out.put("bbox_regression", regression_head.computeLoss(targets, headOutputs.get("bbox_regression"), anchors, matchedIdxs));
        return out;
    }
}
