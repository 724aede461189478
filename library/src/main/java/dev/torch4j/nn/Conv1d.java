package dev.torch4j.nn;

/**
 * {@code nn.Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True)}
 * over {@code [N, C, L]} (or unbatched {@code [C, L]}) input, initialised as PyTorch does.
 */
public class Conv1d extends ConvNd {
    /** The default options. */
    public Conv1d(long inChannels, long outChannels, long kernelSize) { this(inChannels, outChannels, kernelSize, options()); }

    /** With options, e.g. {@code Conv1d.options().padding("same")}. */
    public Conv1d(long inChannels, long outChannels, long kernelSize, Options o) {
        super(1, inChannels, outChannels, new long[] {kernelSize}, o);
    }

    /** {@link LazyConv1d}'s: in_channels from the first input. */
    Conv1d(long outChannels, long[] kernelSize, Options o, boolean lazy) { super(1, 0, outChannels, kernelSize, o, lazy); }

    @Override
    dev.torch4j.Tensor conv(dev.torch4j.Tensor input, long[] padding, String paddingString) {
        return paddingString != null
                ? Functional.conv1d(input, weight, bias, stride, paddingString, dilation, groups)
                : Functional.conv1d(input, weight, bias, stride, padding, dilation, groups);
    }
}
