package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.ConvTranspose3d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
 * bias=True, dilation=1)} over {@code [N, C, D, H, W]} (or unbatched {@code [C, D, H, W]}) input: the gradient of
 * {@link Conv3d} with respect to its input, the upsampling half of a 3-d U-Net. {@code manualSeed(s)} then the
 * constructor gives PyTorch's exact weights.
 *
 * <pre>{@code
 * var up = new ConvTranspose3d(32, 16, 2, ConvTranspose3d.options().stride(2));   // doubles D, H, W
 * }</pre>
 */
public class ConvTranspose3d extends ConvTransposeNd {
    /** A cubic {@code kernelSize} with the default options. */
    public ConvTranspose3d(long inChannels, long outChannels, long kernelSize) { this(inChannels, outChannels, kernelSize, options()); }

    /** A cubic {@code kernelSize}. */
    public ConvTranspose3d(long inChannels, long outChannels, long kernelSize, Options o) {
        this(inChannels, outChannels, new long[] {kernelSize}, o);
    }

    /** {@code kernelSize} as one value or {@code {kD, kH, kW}}. */
    public ConvTranspose3d(long inChannels, long outChannels, long[] kernelSize, Options o) {
        super(3, inChannels, outChannels, kernelSize, o);
    }

    /** {@link LazyConvTranspose3d}'s: in_channels from the first input. */
    ConvTranspose3d(long outChannels, long[] kernelSize, Options o, boolean lazy) { super(3, 0, outChannels, kernelSize, o, lazy); }

    @Override
    Tensor convTranspose(Tensor input, long[] outputPadding) {
        return Functional.convTranspose3d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }
}
