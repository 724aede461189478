package dev.torch4j.vision.models.detection;

import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Module;
import dev.torch4j.Tensor;
import dev.torch4j.vision.models.MobileNetV3;
import dev.torch4j.vision.models.ResNet;
import dev.torch4j.vision.ops.ConvNormActivation;
import dev.torch4j.vision.ops.ExtraFPNBlock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/** torchvision's {@code detection.backbone_utils}: ResNet and MobileNetV3 backbones with a feature pyramid, and which layers train. */
public final class BackboneUtils {
    private BackboneUtils() {}

    /**
     * {@code _resnet_fpn_extractor(backbone, trainable_layers, returned_layers, extra_blocks, norm_layer)}: every
     * parameter outside the last {@code trainableLayers} of (layer4, layer3, layer2, layer1, conv1) stops requiring
     * grad (bn1 trains only with all 5); the returned layers (default 1 to 4) feed a 256-channel pyramid.
     */
    public static BackboneWithFPN resnetFpnExtractor(ResNet backbone, int trainableLayers, long[] returnedLayers, ExtraFPNBlock extraBlocks,
                                                     LongFunction<Module> normLayer) {
        if (trainableLayers < 0 || trainableLayers > 5) throw new IllegalArgumentException("Trainable layers should be in the range [0,5], got " + trainableLayers);
        List<String> layersToTrain = new ArrayList<>(List.of("layer4", "layer3", "layer2", "layer1", "conv1").subList(0, trainableLayers));
        if (trainableLayers == 5) layersToTrain.add("bn1");
        for (var e : backbone.namedParameters().entrySet()) {
            if (layersToTrain.stream().noneMatch(e.getKey()::startsWith)) e.getValue().requiresGrad_(false);
        }
        if (returnedLayers == null) returnedLayers = new long[] {1, 2, 3, 4};
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (long l : returnedLayers) {
            min = Math.min(min, l);
            max = Math.max(max, l);
        }
        if (min <= 0 || max >= 5) throw new IllegalArgumentException("Each returned layer should be in the range [1,4]. Got " + java.util.Arrays.toString(returnedLayers));
        Map<String, String> returnLayers = new LinkedHashMap<>();
        for (int v = 0; v < returnedLayers.length; v++) returnLayers.put("layer" + returnedLayers[v], String.valueOf(v));
        long inChannelsStage2 = lastConvChannels(backbone.layer4) / 8;
        long[] inChannelsList = new long[returnedLayers.length];
        for (int i = 0; i < returnedLayers.length; i++) inChannelsList[i] = inChannelsStage2 << (returnedLayers[i] - 1);
        return new BackboneWithFPN(backbone, returnLayers, inChannelsList, 256, extraBlocks, normLayer);
    }

    /** ResNet's {@code inplanes} after building: the output channels of layer4's last convolution. */
    private static long lastConvChannels(Module layer) {
        long c = -1;
        for (Module m : layer.modules()) if (m instanceof Conv2d conv) c = conv.outChannels;
        return c;
    }

    /**
     * {@code _mobilenet_extractor(backbone, fpn=True, trainable_layers, returned_layers, extra_blocks, norm_layer)}:
     * the backbone's {@code features} cut into stages (the stem, each striding block, the last layer); every layer
     * before the last {@code trainableLayers} stages stops requiring grad; the returned stages (default the last two)
     * feed a 256-channel pyramid.
     */
    public static BackboneWithFPN mobilenetFpnExtractor(MobileNetV3 backbone, int trainableLayers, long[] returnedLayers, ExtraFPNBlock extraBlocks,
                                                        LongFunction<Module> normLayer) {
        List<Module> features = backbone.features.children();
        List<Integer> stageIndices = new ArrayList<>(List.of(0));
        for (int i = 0; i < features.size(); i++) if (features.get(i) instanceof MobileNetV3.InvertedResidual b && b.isCn) stageIndices.add(i);
        stageIndices.add(features.size() - 1);
        int numStages = stageIndices.size();
        if (trainableLayers < 0 || trainableLayers > numStages) {
            throw new IllegalArgumentException("Trainable layers should be in the range [0," + numStages + "], got " + trainableLayers + " ");
        }
        int freezeBefore = trainableLayers == 0 ? features.size() : stageIndices.get(numStages - trainableLayers);
        for (Module b : features.subList(0, freezeBefore)) for (Tensor p : b.parameters()) p.requiresGrad_(false);
        if (returnedLayers == null) returnedLayers = new long[] {numStages - 2, numStages - 1};
        for (long l : returnedLayers) {
            if (l < 0 || l >= numStages) {
                throw new IllegalArgumentException("Each returned layer should be in the range [0," + (numStages - 1) + "], got "
                        + java.util.Arrays.toString(returnedLayers) + " ");
            }
        }
        Map<String, String> returnLayers = new LinkedHashMap<>();
        long[] inChannelsList = new long[returnedLayers.length];
        for (int v = 0; v < returnedLayers.length; v++) {
            int k = stageIndices.get((int) returnedLayers[v]);
            returnLayers.put(String.valueOf(k), String.valueOf(v));
            Module layer = features.get(k);
            inChannelsList[v] = layer instanceof MobileNetV3.InvertedResidual b ? b.outChannels : ((ConvNormActivation) layer).outChannels;
        }
        return new BackboneWithFPN(backbone.features, returnLayers, inChannelsList, 256, extraBlocks, normLayer);
    }

    /**
     * torchvision's {@code _validate_trainable_layers(is_trained, trainable_backbone_layers, max_value, default_value)}:
     * without pretrained weights every layer trains ({@code maxValue}; a number given is ignored, as torchvision
     * ignores it with a warning); with them the number given, or {@code defaultValue}.
     */
    public static int validateTrainableLayers(boolean isTrained, Integer trainableBackboneLayers, int maxValue, int defaultValue) {
        if (!isTrained) {
            if (trainableBackboneLayers != null) {
                dev.torch4j.core.Warnings.warnOnce("dev.torch4j.vision", "trainable_backbone_layers", "Changing trainable_backbone_layers has not effect if neither pretrained nor pretrained_backbone have been "
                        + "set to True, falling back to trainable_backbone_layers=" + maxValue + " so that all layers are trainable");
            }
            trainableBackboneLayers = maxValue;
        }
        if (trainableBackboneLayers == null) trainableBackboneLayers = defaultValue;
        if (trainableBackboneLayers < 0 || trainableBackboneLayers > maxValue) {
            throw new IllegalArgumentException("Trainable backbone layers should be in the range [0," + maxValue + "], got " + trainableBackboneLayers + " ");
        }
        return trainableBackboneLayers;
    }
}
