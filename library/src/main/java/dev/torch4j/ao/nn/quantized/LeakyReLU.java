package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.nn.Module;
import dev.torch4j.ops.QuantizedActivations;

/**
 * {@code torch.ao.nn.quantized.LeakyReLU(scale, zero_point, negative_slope)} (printed {@code QuantizedLeakyReLU}):
 * {@code quantized::leaky_relu} ({@link QuantizedActivations#leakyRelu}) into the buffers {@code scale} (0-dim float32)
 * and {@code zero_point} (0-dim int64), as PyTorch's. With other output parameters than the input's, PyTorch's
 * {@code inplace} writes a new tensor too, so it is kept only for the repr.
 */
public class LeakyReLU extends dev.torch4j.nn.LeakyReLU {
    /** {@code LeakyReLU(scale, zero_point)}: slope 0.01. */
    public LeakyReLU(double scale, long zeroPoint) { this(scale, zeroPoint, 0.01, false); }

    /** {@code LeakyReLU(scale, zero_point, negative_slope, inplace)}. */
    public LeakyReLU(double scale, long zeroPoint, double negativeSlope, boolean inplace) {
        super(negativeSlope, inplace);
        registerBuffer("scale", Torch.tensor((float) scale));
        registerBuffer("zero_point", Torch.tensor(zeroPoint));
    }

    /** {@code LeakyReLU.from_float(mod)}: the float module's slope, the observer's scale and zero point. */
    public static LeakyReLU fromFloat(dev.torch4j.nn.LeakyReLU mod) {
        Tensor[] qp = QuantizeStatic.activationQparams(mod, "LeakyReLU");
        return new LeakyReLU(qp[0].item(), qp[1].itemLong(), mod.negativeSlope, mod.inplace);
    }

    @Override
    public Tensor forward(Tensor x) {
        return QuantizedActivations.leakyRelu(x, negativeSlope, buffer("scale").item(), buffer("zero_point").itemLong());
    }

    @Override
    public String className() { return "QuantizedLeakyReLU"; }
}
