package dev.torch4j.vision.models.segmentation;

import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.models.IntermediateLayerGetter;
import dev.torch4j.vision.models.ResNet;
import dev.torch4j.vision.models.ResNet101Weights;
import dev.torch4j.vision.models.ResNet50Weights;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torchvision.models.segmentation.FCN} (Long et al., "Fully Convolutional Networks for Semantic
 * Segmentation"): a dilated ResNet (output stride 8) and an {@link FCNHead}, with an optional auxiliary head on
 * {@code layer3}. Names, repr and initialisation are torchvision's, so its checkpoints load:
 *
 * <pre>{@code
 * FCN model = FCN.fcnResnet50(FCNResNet50Weights.DEFAULT);     // downloads once into the hub cache
 * model.eval();
 * Tensor batch = FCNResNet50Weights.DEFAULT.transforms().apply(image).unsqueeze(0);
 * Tensor classes = model.forwardDict(batch).get("out").argmax(1);   // [1, H, W], indices into categories()
 * }</pre>
 *
 * The builders take torchvision's keywords ({@code weights, num_classes, aux_loss, weights_backbone}) with null for
 * None; the shorter forms pass {@code weights_backbone=None} where torchvision's default downloads ImageNet weights.
 */
public class FCN extends SimpleSegmentationModel {
    /** {@code FCN(backbone, classifier, aux_classifier)}: the backbone must give {@code "out"} (and {@code "aux"} for the auxiliary head). */
    public FCN(IntermediateLayerGetter backbone, Module classifier, Module auxClassifier) { super(backbone, classifier, auxClassifier); }

    /** torchvision's {@code FCNHead(in_channels, channels)}: 3x3 convolution to a quarter, batch norm, ReLU, dropout 0.1, 1x1 to the classes. */
    public static final class FCNHead extends Sequential {
        /** {@code FCNHead(in_channels, channels)}. */
        public FCNHead(long inChannels, long channels) {
            super(new Conv2d(inChannels, inChannels / 4, 3, Conv2d.options().padding(1).bias(false)), new BatchNorm2d(inChannels / 4),
                    new ReLU(), new Dropout(0.1), new Conv2d(inChannels / 4, channels, 1));
        }
    }

    /** torchvision's {@code _fcn_resnet}: {@code layer4} as "out", {@code layer3} as "aux"; the auxiliary head is built (drawn) first, as there. */
    static FCN fcnResnet(ResNet backbone, long numClasses, boolean aux) {
        Map<String, String> layers = new LinkedHashMap<>(Map.of("layer4", "out"));
        if (aux) layers.put("layer3", "aux");
        IntermediateLayerGetter getter = new IntermediateLayerGetter(backbone, layers);
        Module auxClassifier = aux ? new FCNHead(1024, numClasses) : null;
        return new FCN(getter, new FCNHead(2048, numClasses), auxClassifier);
    }

    /** {@code fcn_resnet50(weights_backbone=None)}: untrained, 21 classes, no auxiliary head. */
    public static FCN fcnResnet50() { return fcnResnet50(null, null, null, null); }

    /** {@code fcn_resnet50(weights=weights)}: with the weights loaded (and the auxiliary head they carry); null: {@link #fcnResnet50()}. */
    public static FCN fcnResnet50(FCNResNet50Weights weights) { return fcnResnet50(weights, null, null, null); }

    /**
     * {@code fcn_resnet50(weights, num_classes, aux_loss, weights_backbone)}, null for None: with {@code weights}, the
     * backbone weights are ignored, {@code num_classes} must be 21 and {@code aux_loss} true (when given).
     */
    public static FCN fcnResnet50(FCNResNet50Weights weights, Long numClasses, Boolean auxLoss, ResNet50Weights weightsBackbone) {
        Backbones.Args a = Backbones.resolve(weights, numClasses, auxLoss);
        ResNet backbone = ResNet.resnet50(weights == null ? weightsBackbone : null, ResNet.options().replaceStrideWithDilation(false, true, true));
        return Backbones.load(fcnResnet(backbone, a.numClasses(), a.aux()), weights);
    }

    /** {@code fcn_resnet101(weights_backbone=None)}: untrained, 21 classes, no auxiliary head. */
    public static FCN fcnResnet101() { return fcnResnet101(null, null, null, null); }

    /** {@code fcn_resnet101(weights=weights)}: with the weights loaded (and the auxiliary head they carry); null: {@link #fcnResnet101()}. */
    public static FCN fcnResnet101(FCNResNet101Weights weights) { return fcnResnet101(weights, null, null, null); }

    /** {@code fcn_resnet101(weights, num_classes, aux_loss, weights_backbone)}, null for None, as for fcn_resnet50. */
    public static FCN fcnResnet101(FCNResNet101Weights weights, Long numClasses, Boolean auxLoss, ResNet101Weights weightsBackbone) {
        Backbones.Args a = Backbones.resolve(weights, numClasses, auxLoss);
        ResNet backbone = ResNet.resnet101(weights == null ? weightsBackbone : null, ResNet.options().replaceStrideWithDilation(false, true, true));
        return Backbones.load(fcnResnet(backbone, a.numClasses(), a.aux()), weights);
    }
}
