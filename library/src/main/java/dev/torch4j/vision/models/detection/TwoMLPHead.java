package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;

/** torchvision's {@code TwoMLPHead(in_channels, representation_size)}: the pooled boxes flattened, then two linear layers with ReLU ({@code fc6}, {@code fc7}). */
public class TwoMLPHead extends Module {
    /** The first layer, from the flattened pooled features. */
    public final Linear fc6;
    /** The second layer. */
    public final Linear fc7;

    /** {@code TwoMLPHead(in_channels, representation_size)}. */
    public TwoMLPHead(long inChannels, long representationSize) {
        fc6 = new Linear(inChannels, representationSize);
        fc7 = new Linear(representationSize, representationSize);
    }

    @Override
    public Tensor forward(Tensor x) { return fc7.call(fc6.call(x.flatten(1)).relu()).relu(); }
}
