package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;
import dev.torch4j.ops.QuantizedNn;

/**
 * {@code torch.ao.nn.quantized.ConvTranspose2d} (printed {@code QuantizedConvTranpose2d}, PyTorch 1.13's spelling): a
 * transposed 2-d convolution of a quint8 {@code (N, C, H, W)} input with a per-tensor qint8 weight
 * {@code (C_in, C_out / groups, kH, kW)} ({@link QuantizedNn#convTranspose}); zero padding only.
 */
public class ConvTranspose2d extends ConvNd {
    /** {@code output_padding}: one value per spatial dimension. */
    public final long[] outputPadding;

    /** {@code ConvTranspose2d(in, out, kernel_size, stride, padding, output_padding, groups, bias, dilation)}: one value or two each. */
    public ConvTranspose2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] outputPadding,
                           long groups, boolean bias, long[] dilation) {
        this(2, inChannels, outChannels, kernelSize, stride, padding, outputPadding, groups, bias, dilation);
    }

    /** For the 1-d form. */
    ConvTranspose2d(int dims, long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] outputPadding,
                    long groups, boolean bias, long[] dilation) {
        super(dims, inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias);
        this.outputPadding = expand(outputPadding, dims);
    }

    /** {@code ConvTranspose2d.from_float(mod)}: the weight quantized per tensor with {@code qconfig.weight()}, the observer's scale. */
    public static ConvTranspose2d fromFloat(Module mod) {
        var f = floatConvTranspose(mod, dev.torch4j.nn.ConvTranspose2d.class, "ConvTranspose2d");
        var q = new ConvTranspose2d(f.inChannels, f.outChannels, f.kernelSize, f.stride, f.padding, f.outputPadding, f.groups,
                f.bias != null, f.dilation);
        q.fromObserved(mod, f, f.weight, f.bias, "ConvTranspose2d");
        return q;
    }

    /** The float transposed convolution {@code mod}, of exactly {@code type}, zero-padded. */
    static <F extends dev.torch4j.nn.ConvTransposeNd> F floatConvTranspose(Module mod, Class<F> type, String cls) {
        if (mod.getClass() != type) {
            throw new IllegalArgumentException(" nnq." + cls + ".from_float only works for " + type.getSimpleName());
        }
        F f = type.cast(mod);
        if (!"zeros".equals(f.paddingMode)) {
            throw new UnsupportedOperationException("nnq." + cls + ": only zero padding is supported, got padding_mode=" + f.paddingMode);
        }
        return f;
    }

    @Override
    protected long[] weightShape() {
        long[] s = super.weightShape();
        s[0] = inChannels;
        s[1] = outChannels / groups;
        return s;
    }

    @Override
    protected long biasSize() { return outChannels; }

    @Override
    protected long[] outputPadding() { return outputPadding; }

    @Override
    public Tensor forward(Tensor x) {
        return QuantizedNn.convTranspose(x, weight(), bias(), stride, padding, outputPadding, dilation, groups, scale, zeroPoint);
    }

    @Override
    public String className() { return "QuantizedConvTranpose2d"; }
}
