package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.ops.Conv2dNormActivation;

import java.util.Map;
import java.util.function.LongFunction;

/**
 * torchvision's {@code MaskRCNNHeads(in_channels, layers, dilation, norm_layer)}: one 3x3
 * {@link Conv2dNormActivation} (padding {@code dilation}, ReLU) per entry of {@code layers}, its convolutions
 * initialised Kaiming-normal ({@code fan_out}, ReLU) with zero biases. Mask R-CNN's default is four of 256.
 */
public class MaskRCNNHeads extends Sequential {
    /** {@code MaskRCNNHeads(in_channels, layers, dilation)}: no norm layer, so the convolutions have biases. */
    public MaskRCNNHeads(long inChannels, long[] layers, long dilation) { this(inChannels, layers, dilation, null); }

    /** {@code MaskRCNNHeads(in_channels, layers, dilation, norm_layer)}; a null norm layer is none. */
    public MaskRCNNHeads(long inChannels, long[] layers, long dilation, LongFunction<Module> normLayer) {
        long next = inChannels;
        for (long features : layers) {
            append(new Conv2dNormActivation(next, features, Conv2dNormActivation.options().kernelSize(3).stride(1).padding(dilation)
                    .dilation(dilation).normLayer(normLayer)));
            next = features;
        }
        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight, 0, "fan_out", "relu", null);
                if (c.bias != null) Init.zeros_(c.bias);
            }
        }
    }

    /**
     * State dicts from before torchvision's version 2 (its COCO checkpoint) name the layers {@code mask_fcn1} to
     * {@code mask_fcnN}; they are {@code 0.0} to {@code N-1.0} now.
     */
    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        for (int i = 0; i < size(); i++) {
            for (String type : new String[] {"weight", "bias"}) {
                Tensor old = stateDict.remove(prefix + "mask_fcn" + (i + 1) + "." + type);
                if (old != null) stateDict.put(prefix + i + ".0." + type, old);
            }
        }
    }

    /** {@inheritDoc} torchvision's: version 2 wraps each convolution in Conv2dNormActivation. */
    @Override
    protected int stateDictVersion() { return 2; }
}
