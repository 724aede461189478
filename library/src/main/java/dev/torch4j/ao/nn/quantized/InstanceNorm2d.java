package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.ops.QuantizedActivations;

/**
 * {@code torch.ao.nn.quantized.InstanceNorm2d(num_features, weight, bias, scale, zero_point, eps, momentum, affine)}
 * (printed {@code QuantizedInstanceNorm2d}): {@code quantized::instance_norm} ({@link QuantizedActivations#instanceNorm})
 * into the buffers {@code scale} and {@code zero_point}; the float {@code weight}/{@code bias} (when affine) stay
 * parameters. {@link InstanceNorm1d} and {@link InstanceNorm3d} are the same over other ranks.
 */
public class InstanceNorm2d extends dev.torch4j.nn.InstanceNorm2d {
    /** With the float module's affine parameters (null without affine) and the output's scale and zero point. */
    public InstanceNorm2d(long numFeatures, Tensor weight, Tensor bias, double scale, long zeroPoint, double eps, boolean affine) {
        super(numFeatures, eps, 0.1, affine, false);
        this.weight = GroupNorm.param(weight);
        this.bias = GroupNorm.param(bias);
        GroupNorm.outputParams(this, scale, zeroPoint);
    }

    /** {@code InstanceNorm2d.from_float(mod)}. */
    public static InstanceNorm2d fromFloat(dev.torch4j.nn.InstanceNorm2d mod) {
        Tensor[] qp = QuantizeStatic.activationQparams(mod, "InstanceNorm2d");
        return new InstanceNorm2d(mod.numFeatures, mod.weight, mod.bias, qp[0].item(), qp[1].itemLong(), mod.eps, mod.affine);
    }

    @Override
    public Tensor forward(Tensor x) {
        return QuantizedActivations.instanceNorm(x, weight, bias, eps, buffer("scale").item(), buffer("zero_point").itemLong());
    }

    @Override
    public String className() { return "QuantizedInstanceNorm2d"; }
}
