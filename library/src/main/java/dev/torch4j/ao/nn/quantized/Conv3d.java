package dev.torch4j.ao.nn.quantized;

import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.nn.quantized.Conv3d} (printed {@code QuantizedConv3d}): a 3-d convolution of a quint8
 * {@code (N, C, D, H, W)} input ({@link ConvNd}; QNNPACK's 3-d kernel in PyTorch 1.13, the same arithmetic).
 */
public class Conv3d extends ConvNd {
    /** {@code Conv3d(in, out, kernel_size, stride, padding, dilation, groups, bias)}: each array one value or three. */
    public Conv3d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] dilation, long groups,
                  boolean bias) {
        super(3, inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias);
    }

    /** {@code Conv3d.from_float(mod)}. */
    public static Conv3d fromFloat(Module mod) {
        var f = floatConv(mod, dev.torch4j.nn.Conv3d.class, "Conv3d");
        return init(new Conv3d(f.inChannels, f.outChannels, f.kernelSize, f.stride, f.padding, f.dilation, f.groups, f.bias != null), mod,
                f, "Conv3d");
    }

    @Override
    public String className() { return "QuantizedConv3d"; }
}
