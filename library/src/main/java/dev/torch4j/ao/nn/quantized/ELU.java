package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.nn.Module;
import dev.torch4j.ops.QuantizedActivations;

/**
 * {@code torch.ao.nn.quantized.ELU(scale, zero_point, alpha)} (printed {@code QuantizedELU}): {@code quantized::elu}
 * ({@link QuantizedActivations#elu}) quantized with {@code scale} and {@code zeroPoint}, which are plain attributes, as in
 * PyTorch: the state dict is empty, so a checkpoint does not carry them.
 */
public class ELU extends dev.torch4j.nn.ELU {
    /** The output's scale. */
    public double scale;
    /** The output's zero point. */
    public long zeroPoint;

    /** {@code ELU(scale, zero_point)}: alpha 1. */
    public ELU(double scale, long zeroPoint) { this(scale, zeroPoint, 1.0); }

    /** {@code ELU(scale, zero_point, alpha)}. */
    public ELU(double scale, long zeroPoint, double alpha) {
        super(alpha, false);
        this.scale = scale;
        this.zeroPoint = zeroPoint;
    }

    /** {@code ELU.from_float(mod)}: the float module's alpha, the observer's scale and zero point. */
    public static ELU fromFloat(dev.torch4j.nn.ELU mod) {
        Tensor[] qp = QuantizeStatic.activationQparams(mod, "ELU");
        return new ELU(qp[0].item(), qp[1].itemLong(), mod.alpha);
    }

    @Override
    public Tensor forward(Tensor x) { return QuantizedActivations.elu(x, scale, zeroPoint, alpha); }

    @Override
    public String className() { return "QuantizedELU"; }
}
