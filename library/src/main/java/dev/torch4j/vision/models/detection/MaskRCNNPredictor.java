package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.ConvTranspose2d;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * torchvision's {@code MaskRCNNPredictor(in_channels, dim_reduced, num_classes)}: a 2x2 stride-2 transposed
 * convolution ({@code conv5_mask}) doubling the pooled masks' size, ReLU, and a 1x1 convolution to one mask logit map
 * per class ({@code mask_fcn_logits}); the weights Kaiming-normal ({@code fan_out}, ReLU), the biases as built.
 */
public class MaskRCNNPredictor extends Sequential {
    /** {@code MaskRCNNPredictor(in_channels, dim_reduced, num_classes)}. */
    public MaskRCNNPredictor(long inChannels, long dimReduced, long numClasses) {
        super(layers(inChannels, dimReduced, numClasses));
        for (Map.Entry<String, Tensor> e : namedParameters().entrySet()) {
            if (e.getKey().contains("weight")) Init.kaimingNormal_(e.getValue(), 0, "fan_out", "relu", null);
        }
    }

    private static Map<String, Module> layers(long inChannels, long dimReduced, long numClasses) {
        Map<String, Module> m = new LinkedHashMap<>();
        m.put("conv5_mask", new ConvTranspose2d(inChannels, dimReduced, 2, ConvTranspose2d.options().stride(2).padding(0)));
        m.put("relu", new ReLU(true));
        m.put("mask_fcn_logits", new Conv2d(dimReduced, numClasses, 1));
        return m;
    }
}
