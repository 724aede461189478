package dev.torch4j.ao.nn.quantized;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Py;
import dev.torch4j.ops.QuantizedNn;

import java.util.Map;

/**
 * {@code torch.ao.nn.quantized.Linear} (printed {@code QuantizedLinear}): a quint8 input times a qint8 weight plus a
 * float bias, requantized to the output's {@code scale} and {@code zeroPoint} with QNNPACK's arithmetic
 * ({@link QuantizedNn#linear}).
 *
 * <p>Its state dict holds {@code scale}, {@code zero_point} (0-dim float32 and int64, as PyTorch writes them), then
 * {@code _packed_params.weight} (qint8) and {@code _packed_params.bias} (float32). PyTorch writes the last two as the
 * tuple {@code _packed_params._packed_params}, which a tensor-only state dict cannot hold; the metadata torch4j writes
 * beside them (this module at PyTorch's version 3, its packed parameters at version 1, see {@link PackedLinearState})
 * makes PyTorch's {@code load_state_dict} read them as the tensors its packed parameters once were. Loading takes
 * PyTorch's layout (from {@code Torch.load}), this one, and torch4j's earlier {@code weight} and {@code bias}.
 */
public class Linear extends WeightedQuantizedModule {
    /** {@code in_features}, {@code out_features}. */
    public final long inFeatures, outFeatures;

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
    public static Linear fromFloat(Module mod) {
        dev.torch4j.nn.Linear f = floatLinear(mod, "Linear");
        // QAT's LinearBn1d always has a (folded) bias
        return init(new Linear(f.inFeatures, f.outFeatures, f.bias != null || f instanceof dev.torch4j.ao.nn.intrinsic.qat.QatConvBn), mod,
                "Linear");
    }

    /** The float Linear inside {@code mod} (the module itself, a QAT Linear, or a fused module's first). */
    protected static dev.torch4j.nn.Linear floatLinear(Module mod, String cls) {
        Module inner = mod instanceof dev.torch4j.ao.nn.intrinsic.LinearReLU f ? f.get(0) : mod;
        if (!(inner instanceof dev.torch4j.nn.Linear l)) {
            throw new IllegalArgumentException("nnq." + cls + ".from_float only works for Linear, but got: " + mod.className());
        }
        return l;
    }

    /** Fills {@code q} from the observed float module {@code mod}: quantized weight, float bias, output scale and zero point. */
    protected static <L extends Linear> L init(L q, Module mod, String cls) {
        dev.torch4j.nn.Linear f = floatLinear(mod, cls);
        if (f instanceof dev.torch4j.ao.nn.intrinsic.qat.QatConvBn lb) { // LinearBn1d: the statistics folded in first
            Tensor[] wb = lb.fusedWeightBias();
            q.fromObserved(mod, f, wb[0], wb[1], cls);
            return q;
        }
        q.fromObserved(mod, f, f.weight, f.bias, cls);
        return q;
    }

    @Override
    protected long[] weightShape() { return new long[] {outFeatures, inFeatures}; }

    @Override
    public Tensor forward(Tensor x) { return QuantizedNn.linear(x, weight(), bias(), scale, zeroPoint, relu()); }

    @Override
    protected void saveToStateDict(Map<String, Tensor> destination, String prefix, boolean keepVars) {
        save(destination, prefix, "scale", "zero_point");
        PackedLinearState.save(destination, prefix, weight(), bias());
    }

    @Override
    protected void readNonTensorEntries(Map<String, Object> entries, String prefix) { PackedLinearState.readPacked(entries, prefix); }

    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        PackedLinearState.unpack(stateDict, prefix);
        super.beforeLoadStateDict(stateDict, prefix);
    }

    /** {@inheritDoc} PyTorch's quantized Linear is at version 3 (its weights in a packed-parameters child). */
    @Override
    protected int stateDictVersion() { return 3; }

    @Override
    public String className() { return "QuantizedLinear"; }

    @Override
    public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", scale=" + Py.repr(scale) + ", zero_point=" + zeroPoint
                + ", qscheme=" + weight().qscheme();
    }
}
