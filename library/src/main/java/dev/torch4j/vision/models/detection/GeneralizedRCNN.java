package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * torchvision's {@code GeneralizedRCNN(backbone, rpn, roi_heads, transform)}: images transformed into one batch, the
 * backbone's feature maps, the RPN's proposals, the RoI heads' detections mapped back onto the original images.
 * In evaluation mode {@link #forward(List)} gives one map per image ({@code boxes} [N, 4] in (x1, y1, x2, y2) pixels
 * of the original image, {@code labels} int64, {@code scores}; Mask R-CNN adds {@code masks}, Keypoint R-CNN
 * {@code keypoints} and {@code keypoints_scores}); in training mode {@link #forward(List, List)}{@code .losses()}
 * gives {@code loss_classifier}, {@code loss_box_reg} (then {@code loss_mask} or {@code loss_keypoint}),
 * {@code loss_objectness} and {@code loss_rpn_box_reg}.
 */
public class GeneralizedRCNN extends Module {
    /** Normalizes, resizes and batches the images. */
    public final GeneralizedRCNNTransform transform;
    /** The images to named feature maps (a single map is named {@code "0"}). */
    public final Module backbone;
    /** Proposals. */
    public final RegionProposalNetwork rpn;
    /** Detections from the proposals. */
    public final RoIHeads roi_heads;

    /** The losses (training mode; else empty) and the detections (evaluation mode; else empty), as torchvision's scripted model returns both. */
    public record Output(Map<String, Tensor> losses, List<Map<String, Tensor>> detections) {}

    /** {@code GeneralizedRCNN(backbone, rpn, roi_heads, transform)}; the backbone's {@code forward} returns a map of features or one tensor. */
    public GeneralizedRCNN(Module backbone, RegionProposalNetwork rpn, RoIHeads roiHeads, GeneralizedRCNNTransform transform) {
        this.transform = transform;
        this.backbone = backbone;
        this.rpn = rpn;
        this.roi_heads = roiHeads;
    }

    /** {@code model(images)} in evaluation mode: the detections of each {@code [C, H, W]} image (floats in [0, 1]). */
    public List<Map<String, Tensor>> forward(List<Tensor> images) {
        if (isTraining()) throw new IllegalArgumentException("targets should not be none when in training mode");
        return forward(images, null).detections();
    }

    /**
     * {@code model(images, targets)}: each target holds {@code boxes} ({@code [N, 4]} floats, positive width and
     * height) and {@code labels} (int64). Training mode fills the losses, evaluation mode the detections.
     */
    public Output forward(List<Tensor> images, List<Map<String, Tensor>> targets) {
        if (isTraining()) {
            if (targets == null) throw new IllegalArgumentException("targets should not be none when in training mode");
            for (Map<String, Tensor> t : targets) {
                Tensor boxes = t.get("boxes");
                if (boxes == null || boxes.dim() != 2 || boxes.size(-1) != 4) {
                    throw new IllegalArgumentException("Expected target boxes to be a tensor of shape [N, 4], got "
                            + (boxes == null ? "None" : boxes.shape()) + ".");
                }
            }
        }
        List<long[]> originalSizes = new ArrayList<>();
        for (Tensor img : images) originalSizes.add(new long[] {img.size(-2), img.size(-1)});
        GeneralizedRCNNTransform.Output t = transform.forward(images, targets);
        if (t.targets() != null) checkDegenerate(t.targets());
        Map<String, Tensor> features = features(t.images().tensors());
        RegionProposalNetwork.Output proposals = rpn.forward(t.images(), features, t.targets());
        RoIHeads.Output detections = roi_heads.forward(features, proposals.boxes(), t.images().imageSizes(), t.targets());
        List<Map<String, Tensor>> result = transform.postprocess(detections.result(), t.images().imageSizes(), originalSizes);
        Map<String, Tensor> losses = new LinkedHashMap<>(detections.losses());
        losses.putAll(proposals.losses());
        return new Output(losses, result);
    }

    /** The backbone's feature maps by name; a backbone giving one tensor names it {@code "0"}. */
    private Map<String, Tensor> features(Tensor images) { return features(backbone, images); }

    /** {@link #features(Tensor)} of any backbone (RetinaNet's too). */
    static Map<String, Tensor> features(Module backbone, Tensor images) {
        if (backbone instanceof DetectionBackbone b) return b.features(images);
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("0", backbone.call(images));
        return out;
    }

    static void checkDegenerate(List<Map<String, Tensor>> targets) {
        for (int i = 0; i < targets.size(); i++) {
            Tensor boxes = targets.get(i).get("boxes");
            Tensor degenerate = boxes.narrow(1, 2, 2).le(boxes.narrow(1, 0, 2)).any(1);
            if (degenerate.any().item() != 0) {
                long idx = degenerate.nonzero().get(0L, 0L).itemLong();
                throw new IllegalArgumentException("All bounding boxes should have positive height and width. Found invalid box "
                        + Arrays.toString(boxes.get(idx).toDoubleArray()) + " for target at index " + i + ".");
            }
        }
    }
}
