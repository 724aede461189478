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

    /**
     * {@code ConvReLU2d.from_float(mod)}: from an observed {@link dev.torch4j.ao.nn.intrinsic.ConvReLU2d}, or a QAT
     * {@link dev.torch4j.ao.nn.intrinsic.qat.ConvReLU2d}.
     */
    public static ConvReLU2d fromFloat(dev.torch4j.nn.Module mod) { return init(mod, "ConvReLU2d", ConvReLU2d::new); }

    @Override
    protected boolean relu() { return true; }

    @Override
    public String className() { return "QuantizedConvReLU2d"; }
}
