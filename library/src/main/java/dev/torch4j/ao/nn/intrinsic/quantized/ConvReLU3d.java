package dev.torch4j.ao.nn.intrinsic.quantized;

import dev.torch4j.ao.nn.quantized.Conv3d;

/** {@code torch.ao.nn.intrinsic.quantized.ConvReLU3d} (printed {@code QuantizedConvReLU3d}): a quantized Conv3d with a fused ReLU. */
public class ConvReLU3d extends Conv3d {
    /** As {@link Conv3d#Conv3d(long, long, long[], long[], long[], long[], long, boolean)}. */
    public ConvReLU3d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] dilation, long groups,
                      boolean bias) {
        super(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias);
    }

    /** {@code ConvReLU3d.from_float(mod)}: from an observed {@link dev.torch4j.ao.nn.intrinsic.ConvReLU3d}. */
    public static ConvReLU3d fromFloat(dev.torch4j.nn.Module mod) {
        var f = floatConv(mod, dev.torch4j.nn.Conv3d.class, "ConvReLU3d");
        return init(new ConvReLU3d(f.inChannels, f.outChannels, f.kernelSize, f.stride, f.padding, f.dilation, f.groups, f.bias != null),
                mod, f, "ConvReLU3d");
    }

    @Override
    protected boolean relu() { return true; }

    @Override
    public String className() { return "QuantizedConvReLU3d"; }
}
