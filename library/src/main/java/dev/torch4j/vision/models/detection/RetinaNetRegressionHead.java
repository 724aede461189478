package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Reduction;
import dev.torch4j.nn.Sequential;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * torchvision's {@code RetinaNetRegressionHead(in_channels, num_anchors, norm_layer)}: four 3x3 convolutions with ReLU
 * ({@code conv}) and a 3x3 convolution to four box deltas per anchor ({@code bbox_reg}), weights N(0, 0.01) and
 * biases 0; its loss is L1 against the deltas (box coder weights (1, 1, 1, 1)) to each foreground anchor's box.
 */
public class RetinaNetRegressionHead extends Module {
    /** The four convolution blocks. */
    public final Sequential conv;
    /** Four deltas per anchor. */
    public final Conv2d bbox_reg;
    /** Deltas against anchors, weights (1, 1, 1, 1). */
    public final BoxCoder boxCoder = new BoxCoder(new double[] {1, 1, 1, 1});

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

    /**
     * {@code compute_loss(targets, head_outputs, anchors, matched_idxs)}: per image the L1 loss (summed) between the
     * foreground anchors' deltas and their boxes encoded against them, divided by the foreground count (at least 1);
     * the images' mean.
     */
    public Tensor computeLoss(List<Map<String, Tensor>> targets, Tensor bboxRegression, List<Tensor> anchors, List<Tensor> matchedIdxs) {
        Tensor total = null;
        for (int i = 0; i < targets.size(); i++) {
            Tensor matched = matchedIdxs.get(i);
            Tensor fg = matched.ge(0L).nonzero().select(1, 0);
            Tensor gt = targets.get(i).get("boxes").indexSelect(0, matched.indexSelect(0, fg));
            Tensor a = anchors.get(i).indexSelect(0, fg);
            Tensor loss = Functional.l1Loss(bboxRegression.select(0, i).indexSelect(0, fg), boxCoder.encodeSingle(gt, a), Reduction.SUM)
                    .div((double) Math.max(1, fg.numel()));
            total = total == null ? loss : total.add(loss);
        }
        return total.div((double) Math.max(1, targets.size()));
    }
}
