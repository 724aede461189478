package dev.torch4j.vision.ops;

import dev.torch4j.nn.BatchNorm3d;

/** {@code torchvision.ops.Conv3dNormActivation(in_channels, out_channels, ...)}: Conv3d, BatchNorm3d and ReLU by default. */
public class Conv3dNormActivation extends ConvNormActivation {
    /** torchvision's defaults: kernel 3, stride 1, same padding, BatchNorm3d, ReLU in place. */
    public static Options options() { return defaults(BatchNorm3d::new); }

    /** {@code Conv3dNormActivation(in_channels, out_channels)} with the defaults. */
    public Conv3dNormActivation(long inChannels, long outChannels) { this(inChannels, outChannels, options()); }

    /** {@code Conv3dNormActivation(in_channels, out_channels, ...)}. */
    public Conv3dNormActivation(long inChannels, long outChannels, Options o) { super(3, inChannels, outChannels, o); }
}
