package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Reduction;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.ops.Losses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * torchvision's {@code RetinaNetRegressionHead(in_channels, num_anchors, norm_layer)}: four 3x3 convolutions with ReLU
 * ({@code conv}) and a 3x3 convolution to four box deltas per anchor ({@code bbox_reg}), weights N(0, 0.01) and
 * biases 0; its loss is L1 against the deltas (box coder weights (1, 1, 1, 1)) to each foreground anchor's box, or
 * another of torchvision's {@code _box_loss} types ({@link #lossType(String)}; {@code retinanet_resnet50_fpn_v2}'s
 * is {@code giou}).
 */
public class RetinaNetRegressionHead extends Module {
    /** The four convolution blocks. */
    public final Sequential conv;
    /** Four deltas per anchor. */
    public final Conv2d bbox_reg;
    /** Deltas against anchors, weights (1, 1, 1, 1). */
    public final BoxCoder boxCoder = new BoxCoder(new double[] {1, 1, 1, 1});
    private static final Set<String> LOSS_TYPES = Set.of("l1", "smooth_l1", "ciou", "diou", "giou");
    private String lossType = "l1";

    /** {@code RetinaNetRegressionHead(in_channels, num_anchors)}: no norm layer. */
    public RetinaNetRegressionHead(long inChannels, long numAnchors) { this(inChannels, numAnchors, null); }

    /** {@code RetinaNetRegressionHead(in_channels, num_anchors, norm_layer)}; a null norm layer is none. */
    public RetinaNetRegressionHead(long inChannels, long numAnchors, LongFunction<Module> normLayer) {
        conv = RetinaNetClassificationHead.convs(inChannels, normLayer);
        bbox_reg = new Conv2d(inChannels, numAnchors * 4, 3, Conv2d.options().stride(1).padding(1));
        // torchvision draws bbox_reg's weights before the convolutions'
        Init.normal_(bbox_reg.weight, 0, 0.01);
        Init.zeros_(bbox_reg.bias);
        RetinaNetClassificationHead.normalInit(conv);
    }

    /**
     * State dicts from before torchvision's version 2 (its COCO checkpoint) name the convolutions {@code conv.0},
     * {@code conv.2}, ...; they are {@code conv.0.0}, {@code conv.1.0}, ... now.
     */
    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) { RetinaNetClassificationHead.v1ToV2(stateDict, prefix); }

    /** {@code forward(x)}: each level's deltas as {@code [N, H * W * A, 4]}, the levels concatenated. */
    public Tensor forward(List<Tensor> x) {
        List<Tensor> all = new ArrayList<>();
        for (Tensor f : x) all.add(RetinaNetClassificationHead.perAnchor(bbox_reg.call(conv.call(f)), 4));
        return Torch.cat(all, 1);
    }

    /** torchvision's {@code _loss_type}: {@code l1} unless set. */
    public String lossType() { return lossType; }

    /**
     * Sets torchvision's {@code _loss_type}: {@code l1} or {@code smooth_l1} (beta 1) against the encoded boxes,
     * {@code giou}, {@code diou} or {@code ciou} (eps 1e-7) between the decoded deltas and the boxes; returns this.
     */
    public RetinaNetRegressionHead lossType(String type) {
        if (!LOSS_TYPES.contains(type)) throw new IllegalArgumentException("Unsupported loss: " + type);
        lossType = type;
        return this;
    }

    /**
     * {@code compute_loss(targets, head_outputs, anchors, matched_idxs)}: per image the box loss ({@link #lossType()},
     * summed) between the foreground anchors' deltas and their matched boxes, divided by the foreground count (at
     * least 1); the images' mean.
     */
    public Tensor computeLoss(List<Map<String, Tensor>> targets, Tensor bboxRegression, List<Tensor> anchors, List<Tensor> matchedIdxs) {
        Tensor total = null;
        for (int i = 0; i < targets.size(); i++) {
            Tensor matched = matchedIdxs.get(i);
            Tensor fg = matched.ge(0L).nonzero().select(1, 0);
            Tensor gt = targets.get(i).get("boxes").indexSelect(0, matched.indexSelect(0, fg));
            Tensor a = anchors.get(i).indexSelect(0, fg);
            Tensor loss = boxLoss(lossType, boxCoder, a, gt, bboxRegression.select(0, i).indexSelect(0, fg)).div((double) Math.max(1, fg.numel()));
            total = total == null ? loss : total.add(loss);
        }
        return total.div((double) Math.max(1, targets.size()));
    }

    /** torchvision's {@code _box_loss(type, box_coder, anchors, matched_gt_boxes, bbox_regression)}, summed. */
    static Tensor boxLoss(String type, BoxCoder coder, Tensor anchors, Tensor gt, Tensor regression) {
        return switch (type) {
            case "l1" -> Functional.l1Loss(regression, coder.encodeSingle(gt, anchors), Reduction.SUM);
            case "smooth_l1" -> Functional.smoothL1Loss(regression, coder.encodeSingle(gt, anchors), Reduction.SUM, 1.0);
            default -> {
                Tensor boxes = coder.decodeSingle(regression, anchors);
                yield switch (type) {
                    case "ciou" -> Losses.completeBoxIouLoss(boxes, gt, "sum", 1e-7);
                    case "diou" -> Losses.distanceBoxIouLoss(boxes, gt, "sum", 1e-7);
                    case "giou" -> Losses.generalizedBoxIouLoss(boxes, gt, "sum", 1e-7);
                    default -> throw new IllegalArgumentException("Unsupported loss: " + type);
                };
            }
        };
    }

    /** {@inheritDoc} torchvision's: version 2 wraps each convolution in Conv2dNormActivation. */
    @Override
    protected int stateDictVersion() { return 2; }
}
