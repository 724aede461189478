package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.ConvTranspose1d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
 * bias=True, dilation=1)} over {@code [N, C, L]} (or unbatched {@code [C, L]}) input: the gradient of
 * {@link Conv1d} with respect to its input, initialised as PyTorch does.
 */
public class ConvTranspose1d extends ConvTransposeNd {
    /** The default options. */
    public ConvTranspose1d(long inChannels, long outChannels, long kernelSize) { this(inChannels, outChannels, kernelSize, options()); }

    /** With options, e.g. {@code ConvTranspose1d.options().stride(2)}. */
    public ConvTranspose1d(long inChannels, long outChannels, long kernelSize, Options o) {
        super(1, inChannels, outChannels, new long[] {kernelSize}, o);
    }

    /** {@link LazyConvTranspose1d}'s: in_channels from the first input. */
    ConvTranspose1d(long outChannels, long[] kernelSize, Options o, boolean lazy) { super(1, 0, outChannels, kernelSize, o, lazy); }

    @Override
    Tensor convTranspose(Tensor input, long[] outputPadding) {
        return Functional.convTranspose1d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }
}
