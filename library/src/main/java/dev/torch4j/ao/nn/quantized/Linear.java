package dev.torch4j.ao.nn.quantized;

import dev.torch4j.DType;
import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Py;
import dev.torch4j.ops.QuantizedNn;

import java.util.Map;

/**
 * {@code torch.ao.nn.quantized.Linear} (printed {@code QuantizedLinear}): a quint8 input times a per-tensor qint8
 * weight plus a float bias, requantized to the output's {@code scale} and {@code zeroPoint} with QNNPACK's arithmetic
 * ({@link QuantizedNn#linear}).
 *
 * <p>Its state dict holds {@code scale}, {@code zero_point} (0-dim float32 and int64, as PyTorch writes them), then
 * {@code weight} (qint8) and {@code bias} (float32 or null). PyTorch 1.13 writes the last two as the tuple
 * {@code _packed_params._packed_params}, which a tensor-only state dict cannot hold; its {@code load_state_dict} still
 * reads this older layout (as for the dynamic Linear).
 */
public class Linear extends Module {
    /** {@code in_features}, {@code out_features}. */
    public final long inFeatures, outFeatures;
    /** The output's scale. */
    public double scale = 1.0;
    /** The output's zero point. */
    public long zeroPoint = 0;
    private Tensor qweight, qbias; // not parameters: a quantized model has none

    /** {@code Linear(in, out)}: a zero qint8 weight (scale 1), a zero bias, output scale 1.0 and zero point 0, as PyTorch's. */
    public Linear(long inFeatures, long outFeatures) { this(inFeatures, outFeatures, true); }

    /** {@code Linear(in, out, bias_)}. */
    public Linear(long inFeatures, long outFeatures, boolean bias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        setWeightBias(Torch.quantizePerTensor(Torch.zeros(outFeatures, inFeatures), 1.0, 0, DType.QINT8),
                bias ? Torch.zeros(outFeatures) : null);
    }

    /** {@code Linear.from_float(mod)}: the weight quantized with {@code qconfig.weight()}, scale and zero point from the observer. */
    public static Linear fromFloat(Module mod) { return init(new Linear(inOf(mod, "Linear"), outOf(mod)), mod, "Linear"); }

    /** The float Linear inside {@code mod} (the module itself, or a fused module's first). */
    static dev.torch4j.nn.Linear floatLinear(Module mod, String cls) {
        Module inner = mod instanceof dev.torch4j.ao.nn.intrinsic.LinearReLU f ? f.get(0) : mod;
        if (!(inner instanceof dev.torch4j.nn.Linear l)) {
            throw new IllegalArgumentException("nnq." + cls + ".from_float only works for Linear, but got: " + mod.className());
        }
        return l;
    }

    static long inOf(Module mod, String cls) { return floatLinear(mod, cls).inFeatures; }

    static long outOf(Module mod) { return floatLinear(mod, "Linear").outFeatures; }

    /** Fills {@code q} from the observed float module {@code mod}: quantized weight, float bias, output scale and zero point. */
    protected static <L extends Linear> L init(L q, Module mod, String cls) {
        dev.torch4j.nn.Linear f = floatLinear(mod, cls);
        Tensor[] act = QuantizeStatic.activationQparams(mod, cls);
        q.setWeightBias(QuantizeStatic.quantizeWeight(f, f.weight), f.bias == null ? null : f.bias.detach());
        q.scale = act[0].item();
        q.zeroPoint = act[1].itemLong();
        return q;
    }

    /** {@code set_weight_bias(w, b)}: a per-tensor qint8 weight [out, in] and a float bias [out] or null. */
    public void setWeightBias(Tensor weight, Tensor bias) {
        if (weight.dtype() != DType.QINT8 || !perTensorOrChannel0(weight) || weight.dim() != 2
                || weight.size(0) != outFeatures || weight.size(1) != inFeatures) {
            throw new IllegalArgumentException(className() + ": the weight must be a per-tensor qint8 tensor of shape ["
                    + outFeatures + ", " + inFeatures + "], got " + weight.dtype() + " " + weight.shape());
        }
        if (bias != null && (bias.isQuantized() || bias.dim() != 1 || bias.size(0) != outFeatures)) {
            throw new IllegalArgumentException(className() + ": the bias must be a float vector of " + outFeatures + " elements, got "
                    + bias.dtype() + " " + bias.shape());
        }
        qweight = weight;
        // QNNPACK packs a zero bias when there is none, and unpacks it: bias() is never None there
        qbias = bias == null ? Torch.zeros(outFeatures) : bias.detach().to(DType.FLOAT32);
    }

    /** Per tensor, or per output channel (axis 0): what QNNPACK packs. */
    static boolean perTensorOrChannel0(Tensor w) {
        return w.qscheme() == QScheme.PER_TENSOR_AFFINE || w.qscheme() == QScheme.PER_CHANNEL_AFFINE && w.qPerChannelAxis() == 0;
    }

    /** {@code weight()}: the qint8 weight. */
    public Tensor weight() { return qweight; }

    /** {@code bias()}: the float bias (zeros for a layer made without one, as QNNPACK's packed weights give). */
    public Tensor bias() { return qbias; }

    /** Whether a ReLU is fused into the output ({@code LinearReLU}). */
    protected boolean relu() { return false; }

    @Override
    public Tensor forward(Tensor x) { return QuantizedNn.linear(x, qweight, qbias, scale, zeroPoint, relu()); }

    @Override
    protected void saveToStateDict(Map<String, Tensor> destination, String prefix, boolean keepVars) {
        destination.put(prefix + "scale", Torch.tensor(scale));
        destination.put(prefix + "zero_point", Torch.tensor(zeroPoint));
        destination.put(prefix + "weight", qweight);
        destination.put(prefix + "bias", qbias);
    }

    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        QuantizedState s = QuantizedState.take(stateDict, prefix);
        if (s == null) return;
        setWeightBias(s.weight(), s.bias());
        scale = s.scale();
        zeroPoint = s.zeroPoint();
    }

    @Override
    public String className() { return "QuantizedLinear"; }

    @Override
    public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", scale=" + Py.repr(scale) + ", zero_point=" + zeroPoint
                + ", qscheme=" + qweight.qscheme();
    }
}
