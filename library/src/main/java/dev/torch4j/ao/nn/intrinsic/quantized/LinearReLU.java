package dev.torch4j.ao.nn.intrinsic.quantized;

import dev.torch4j.ao.nn.quantized.Linear;

/**
 * {@code torch.ao.nn.intrinsic.quantized.LinearReLU} (printed {@code QuantizedLinearReLU}): a quantized Linear whose
 * requantized outputs are clamped below at the zero point (QNNPACK's fused ReLU).
 */
public class LinearReLU extends Linear {
    /** {@code LinearReLU(in, out, bias)}. */
    public LinearReLU(long inFeatures, long outFeatures, boolean bias) { super(inFeatures, outFeatures, bias); }

    /**
     * {@code LinearReLU.from_float(mod)}: from an observed {@link dev.torch4j.ao.nn.intrinsic.LinearReLU}, or a QAT
     * {@link dev.torch4j.ao.nn.intrinsic.qat.LinearReLU}.
     */
    public static LinearReLU fromFloat(dev.torch4j.nn.Module mod) {
        var f = floatLinear(mod, "LinearReLU");
        return init(new LinearReLU(f.inFeatures, f.outFeatures, f.bias != null), mod, "LinearReLU");
    }

    @Override
    protected boolean relu() { return true; }

    @Override
    public String className() { return "QuantizedLinearReLU"; }
}
