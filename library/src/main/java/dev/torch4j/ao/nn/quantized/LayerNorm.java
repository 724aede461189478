package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.ops.QuantizedActivations;

/**
 * {@code torch.ao.nn.quantized.LayerNorm(normalized_shape, weight, bias, scale, zero_point, eps, elementwise_affine)}
 * (printed {@code QuantizedLayerNorm}): {@code quantized::layer_norm} ({@link QuantizedActivations#layerNorm}) into the
 * buffers {@code scale} (0-dim float32) and {@code zero_point} (0-dim int64); the float {@code weight} and {@code bias}
 * stay parameters, as PyTorch's.
 */
public class LayerNorm extends dev.torch4j.nn.LayerNorm {
    /** With the float module's affine parameters (null without elementwise_affine) and the output's scale and zero point. */
    public LayerNorm(long[] normalizedShape, Tensor weight, Tensor bias, double scale, long zeroPoint, double eps, boolean elementwiseAffine) {
        super(normalizedShape, eps, elementwiseAffine);
        this.weight = GroupNorm.param(weight);
        this.bias = GroupNorm.param(bias);
        GroupNorm.outputParams(this, scale, zeroPoint);
    }

    /** {@code LayerNorm.from_float(mod)}: the float module's shape, parameters and eps, the observer's scale and zero point. */
    public static LayerNorm fromFloat(dev.torch4j.nn.LayerNorm mod) {
        Tensor[] qp = QuantizeStatic.activationQparams(mod, "LayerNorm");
        return new LayerNorm(mod.normalizedShape(), mod.weight, mod.bias, qp[0].item(), qp[1].itemLong(), mod.eps, mod.elementwiseAffine);
    }

    @Override
    public Tensor forward(Tensor x) {
        return QuantizedActivations.layerNorm(x, normalizedShape(), weight, bias, eps, buffer("scale").item(), buffer("zero_point").itemLong());
    }

    @Override
    public String className() { return "QuantizedLayerNorm"; }
}
