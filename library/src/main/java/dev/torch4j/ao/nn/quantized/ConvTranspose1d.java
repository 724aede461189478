package dev.torch4j.ao.nn.quantized;

import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.nn.quantized.ConvTranspose1d} (printed {@code QuantizedConvTranpose1d}, PyTorch 1.13's spelling): a
 * transposed 1-d convolution of a quint8 {@code (N, C, L)} input ({@link ConvTranspose2d}'s arithmetic).
 */
public class ConvTranspose1d extends ConvTranspose2d {
    /** {@code ConvTranspose1d(in, out, kernel_size, stride, padding, output_padding, groups, bias, dilation)}: one value each. */
    public ConvTranspose1d(long inChannels, long outChannels, long kernelSize, long stride, long padding, long outputPadding, long groups,
                           boolean bias, long dilation) {
        super(1, inChannels, outChannels, new long[] {kernelSize}, new long[] {stride}, new long[] {padding}, new long[] {outputPadding},
                groups, bias, new long[] {dilation});
    }

    /** {@code ConvTranspose1d.from_float(mod)}. */
    public static ConvTranspose1d fromFloat(Module mod) {
        var f = floatConvTranspose(mod, dev.torch4j.nn.ConvTranspose1d.class, "ConvTranspose1d");
        var q = new ConvTranspose1d(f.inChannels, f.outChannels, f.kernelSize[0], f.stride[0], f.padding[0], f.outputPadding[0], f.groups,
                f.bias != null, f.dilation[0]);
        q.fromObserved(mod, f, f.weight, f.bias, "ConvTranspose1d");
        return q;
    }

    @Override
    public String className() { return "QuantizedConvTranpose1d"; }
}
