package dev.torch4j.vision.models.detection;

import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Flatten;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.ops.Conv2dNormActivation;

import java.util.function.LongFunction;

/**
 * torchvision's {@code FastRCNNConvFCHead(input_size, conv_layers, fc_layers, norm_layer)}: the pooled boxes
 * ({@code [C, H, W]} each) through 3x3 {@link Conv2dNormActivation}s, flattened, then linear layers with ReLU; the
 * convolutions initialised Kaiming-normal ({@code fan_out}, ReLU) with zero biases. Faster R-CNN v2's box head is
 * four 256-channel convolutions with batch norm and one linear layer of 1024.
 */
public class FastRCNNConvFCHead extends Sequential {
    /** {@code FastRCNNConvFCHead(input_size, conv_layers, fc_layers, norm_layer)}: {@code inputSize} is (C, H, W); a null norm layer is none. */
    public FastRCNNConvFCHead(long[] inputSize, long[] convLayers, long[] fcLayers, LongFunction<Module> normLayer) {
        long previous = inputSize[0];
        for (long channels : convLayers) {
            append(new Conv2dNormActivation(previous, channels, Conv2dNormActivation.options().normLayer(normLayer)));
            previous = channels;
        }
        append(new Flatten());
        previous = previous * inputSize[1] * inputSize[2];
        for (long features : fcLayers) {
            append(new Linear(previous, features));
            append(new ReLU(true));
            previous = features;
        }
        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight, 0, "fan_out", "relu", null);
                if (c.bias != null) Init.zeros_(c.bias);
            }
        }
    }
}
