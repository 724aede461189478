package dev.torch4j.vision.models.segmentation;

import dev.torch4j.Tensor;
import dev.torch4j.nn.AdaptiveAvgPool2d;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.nn.Sigmoid;
import dev.torch4j.vision.models.IntermediateLayerGetter;
import dev.torch4j.vision.models.MobileNetV3;
import dev.torch4j.vision.models.MobileNetV3LargeWeights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torchvision.models.segmentation.LRASPP} (Lite R-ASPP, from Howard et al., "Searching for MobileNetV3"): the
 * high-level features (output stride 16) gated by their global pooling, upsampled to the low-level ones (stride 8),
 * and a classifier on each, summed, then upsampled to the input. Its output has {@code "out"} only.
 */
public class LRASPP extends Module {
    /** The feature extractor: its {@code forwardDict} gives {@code "low"} and {@code "high"}. */
    public final IntermediateLayerGetter backbone;
    /** The {@link LRASPPHead}. */
    public final LRASPPHead classifier;

    /** {@code LRASPP(backbone, low_channels, high_channels, num_classes)}: 128 intermediate channels. */
    public LRASPP(IntermediateLayerGetter backbone, long lowChannels, long highChannels, long numClasses) {
        this(backbone, lowChannels, highChannels, numClasses, 128);
    }

    /** {@code LRASPP(backbone, low_channels, high_channels, num_classes, inter_channels)}. */
    public LRASPP(IntermediateLayerGetter backbone, long lowChannels, long highChannels, long numClasses, long interChannels) {
        this.backbone = backbone;
        this.classifier = new LRASPPHead(lowChannels, highChannels, numClasses, interChannels);
    }

    /** torchvision's {@code forward}: {@code {"out": [N, classes, H, W]}}. */
    public Map<String, Tensor> forwardDict(Tensor x) {
        Map<String, Tensor> result = new LinkedHashMap<>();
        result.put("out", forward(x));
        return result;
    }

    /** {@code model(x)["out"]}. */
    @Override
    public Tensor forward(Tensor x) {
        Tensor out = classifier.forward(backbone.forwardDict(x));
        return SimpleSegmentationModel.upsample(out, new long[] {x.size(-2), x.size(-1)});
    }

    /** torchvision's {@code LRASPPHead}: {@code cbr(high) * scale(high)}, upsampled to {@code low}'s size, then both classified and summed. */
    public static final class LRASPPHead extends Module {
        /** 1x1 convolution, batch norm, ReLU. */
        public final Sequential cbr;
        /** Global average pool, 1x1 convolution, sigmoid: the gate. */
        public final Sequential scale;
        /** The classifiers of the low and the (gated, upsampled) high features. */
        public final Conv2d low_classifier, high_classifier;

        /** {@code LRASPPHead(low_channels, high_channels, num_classes, inter_channels)}. */
        public LRASPPHead(long lowChannels, long highChannels, long numClasses, long interChannels) {
            cbr = new Sequential(new Conv2d(highChannels, interChannels, 1, Conv2d.options().bias(false)), new BatchNorm2d(interChannels),
                    new ReLU(true));
            scale = new Sequential(new AdaptiveAvgPool2d(1), new Conv2d(highChannels, interChannels, 1, Conv2d.options().bias(false)), new Sigmoid());
            low_classifier = new Conv2d(lowChannels, numClasses, 1);
            high_classifier = new Conv2d(interChannels, numClasses, 1);
        }

        /** The head on {@code {"low", "high"}}. */
        public Tensor forward(Map<String, Tensor> input) {
            Tensor low = input.get("low"), high = input.get("high");
            Tensor x = cbr.call(high).mul(scale.call(high));
            x = SimpleSegmentationModel.upsample(x, new long[] {low.size(-2), low.size(-1)});
            return low_classifier.call(low).add(high_classifier.call(x));
        }
    }

    /** {@code lraspp_mobilenet_v3_large(weights_backbone=None)}: untrained, 21 classes. */
    public static LRASPP lrasppMobilenetV3Large() { return lrasppMobilenetV3Large(null, null, null); }

    /** {@code lraspp_mobilenet_v3_large(weights=weights)}; null: {@link #lrasppMobilenetV3Large()}. */
    public static LRASPP lrasppMobilenetV3Large(LRASPPMobileNetV3LargeWeights weights) { return lrasppMobilenetV3Large(weights, null, null); }

    /**
     * {@code lraspp_mobilenet_v3_large(weights, num_classes, weights_backbone)}, null for None: the dilated
     * MobileNetV3-Large's C2 (output stride 8) as "low" and C5 as "high".
     */
    public static LRASPP lrasppMobilenetV3Large(LRASPPMobileNetV3LargeWeights weights, Long numClasses, MobileNetV3LargeWeights weightsBackbone) {
        long classes = Backbones.resolve(weights, numClasses, null).numClasses();
        Sequential features = MobileNetV3.mobilenetV3Large(weights == null ? weightsBackbone : null, true).features;
        List<Integer> stages = Backbones.stageIndices(features);
        int lowPos = stages.get(stages.size() - 4), highPos = stages.getLast();
        Map<String, String> layers = new LinkedHashMap<>();
        layers.put(String.valueOf(lowPos), "low");
        layers.put(String.valueOf(highPos), "high");
        IntermediateLayerGetter getter = new IntermediateLayerGetter(features, layers);
        LRASPP model = new LRASPP(getter, Backbones.outChannels(features.get(lowPos)), Backbones.outChannels(features.get(highPos)), classes);
        return Backbones.load(model, weights);
    }
}
