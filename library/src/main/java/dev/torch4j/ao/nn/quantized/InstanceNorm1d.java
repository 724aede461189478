package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.ao.quantization.QuantizeStatic;

/** {@code torch.ao.nn.quantized.InstanceNorm1d} (printed {@code QuantizedInstanceNorm1d}): {@link InstanceNorm2d} over rank-3 inputs. */
public class InstanceNorm1d extends InstanceNorm2d {
    /** As {@link InstanceNorm2d#InstanceNorm2d(long, Tensor, Tensor, double, long, double, boolean)}. */
    public InstanceNorm1d(long numFeatures, Tensor weight, Tensor bias, double scale, long zeroPoint, double eps, boolean affine) {
        super(numFeatures, weight, bias, scale, zeroPoint, eps, affine);
    }

    /** {@code InstanceNorm1d.from_float(mod)}. */
    public static InstanceNorm1d fromFloat(dev.torch4j.nn.InstanceNorm1d mod) {
        Tensor[] qp = QuantizeStatic.activationQparams(mod, "InstanceNorm1d");
        return new InstanceNorm1d(mod.numFeatures, mod.weight, mod.bias, qp[0].item(), qp[1].itemLong(), mod.eps, mod.affine);
    }

    @Override
    public String className() { return "QuantizedInstanceNorm1d"; }
}
