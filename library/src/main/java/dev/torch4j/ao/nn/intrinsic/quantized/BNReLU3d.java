package dev.torch4j.ao.nn.intrinsic.quantized;

import dev.torch4j.ao.nn.quantized.BatchNorm3d;
import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.nn.intrinsic.quantized.BNReLU3d} (printed {@code QuantizedBNReLU3d}): a quantized BatchNorm3d whose
 * outputs are clamped below at the zero point ({@code quantized::batch_norm3d_relu}).
 */
public class BNReLU3d extends BatchNorm3d {
    /** {@code BNReLU3d(num_features, eps)}. */
    public BNReLU3d(long numFeatures, double eps) { super(numFeatures, eps); }

    /** {@code BNReLU3d.from_float(mod)}: from an observed {@link dev.torch4j.ao.nn.intrinsic.BNReLU3d}. */
    public static BNReLU3d fromFloat(Module mod) {
        var f = floatBn(mod, "BNReLU3d");
        return init(new BNReLU3d(f.numFeatures, f.eps), mod, "BNReLU3d");
    }

    @Override
    protected boolean relu() { return true; }

    @Override
    public String className() { return "QuantizedBNReLU3d"; }
}
