package dev.torch4j.vision.ops;

import dev.torch4j.Tensor;
import dev.torch4j.nn.AdaptiveAvgPool2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sigmoid;

import java.util.function.Supplier;

/**
 * {@code torchvision.ops.SqueezeExcitation(input_channels, squeeze_channels, activation, scale_activation)} (Hu et
 * al.): per-channel weights from the pooled input through two 1x1 convolutions, multiplied into the input.
 */
public class SqueezeExcitation extends Module {
    /** The pool to one value per channel. */
    public final AdaptiveAvgPool2d avgpool = new AdaptiveAvgPool2d(1);
    /** The squeeze and the excitation convolutions. */
    public final Conv2d fc1, fc2;
    /** Between the convolutions (ReLU by default). */
    public final Module activation;
    /** On the scale (Sigmoid by default). */
    public final Module scale_activation;

    /** {@code SqueezeExcitation(input_channels, squeeze_channels)}: ReLU, Sigmoid. */
    public SqueezeExcitation(long inputChannels, long squeezeChannels) { this(inputChannels, squeezeChannels, ReLU::new, Sigmoid::new); }

    /** {@code SqueezeExcitation(input_channels, squeeze_channels, activation, scale_activation)}. */
    public SqueezeExcitation(long inputChannels, long squeezeChannels, Supplier<Module> activation, Supplier<Module> scaleActivation) {
        this.fc1 = new Conv2d(inputChannels, squeezeChannels, 1);
        this.fc2 = new Conv2d(squeezeChannels, inputChannels, 1);
        this.activation = activation.get();
        this.scale_activation = scaleActivation.get();
    }

    /** The per-channel scale, {@code [N, C, 1, 1]}. */
    protected Tensor scale(Tensor input) {
        return scale_activation.call(fc2.call(activation.call(fc1.call(avgpool.call(input)))));
    }

    @Override
    public Tensor forward(Tensor input) { return scale(input).mul(input); }
}
