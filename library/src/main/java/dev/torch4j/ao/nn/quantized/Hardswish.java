package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.nn.Module;
import dev.torch4j.ops.QuantizedActivations;

/**
 * {@code torch.ao.nn.quantized.Hardswish(scale, zero_point)} (printed {@code QuantizedHardswish}): QNNPACK's hardswish
 * of a quint8 input, quantized with {@code scale} and {@code zeroPoint} ({@link QuantizedActivations#hardswish}). As in
 * PyTorch, they are plain attributes, left out of the state dict: a checkpoint does not carry them.
 */
public class Hardswish extends Module {
    /** The output's scale. */
    public double scale;
    /** The output's zero point. */
    public long zeroPoint;

    /** {@code Hardswish(scale, zero_point)}. */
    public Hardswish(double scale, long zeroPoint) {
        this.scale = scale;
        this.zeroPoint = zeroPoint;
    }

    /** {@code Hardswish.from_float(mod)}: the observer's scale and zero point. */
    public static Hardswish fromFloat(Module mod) {
        Tensor[] qp = QuantizeStatic.activationQparams(mod, "Hardswish");
        return new Hardswish(qp[0].item(), qp[1].itemLong());
    }

    @Override
    public Tensor forward(Tensor x) { return QuantizedActivations.hardswish(x, scale, zeroPoint); }

    @Override
    public String className() { return "QuantizedHardswish"; }
}
