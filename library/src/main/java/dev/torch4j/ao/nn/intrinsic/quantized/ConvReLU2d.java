package dev.torch4j.ao.nn.intrinsic.quantized;

import dev.torch4j.ao.nn.quantized.Conv2d;

/**
 * {@code torch.ao.nn.intrinsic.quantized.ConvReLU2d} (printed {@code QuantizedConvReLU2d}): a quantized Conv2d whose
 * requantized outputs are clamped below at the zero point (QNNPACK's fused ReLU).
 */
public class ConvReLU2d extends Conv2d {
    /** As {@link Conv2d#Conv2d(long, long, long[], long[], long[], long[], long, boolean)}. */
    public ConvReLU2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] dilation, long groups,
                      boolean bias) {
        super(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias);
    }

    /** {@code ConvReLU2d.from_float(mod)}: from an observed {@link dev.torch4j.ao.nn.intrinsic.ConvReLU2d}. */
    public static ConvReLU2d fromFloat(dev.torch4j.ao.nn.intrinsic.ConvReLU2d mod) {
        var f = (dev.torch4j.nn.Conv2d) mod.get(0);
        return init(new ConvReLU2d(f.inChannels, f.outChannels, f.kernelSize, f.stride, f.padding, f.dilation, f.groups, f.bias != null),
                mod, "ConvReLU2d");
    }

    @Override
    protected boolean relu() { return true; }

    @Override
    public String className() { return "QuantizedConvReLU2d"; }
}
