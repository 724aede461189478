package dev.torch4j.ao.nn.intrinsic.quantized;

import dev.torch4j.ao.nn.quantized.BatchNorm2d;

/**
 * {@code torch.ao.nn.intrinsic.quantized.BNReLU2d} (printed {@code QuantizedBNReLU2d}): a quantized BatchNorm2d whose
 * outputs are clamped below at the zero point ({@code quantized::batch_norm2d_relu}).
 */
public class BNReLU2d extends BatchNorm2d {
    /** {@code BNReLU2d(num_features, eps)}. */
    public BNReLU2d(long numFeatures, double eps) { super(numFeatures, eps); }

    /** {@code BNReLU2d.from_float(mod)}: from an observed {@link dev.torch4j.ao.nn.intrinsic.BNReLU2d}. */
    public static BNReLU2d fromFloat(dev.torch4j.ao.nn.intrinsic.BNReLU2d mod) {
        var f = (dev.torch4j.nn.BatchNorm2d) mod.get(0);
        return init(new BNReLU2d(f.numFeatures, f.eps), mod, "BNReLU2d");
    }

    @Override
    protected boolean relu() { return true; }

    @Override
    public String className() { return "QuantizedBNReLU2d"; }
}
