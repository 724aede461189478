package dev.torch4j.vision.ops;

import dev.torch4j.nn.BatchNorm2d;

/**
 * {@code torchvision.ops.Conv2dNormActivation(in_channels, out_channels, ...)}: Conv2d, BatchNorm2d and ReLU by
 * default; see {@link ConvNormActivation.Options} for the keyword arguments.
 * <pre>{@code
 * var stem = new Conv2dNormActivation(3, 16, Conv2dNormActivation.options().stride(2).activationLayer(Hardswish::new));
 * }</pre>
 */
public class Conv2dNormActivation extends ConvNormActivation {
    /** torchvision's defaults: kernel 3, stride 1, same padding, BatchNorm2d, ReLU in place. */
    public static Options options() { return defaults(BatchNorm2d::new); }

    /** {@code Conv2dNormActivation(in_channels, out_channels)} with the defaults. */
    public Conv2dNormActivation(long inChannels, long outChannels) { this(inChannels, outChannels, options()); }

    /** {@code Conv2dNormActivation(in_channels, out_channels, ...)}. */
    public Conv2dNormActivation(long inChannels, long outChannels, Options o) { super(2, inChannels, outChannels, o); }
}
