package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
 * bias=True, dilation=1)} over {@code [N, C, H, W]} (or unbatched {@code [C, H, W]}) input: the gradient of
 * {@link Conv2d} with respect to its input, used to upsample. {@code manualSeed(s)} then the constructor gives
 * PyTorch's exact weights.
 *
 * <pre>{@code
 * var up = new ConvTranspose2d(16, 8, 3, ConvTranspose2d.options().stride(2).padding(1).outputPadding(1));   // doubles H, W
 * Tensor y = up.forward(x, new long[] {h, w});   // or pick the size: output_padding follows from it
 * }</pre>
 */
public class ConvTranspose2d extends ConvTransposeNd {
    /** A square {@code kernelSize} with the default options. */
    public ConvTranspose2d(long inChannels, long outChannels, long kernelSize) { this(inChannels, outChannels, kernelSize, options()); }

    /** A square {@code kernelSize}. */
    public ConvTranspose2d(long inChannels, long outChannels, long kernelSize, Options o) {
        this(inChannels, outChannels, new long[] {kernelSize}, o);
    }

    /** {@code kernelSize} as one value or {@code {kH, kW}}. */
    public ConvTranspose2d(long inChannels, long outChannels, long[] kernelSize, Options o) {
        super(2, inChannels, outChannels, kernelSize, o);
    }

    /** {@link LazyConvTranspose2d}'s: in_channels from the first input. */
    ConvTranspose2d(long outChannels, long[] kernelSize, Options o, boolean lazy) { super(2, 0, outChannels, kernelSize, o, lazy); }

    @Override
    Tensor convTranspose(Tensor input, long[] outputPadding) {
        return Functional.convTranspose2d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }
}
