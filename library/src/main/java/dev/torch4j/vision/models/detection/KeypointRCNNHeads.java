package dev.torch4j.vision.models.detection;

import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;

/**
 * torchvision's {@code KeypointRCNNHeads(in_channels, layers)}: a 3x3 convolution (padding 1) and ReLU per entry of
 * {@code layers}, the convolutions initialised Kaiming-normal ({@code fan_out}, ReLU) with zero biases. Keypoint
 * R-CNN's default is eight of 512.
 */
public class KeypointRCNNHeads extends Sequential {
    /** {@code KeypointRCNNHeads(in_channels, layers)}. */
    public KeypointRCNNHeads(long inChannels, long[] layers) {
        long next = inChannels;
        for (long out : layers) {
            append(new Conv2d(next, out, 3, Conv2d.options().stride(1).padding(1)));
            append(new ReLU(true));
            next = out;
        }
        for (Module m : children()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight, 0, "fan_out", "relu", null);
                Init.constant_(c.bias, 0);
            }
        }
    }
}
