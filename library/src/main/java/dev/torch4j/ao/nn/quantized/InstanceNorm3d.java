package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.ao.quantization.QuantizeStatic;

/** {@code torch.ao.nn.quantized.InstanceNorm3d} (printed {@code QuantizedInstanceNorm3d}): {@link InstanceNorm2d} over rank-5 inputs. */
public class InstanceNorm3d extends InstanceNorm2d {
    /** As {@link InstanceNorm2d#InstanceNorm2d(long, Tensor, Tensor, double, long, double, boolean)}. */
    public InstanceNorm3d(long numFeatures, Tensor weight, Tensor bias, double scale, long zeroPoint, double eps, boolean affine) {
        super(numFeatures, weight, bias, scale, zeroPoint, eps, affine);
    }

    /** {@code InstanceNorm3d.from_float(mod)}. */
    public static InstanceNorm3d fromFloat(dev.torch4j.nn.InstanceNorm3d mod) {
        Tensor[] qp = QuantizeStatic.activationQparams(mod, "InstanceNorm3d");
        return new InstanceNorm3d(mod.numFeatures, mod.weight, mod.bias, qp[0].item(), qp[1].itemLong(), mod.eps, mod.affine);
    }

    @Override
    public String className() { return "QuantizedInstanceNorm3d"; }
}
