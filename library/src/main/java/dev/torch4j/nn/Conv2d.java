package dev.torch4j.nn;

/**
 * {@code nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True)}
 * over {@code [N, C, H, W]} (or unbatched {@code [C, H, W]}) input. {@code manualSeed(s); new Conv2d(1, 32, 3)}
 * holds PyTorch's exact weights.
 *
 * <pre>{@code
 * var conv = new Conv2d(1, 32, 3);                                          // Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))
 * var down = new Conv2d(32, 64, 3, Conv2d.options().stride(2).padding(1));
 * }</pre>
 */
public class Conv2d extends ConvNd {
    /** A square {@code kernelSize} with the default options. */
    public Conv2d(long inChannels, long outChannels, long kernelSize) { this(inChannels, outChannels, kernelSize, options()); }

    /** A square {@code kernelSize}. */
    public Conv2d(long inChannels, long outChannels, long kernelSize, Options o) { this(inChannels, outChannels, new long[] {kernelSize}, o); }

    /** {@code kernelSize} as one value or {@code {kH, kW}}. */
    public Conv2d(long inChannels, long outChannels, long[] kernelSize, Options o) { super(2, inChannels, outChannels, kernelSize, o); }

    /** {@link LazyConv2d}'s: in_channels from the first input. */
    Conv2d(long outChannels, long[] kernelSize, Options o, boolean lazy) { super(2, 0, outChannels, kernelSize, o, lazy); }

    @Override
    dev.torch4j.Tensor conv(dev.torch4j.Tensor input, long[] padding, String paddingString) {
        return paddingString != null
                ? Functional.conv2d(input, weight, bias, stride, paddingString, dilation, groups)
                : Functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }
}
