package dev.torch4j.ao.nn.quantized;

import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.nn.quantized.ConvTranspose3d} (printed {@code QuantizedConvTranpose3d}, PyTorch 1.13's spelling): a
 * transposed 3-d convolution of a quint8 {@code (N, C, T, H, W)} input with a per-tensor qint8 weight
 * {@code (C_in, C_out / groups, kT, kH, kW)} ({@link ConvTranspose2d}'s arithmetic, QNNPACK's; 1.13 runs it on oneDNN
 * only, which refuses a nonzero {@code output_padding} that FBGEMM and torch4j take).
 */
public class ConvTranspose3d extends ConvTranspose2d {
    /** {@code ConvTranspose3d(in, out, kernel_size, stride, padding, output_padding, groups, bias, dilation)}: one value or three each. */
    public ConvTranspose3d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] outputPadding,
                           long groups, boolean bias, long[] dilation) {
        super(3, inChannels, outChannels, kernelSize, stride, padding, outputPadding, groups, bias, dilation);
    }

    /** {@code ConvTranspose3d.from_float(mod)}: the weight quantized per tensor with {@code qconfig.weight()}, the observer's scale. */
    public static ConvTranspose3d fromFloat(Module mod) {
        var f = floatConvTranspose(mod, dev.torch4j.nn.ConvTranspose3d.class, "ConvTranspose3d");
        var q = new ConvTranspose3d(f.inChannels, f.outChannels, f.kernelSize, f.stride, f.padding, f.outputPadding, f.groups,
                f.bias != null, f.dilation);
        q.fromObserved(mod, f, f.weight, f.bias, "ConvTranspose3d");
        return q;
    }

    /** No zero bias: oneDNN and FBGEMM, which run it, keep None (printed {@code bias=False}, saved as None). */
    @Override
    protected boolean packsZeroBias() { return false; }

    @Override
    public String className() { return "QuantizedConvTranpose3d"; }
}
