package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.Conv3d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
 * padding_mode='zeros')} over {@code [N, C, D, H, W]} (or unbatched {@code [C, D, H, W]}) input, initialised as
 * PyTorch does.
 *
 * <pre>{@code
 * var conv = new Conv3d(1, 8, 3, Conv3d.options().padding("same"));   // Conv3d(1, 8, kernel_size=(3, 3, 3), stride=(1, 1, 1), padding=same)
 * }</pre>
 */
public class Conv3d extends ConvNd {
    /** A cubic {@code kernelSize} with the default options. */
    public Conv3d(long inChannels, long outChannels, long kernelSize) { this(inChannels, outChannels, kernelSize, options()); }

    /** A cubic {@code kernelSize}. */
    public Conv3d(long inChannels, long outChannels, long kernelSize, Options o) { this(inChannels, outChannels, new long[] {kernelSize}, o); }

    /** {@code kernelSize} as one value or {@code {kD, kH, kW}}. */
    public Conv3d(long inChannels, long outChannels, long[] kernelSize, Options o) { super(3, inChannels, outChannels, kernelSize, o); }

    /** {@link LazyConv3d}'s: in_channels from the first input. */
    Conv3d(long outChannels, long[] kernelSize, Options o, boolean lazy) { super(3, 0, outChannels, kernelSize, o, lazy); }

    @Override
    Tensor conv(Tensor input, long[] padding, String paddingString) {
        return paddingString != null
                ? Functional.conv3d(input, weight, bias, stride, paddingString, dilation, groups)
                : Functional.conv3d(input, weight, bias, stride, padding, dilation, groups);
    }
}
