package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;

import java.util.Map;

/**
 * A detection backbone: what torchvision asks of one, an {@code out_channels} attribute (the channels of every
 * feature map) and a forward giving the feature maps by name. A module that is not one is taken to give one map,
 * named {@code "0"}.
 */
public interface DetectionBackbone {
    /** The number of channels of every feature map. */
    long outChannels();

    /** The feature maps of the batch, by name, finest first. */
    Map<String, Tensor> features(Tensor images);
}
