package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.ops.Conv2dNormActivation;
import dev.torch4j.vision.ops.Losses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * torchvision's {@code RetinaNetClassificationHead(in_channels, num_anchors, num_classes, prior_probability,
 * norm_layer)}: four 3x3 convolutions with ReLU ({@code conv}) and a 3x3 convolution to one logit per anchor and class
 * ({@code cls_logits}); weights N(0, 0.01), biases 0 except {@code cls_logits}' {@code -log((1 - p) / p)} for the
 * prior probability {@code p} (0.01), so that training starts with every anchor unlikely.
 */
public class RetinaNetClassificationHead extends Module {
    /** The four convolution blocks. */
    public final Sequential conv;
    /** One logit per anchor and class. */
    public final Conv2d cls_logits;
    /** Classes, background included. */
    public final long numClasses;
    /** Anchors per location. */
    public final long numAnchors;

    /** {@code RetinaNetClassificationHead(in_channels, num_anchors, num_classes)}: prior 0.01, no norm layer. */
    public RetinaNetClassificationHead(long inChannels, long numAnchors, long numClasses) { this(inChannels, numAnchors, numClasses, 0.01, null); }

    /** {@code RetinaNetClassificationHead(in_channels, num_anchors, num_classes, prior_probability, norm_layer)}; a null norm layer is none. */
    public RetinaNetClassificationHead(long inChannels, long numAnchors, long numClasses, double priorProbability, LongFunction<Module> normLayer) {
        conv = convs(inChannels, normLayer);
        normalInit(conv);
        cls_logits = new Conv2d(inChannels, numAnchors * numClasses, 3, Conv2d.options().stride(1).padding(1));
        Init.normal_(cls_logits.weight, 0, 0.01);
        Init.constant_(cls_logits.bias, -Math.log((1 - priorProbability) / priorProbability));
        this.numClasses = numClasses;
        this.numAnchors = numAnchors;
    }

    /** Four {@code Conv2dNormActivation(c, c, norm_layer)}. */
    static Sequential convs(long channels, LongFunction<Module> normLayer) {
        Sequential s = new Sequential();
        for (int i = 0; i < 4; i++) s.append(new Conv2dNormActivation(channels, channels, Conv2dNormActivation.options().normLayer(normLayer)));
        return s;
    }

    /** Every convolution's weight N(0, 0.01), its bias (if any) 0. */
    static void normalInit(Module m) {
        for (Module layer : m.modules()) {
            if (layer instanceof Conv2d c) {
                Init.normal_(c.weight, 0, 0.01);
                if (c.bias != null) Init.zeros_(c.bias);
            }
        }
    }

    /**
     * State dicts from before torchvision's version 2 (its COCO checkpoint) name the convolutions {@code conv.0},
     * {@code conv.2}, ...; they are {@code conv.0.0}, {@code conv.1.0}, ... now.
     */
    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) { RetinaNetClassificationHead.v1ToV2(stateDict, prefix); }

    /** {@code forward(x)}: each level's logits as {@code [N, H * W * A, num_classes]}, the levels concatenated. */
    public Tensor forward(List<Tensor> x) {
        List<Tensor> all = new ArrayList<>();
        for (Tensor f : x) all.add(perAnchor(cls_logits.call(conv.call(f)), numClasses));
        return Torch.cat(all, 1);
    }

    /** torchvision's {@code _v1_to_v2_weights(state_dict, prefix)}: {@code conv.{2i}} renamed {@code conv.{i}.0} for the four convolutions. */
    static void v1ToV2(Map<String, Tensor> stateDict, String prefix) {
        for (int i = 0; i < 4; i++) {
            for (String type : new String[] {"weight", "bias"}) {
                Tensor old = stateDict.remove(prefix + "conv." + 2 * i + "." + type);
                if (old != null) stateDict.put(prefix + "conv." + i + ".0." + type, old);
            }
        }
    }

    /** {@code [N, A * K, H, W]} as {@code [N, H * W * A, K]}. */
    static Tensor perAnchor(Tensor t, long k) {
        long n = t.size(0), h = t.size(2), w = t.size(3);
        return t.view(n, -1, k, h, w).permute(0, 3, 4, 1, 2).reshape(n, -1, k);
    }

    /**
     * {@code compute_loss(targets, head_outputs, matched_idxs)}: per image the sigmoid focal loss (summed) over the
     * anchors not between thresholds, each foreground anchor's target one-hot at its box's label, divided by the
     * foreground count (at least 1); the images' mean.
     */
    public Tensor computeLoss(List<Map<String, Tensor>> targets, Tensor clsLogits, List<Tensor> matchedIdxs) {
        Tensor total = null;
        for (int i = 0; i < targets.size(); i++) {
            Tensor logits = clsLogits.select(0, i), matched = matchedIdxs.get(i);
            Tensor fg = matched.ge(0L).nonzero().select(1, 0);
            Tensor labels = targets.get(i).get("labels").indexSelect(0, matched.indexSelect(0, fg));
            Tensor target = Torch.zerosLike(logits);
            if (fg.numel() > 0) target.indexCopy_(0, fg, Functional.oneHot(labels, numClasses).to(logits.dtype()));
            Tensor valid = matched.ne(Matcher.BETWEEN_THRESHOLDS).nonzero().select(1, 0);
            Tensor loss = Losses.sigmoidFocalLoss(logits.indexSelect(0, valid), target.indexSelect(0, valid), 0.25, 2, "sum")
                    .div((double) Math.max(1, fg.numel()));
            total = total == null ? loss : total.add(loss);
        }
        return total.div((double) targets.size());
    }

    /** {@inheritDoc} torchvision's: version 2 wraps each convolution in Conv2dNormActivation. */
    @Override
    protected int stateDictVersion() { return 2; }
}
