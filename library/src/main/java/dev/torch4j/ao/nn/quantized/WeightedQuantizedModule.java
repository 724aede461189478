package dev.torch4j.ao.nn.quantized;

import dev.torch4j.DType;
import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.nn.Module;

import java.util.Arrays;
import java.util.Map;

/**
 * PyTorch's {@code WeightedQuantizedModule}: what the quantized {@link Linear} and {@link Conv2d} share: a qint8 weight
 * (per tensor, or per output channel: what QNNPACK packs), a float bias, the output's {@code scale} and
 * {@code zeroPoint}, and their state-dict entries ({@code weight}, {@code bias}, {@code scale}, {@code zero_point}).
 */
public abstract class WeightedQuantizedModule extends Module {
    /** The output's scale. */
    public double scale = 1.0;
    /** The output's zero point. */
    public long zeroPoint = 0;
    private Tensor qweight, qbias; // not parameters: a quantized model has none

    /** Only subclasses. */
    protected WeightedQuantizedModule() {}

    /** The shape the weight must have. */
    protected abstract long[] weightShape();

    /** The bias's length: the output channels (a transposed convolution's weight has them second). */
    protected long biasSize() { return weightShape()[0]; }

    /** {@code set_weight_bias(w, b)}: a qint8 weight of {@link #weightShape()} and a float bias [out] or null. */
    public void setWeightBias(Tensor weight, Tensor bias) {
        long[] want = weightShape();
        boolean perTensorOrChannel0 = weight.isQuantized() && (weight.qscheme() == QScheme.PER_TENSOR_AFFINE
                || weight.qscheme() == QScheme.PER_CHANNEL_AFFINE && weight.qPerChannelAxis() == 0);
        if (weight.dtype() != DType.QINT8 || !perTensorOrChannel0 || !Arrays.equals(weight.shapeArray(), want)) {
            throw new IllegalArgumentException(className() + ": the weight must be a qint8 tensor (per tensor, or per channel along axis 0) "
                    + "of shape " + Arrays.toString(want) + ", got " + weight.dtype() + " " + weight.shape());
        }
        long n = biasSize();
        if (bias != null && (bias.isQuantized() || bias.dim() != 1 || bias.size(0) != n)) {
            throw new IllegalArgumentException(className() + ": the bias must be a float vector of " + n + " elements, got "
                    + bias.dtype() + " " + bias.shape());
        }
        qweight = weight;
        // QNNPACK packs a zero bias when there is none, and unpacks it: bias() is never None there
        qbias = bias != null ? bias.detach().to(DType.FLOAT32) : packsZeroBias() ? Torch.zeros(n) : null;
    }

    /**
     * Whether a layer without bias gets a zero one, as QNNPACK packs it (true); false for a layer that QNNPACK cannot run,
     * whose engines (oneDNN, FBGEMM) keep None.
     */
    protected boolean packsZeroBias() { return true; }

    /** {@code weight()}: the qint8 weight. */
    public Tensor weight() { return qweight; }

    /** {@code bias()}: the float bias (zeros for a layer made without one where QNNPACK packs it; else null). */
    public Tensor bias() { return qbias; }

    /** Whether a ReLU is fused into the output. */
    protected boolean relu() { return false; }

    /**
     * {@code from_float}'s common part: the float layer's weight quantized with its qconfig's weight observer, its bias,
     * and the output scale and zero point of {@code observed}'s observer (the layer itself, or the fused module around it).
     */
    protected final void fromObserved(Module observed, Module floatLayer, Tensor floatWeight, Tensor floatBias, String cls) {
        Tensor[] act = QuantizeStatic.activationQparams(observed, cls);
        setWeightBias(QuantizeStatic.quantizeWeight(floatLayer, floatWeight), floatBias == null ? null : floatBias.detach());
        scale = act[0].item();
        zeroPoint = act[1].itemLong();
    }

    /** The state-dict entries, in the order of {@code names} (PyTorch's order differs between Linear and Conv). */
    protected final void save(Map<String, Tensor> destination, String prefix, String... names) {
        for (String n : names) {
            destination.put(prefix + n, switch (n) {
                case "weight" -> qweight;
                case "bias" -> qbias;
                case "scale" -> Torch.tensor(scale);
                default -> Torch.tensor(zeroPoint);
            });
        }
    }

    /** Takes the checkpoint's weight (quantizer and all), bias, scale and zero point, as PyTorch's loader does. */
    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        if (!stateDict.containsKey(prefix + "weight") || !stateDict.containsKey(prefix + "scale")
                || !stateDict.containsKey(prefix + "zero_point")) {
            return; // (the loader reports what is missing)
        }
        Tensor w = stateDict.remove(prefix + "weight"), b = stateDict.remove(prefix + "bias");
        if (w == null || !w.isQuantized()) {
            throw new IllegalArgumentException("While copying the parameter named \"" + prefix + "weight\", expected a qint8 "
                    + "quantized tensor from checkpoint but received " + (w == null ? "None" : w.dtype()));
        }
        setWeightBias(w, b);
        scale = stateDict.remove(prefix + "scale").item();
        zeroPoint = stateDict.remove(prefix + "zero_point").itemLong();
    }
}
