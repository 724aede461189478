package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Parameter;
import dev.torch4j.ops.QuantizedActivations;

/**
 * {@code torch.ao.nn.quantized.GroupNorm(num_groups, num_channels, weight, bias, scale, zero_point, eps, affine)} (printed
 * {@code QuantizedGroupNorm}): {@code quantized::group_norm} ({@link QuantizedActivations#groupNorm}) into the buffers
 * {@code scale} and {@code zero_point}; the float {@code weight} and {@code bias} stay parameters, as PyTorch's.
 */
public class GroupNorm extends dev.torch4j.nn.GroupNorm {
    /** With the float module's affine parameters (null without affine) and the output's scale and zero point. */
    public GroupNorm(long numGroups, long numChannels, Tensor weight, Tensor bias, double scale, long zeroPoint, double eps, boolean affine) {
        super(numGroups, numChannels, eps, affine);
        this.weight = param(weight);
        this.bias = param(bias);
        outputParams(this, scale, zeroPoint);
    }

    /** {@code GroupNorm.from_float(mod)}. */
    public static GroupNorm fromFloat(dev.torch4j.nn.GroupNorm mod) {
        Tensor[] qp = QuantizeStatic.activationQparams(mod, "GroupNorm");
        return new GroupNorm(mod.numGroups, mod.numChannels, mod.weight, mod.bias, qp[0].item(), qp[1].itemLong(), mod.eps, mod.affine);
    }

    /** A float parameter copied from {@code t}, or null. */
    static Tensor param(Tensor t) { return t == null ? null : Parameter.of(t.detach()); }

    /** The {@code scale} (0-dim float32) and {@code zero_point} (0-dim int64) buffers of the quantized norms. */
    static void outputParams(Module m, double scale, long zeroPoint) {
        m.registerBuffer("scale", Torch.tensor((float) scale));
        m.registerBuffer("zero_point", Torch.tensor(zeroPoint));
    }

    @Override
    public Tensor forward(Tensor x) {
        return QuantizedActivations.groupNorm(x, numGroups, weight, bias, eps, buffer("scale").item(), buffer("zero_point").itemLong());
    }

    @Override
    public String className() { return "QuantizedGroupNorm"; }
}
