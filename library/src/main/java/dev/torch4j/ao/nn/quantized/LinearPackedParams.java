package dev.torch4j.ao.nn.quantized;

import dev.torch4j.DType;
import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;

import java.util.Map;

/**
 * {@code torch.ao.nn.quantized.modules.linear.LinearPackedParams}: the weight and bias a quantized Linear multiplies
 * by. PyTorch packs them into an engine-specific object and its state dict holds {@code dtype} and the tuple
 * {@code _packed_params = (weight, bias)}; a torch4j state dict holds tensors only, so this module keeps the qint8
 * weight and the float bias as its two entries {@code weight} and {@code bias}, and loading a state dict adopts the
 * checkpoint's weight with its quantizer (as PyTorch's {@code set_weight_bias} does).
 */
public final class LinearPackedParams extends Module {
    /** Packs {@code weight} (qint8, per tensor) and {@code bias} (float32, or null). */
    public LinearPackedParams(Tensor weight, Tensor bias) { setWeightBias(weight, bias); }

    /** {@code set_weight_bias(weight, bias)}. */
    public void setWeightBias(Tensor weight, Tensor bias) {
        if (weight.dtype() != DType.QINT8 || weight.qscheme() != QScheme.PER_TENSOR_AFFINE || weight.dim() != 2) {
            throw new IllegalArgumentException("LinearPackedParams: the weight must be a 2-d per-tensor qint8 tensor, got "
                    + weight.dim() + "-d " + weight.dtype());
        }
        registerBuffer("weight", weight);
        registerBuffer("bias", bias == null ? null : bias.detach());
    }

    /** The qint8 weight. */
    public Tensor weight() { return buffer("weight"); }

    /** The float bias, or null. */
    public Tensor bias() { return buffer("bias"); }

    /** The checkpoint's weight replaces this one, quantizer and all; the generic copy then finds them equal. */
    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        Tensor w = stateDict.get(prefix + "weight");
        if (w != null && w.isQuantized() && w.shape().equals(weight().shape())) {
            setWeightBias(w, stateDict.containsKey(prefix + "bias") ? stateDict.get(prefix + "bias") : bias());
        }
    }

    /** {@code _weight_bias()}'s dtype, as PyTorch prints it. */
    @Override
    public String extraRepr() { return "dtype=" + weight().dtype(); }
}
