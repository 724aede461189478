package dev.torch4j.ao.nn.intrinsic.quantized;

import dev.torch4j.ao.nn.quantized.Conv1d;

/** {@code torch.ao.nn.intrinsic.quantized.ConvReLU1d} (printed {@code QuantizedConvReLU1d}): a quantized Conv1d with a fused ReLU. */
public class ConvReLU1d extends Conv1d {
    /** As {@link Conv1d#Conv1d(long, long, long, long, long, long, long, boolean)}. */
    public ConvReLU1d(long inChannels, long outChannels, long kernelSize, long stride, long padding, long dilation, long groups,
                      boolean bias) {
        super(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias);
    }

    /** {@code ConvReLU1d.from_float(mod)}: from an observed {@link dev.torch4j.ao.nn.intrinsic.ConvReLU1d} (or a QAT ConvBnReLU1d). */
    public static ConvReLU1d fromFloat(dev.torch4j.nn.Module mod) {
        var f = floatConv(mod, dev.torch4j.nn.Conv1d.class, "ConvReLU1d");
        return init(new ConvReLU1d(f.inChannels, f.outChannels, f.kernelSize[0], f.stride[0], f.padding[0], f.dilation[0], f.groups,
                f.bias != null), mod, f, "ConvReLU1d");
    }

    @Override
    protected boolean relu() { return true; }

    @Override
    public String className() { return "QuantizedConvReLU1d"; }
}
