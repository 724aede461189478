package dev.torch4j.vision.models.segmentation;

import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.models.IntermediateLayerGetter;
import dev.torch4j.vision.models.MobileNetV3;
import dev.torch4j.vision.models.MobileNetV3LargeWeights;
import dev.torch4j.vision.models.ResNet;
import dev.torch4j.vision.models.ResNet101Weights;
import dev.torch4j.vision.models.ResNet50Weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torchvision.models.segmentation.DeepLabV3} (Chen et al., "Rethinking Atrous Convolution for Semantic Image
 * Segmentation"): a dilated ResNet (output stride 8) or a dilated MobileNetV3-Large (stride 16) with a
 * {@link DeepLabHead} ({@link ASPP} at rates 12, 24, 36), and optionally an {@link FCN.FCNHead} on earlier features.
 * Names, repr and initialisation are torchvision's, so its checkpoints load. The builders take torchvision's keywords
 * as {@link FCN}'s do.
 */
public class DeepLabV3 extends SimpleSegmentationModel {
    /** {@code DeepLabV3(backbone, classifier, aux_classifier)}. */
    public DeepLabV3(IntermediateLayerGetter backbone, Module classifier, Module auxClassifier) { super(backbone, classifier, auxClassifier); }

    /** torchvision's {@code DeepLabHead(in_channels, num_classes)}: ASPP, a 3x3 convolution with batch norm and ReLU, a 1x1 to the classes. */
    public static final class DeepLabHead extends Sequential {
        /** {@code DeepLabHead(in_channels, num_classes)}. */
        public DeepLabHead(long inChannels, long numClasses) {
            super(new ASPP(inChannels, new long[] {12, 24, 36}), new Conv2d(256, 256, 3, Conv2d.options().padding(1).bias(false)),
                    new BatchNorm2d(256), new ReLU(), new Conv2d(256, numClasses, 1));
        }
    }

    /** torchvision's {@code _deeplabv3_resnet}: {@code layer4} as "out", {@code layer3} as "aux" (its head drawn first). */
    static DeepLabV3 deeplabv3Resnet(ResNet backbone, long numClasses, boolean aux) {
        Map<String, String> layers = new LinkedHashMap<>(Map.of("layer4", "out"));
        if (aux) layers.put("layer3", "aux");
        IntermediateLayerGetter getter = new IntermediateLayerGetter(backbone, layers);
        Module auxClassifier = aux ? new FCN.FCNHead(1024, numClasses) : null;
        return new DeepLabV3(getter, new DeepLabHead(2048, numClasses), auxClassifier);
    }

    /** {@code deeplabv3_resnet50(weights_backbone=None)}: untrained, 21 classes, no auxiliary head. */
    public static DeepLabV3 deeplabv3Resnet50() { return deeplabv3Resnet50(null, null, null, null); }

    /** {@code deeplabv3_resnet50(weights=weights)}; null: {@link #deeplabv3Resnet50()}. */
    public static DeepLabV3 deeplabv3Resnet50(DeepLabV3ResNet50Weights weights) { return deeplabv3Resnet50(weights, null, null, null); }

    /** {@code deeplabv3_resnet50(weights, num_classes, aux_loss, weights_backbone)}, null for None. */
    public static DeepLabV3 deeplabv3Resnet50(DeepLabV3ResNet50Weights weights, Long numClasses, Boolean auxLoss, ResNet50Weights weightsBackbone) {
        Backbones.Args a = Backbones.resolve(weights, numClasses, auxLoss);
        ResNet backbone = ResNet.resnet50(weights == null ? weightsBackbone : null, ResNet.options().replaceStrideWithDilation(false, true, true));
        return Backbones.load(deeplabv3Resnet(backbone, a.numClasses(), a.aux()), weights);
    }

    /** {@code deeplabv3_resnet101(weights_backbone=None)}: untrained, 21 classes, no auxiliary head. */
    public static DeepLabV3 deeplabv3Resnet101() { return deeplabv3Resnet101(null, null, null, null); }

    /** {@code deeplabv3_resnet101(weights=weights)}; null: {@link #deeplabv3Resnet101()}. */
    public static DeepLabV3 deeplabv3Resnet101(DeepLabV3ResNet101Weights weights) { return deeplabv3Resnet101(weights, null, null, null); }

    /** {@code deeplabv3_resnet101(weights, num_classes, aux_loss, weights_backbone)}, null for None. */
    public static DeepLabV3 deeplabv3Resnet101(DeepLabV3ResNet101Weights weights, Long numClasses, Boolean auxLoss,
                                               ResNet101Weights weightsBackbone) {
        Backbones.Args a = Backbones.resolve(weights, numClasses, auxLoss);
        ResNet backbone = ResNet.resnet101(weights == null ? weightsBackbone : null, ResNet.options().replaceStrideWithDilation(false, true, true));
        return Backbones.load(deeplabv3Resnet(backbone, a.numClasses(), a.aux()), weights);
    }

    /** {@code deeplabv3_mobilenet_v3_large(weights_backbone=None)}: untrained, 21 classes, no auxiliary head. */
    public static DeepLabV3 deeplabv3MobilenetV3Large() { return deeplabv3MobilenetV3Large(null, null, null, null); }

    /** {@code deeplabv3_mobilenet_v3_large(weights=weights)}; null: {@link #deeplabv3MobilenetV3Large()}. */
    public static DeepLabV3 deeplabv3MobilenetV3Large(DeepLabV3MobileNetV3LargeWeights weights) {
        return deeplabv3MobilenetV3Large(weights, null, null, null);
    }

    /**
     * {@code deeplabv3_mobilenet_v3_large(weights, num_classes, aux_loss, weights_backbone)}, null for None: the
     * dilated MobileNetV3-Large's features, C5 (the last convolution) as "out" and C2 (output stride 8) as "aux".
     */
    public static DeepLabV3 deeplabv3MobilenetV3Large(DeepLabV3MobileNetV3LargeWeights weights, Long numClasses, Boolean auxLoss,
                                                      MobileNetV3LargeWeights weightsBackbone) {
        Backbones.Args a = Backbones.resolve(weights, numClasses, auxLoss);
        Sequential features = MobileNetV3.mobilenetV3Large(weights == null ? weightsBackbone : null, true).features;
        List<Integer> stages = Backbones.stageIndices(features);
        int outPos = stages.getLast(), auxPos = stages.get(stages.size() - 4);
        Map<String, String> layers = new LinkedHashMap<>(Map.of(String.valueOf(outPos), "out"));
        if (a.aux()) layers.put(String.valueOf(auxPos), "aux");
        IntermediateLayerGetter getter = new IntermediateLayerGetter(features, layers);
        Module auxClassifier = a.aux() ? new FCN.FCNHead(Backbones.outChannels(features.get(auxPos)), a.numClasses()) : null;
        DeepLabV3 model = new DeepLabV3(getter, new DeepLabHead(Backbones.outChannels(features.get(outPos)), a.numClasses()), auxClassifier);
        return Backbones.load(model, weights);
    }
}
