package dev.torch4j.ao.nn.quantized;

import dev.torch4j.DType;
import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.Defaults;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.ao.quantization.UniformQuantizationObserverBase;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.StateDict;
import dev.torch4j.ops.QuantizedEmbedding;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code torch.ao.nn.quantized.Embedding} (printed {@code QuantizedEmbedding}): a quint8 weight quantized per row
 * with float scales and zero points ({@code per_channel_affine_float_qparams}); forward is
 * {@code torch.ops.quantized.embedding_byte} ({@link QuantizedEmbedding}), float32 rows.
 *
 * <p>Its state dict holds {@code _packed_params._packed_weight}, the quantized weight, as PyTorch's does (its packed
 * parameters at version 1). PyTorch's {@code _packed_params.dtype} before it (a {@code torch.dtype}) is no tensor:
 * the state dict carries it outside its entries ({@code PyOrderedDict.putForeign}), so {@code Torch.save} writes
 * PyTorch's file, which PyTorch's {@code load_state_dict} takes, while the map itself holds tensors only.
 */
public class Embedding extends Module {
    static final String PACKED = "_packed_params.";

    /** {@code num_embeddings}, {@code embedding_dim}. */
    public final long numEmbeddings, embeddingDim;
    private Tensor qweight; // not a parameter: a quantized model has none

    /** {@code Embedding(num_embeddings, embedding_dim)}: a zero weight, scales 1 and zero points 0, as PyTorch's. */
    public Embedding(long numEmbeddings, long embeddingDim) {
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        setWeight(Torch.quantizePerChannel(Torch.zeros(numEmbeddings, embeddingDim), Torch.ones(numEmbeddings),
                Torch.zeros(numEmbeddings), 0, DType.QUINT8));
    }

    /** {@code Embedding(num_embeddings, embedding_dim, _weight=weight)}: with a quantized weight of that shape. */
    public Embedding(long numEmbeddings, long embeddingDim, Tensor weight) {
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        if (!Arrays.equals(weight.shapeArray(), new long[] {numEmbeddings, embeddingDim})) {
            throw new IllegalArgumentException("Shape of weight does not match num_embeddings and embedding_dim");
        }
        setWeight(weight);
    }

    /** {@code set_weight(w)}: a 2-d quint8 {@code per_channel_affine_float_qparams} tensor (what the packing accepts). */
    public void setWeight(Tensor w) {
        if (!w.isQuantized() || w.qscheme() != QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS) {
            throw new IllegalArgumentException("Expect embedding_bag weights to be quantized using kPerChannelAffineFloatQParams");
        }
        if (w.dtype() != DType.QUINT8 || w.dim() != 2 || w.qPerChannelAxis() != 0) {
            throw new IllegalArgumentException(className() + ": the weight must be a 2-d torch.quint8 tensor quantized per row "
                    + "(axis 0), got a " + w.dim() + "-d " + w.dtype() + " along axis " + w.qPerChannelAxis());
        }
        qweight = w;
    }

    /** {@code weight()}: the quantized weight. */
    public Tensor weight() { return qweight; }

    /** {@code forward(indices)}: the rows of {@code indices} (int32 or int64, any shape), float32. */
    @Override
    public Tensor forward(Tensor indices) { return QuantizedEmbedding.embeddingByte(qweight, indices); }

    /**
     * {@code Embedding.from_float(mod)}: {@code mod} (an {@code nn.Embedding}) must have a qconfig attribute; its weight
     * observer (float_qparams_weight_only_qconfig's when the qconfig or its weight is None) must be
     * {@code per_channel_affine_float_qparams} quint8; it sees the weight, which is quantized with its parameters.
     */
    public static Embedding fromFloat(Module mod) {
        if (mod.getClass() != dev.torch4j.nn.Embedding.class) {
            throw new IllegalArgumentException("nnq.Embedding.from_float only works for Embedding");
        }
        var e = (dev.torch4j.nn.Embedding) mod;
        return new Embedding(e.numEmbeddings, e.embeddingDim, quantizeWeight(mod, e.weight, "Embedding"));
    }

    /** {@code from_float}'s checks and {@code _quantize_weight} with a float-qparams observer. */
    static Tensor quantizeWeight(Module mod, Tensor weight, String cls) {
        if (!QuantizeStatic.hasQconfig(mod)) throw new IllegalArgumentException(cls + " input float module must have qconfig defined");
        QConfig q = QuantizeStatic.qconfig(mod);
        Module obs = q != null && q.weight() != null ? q.weight().get() : Defaults.floatQparamsWeightOnlyQconfig().weight().get();
        if (!(obs instanceof dev.torch4j.ao.quantization.PerChannelMinMaxObserver o)
                || o.qscheme != QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS) {
            throw new IllegalArgumentException(cls + " quantization is only supported with float_qparams_weight_only_qconfig.");
        }
        if (o.dtype.dtype() != DType.QUINT8) {
            // PyTorch also takes quint4x2, which torch4j does not have
            throw new IllegalArgumentException("The only supported dtype for nnq." + cls + " is torch.quint8 and torch.quint4x2, got "
                    + o.dtype.dtype());
        }
        Tensor w = weight.detach().to(DType.FLOAT32);
        try (var g = Torch.noGrad()) {
            o.call(w);
        }
        Tensor[] qp = ((UniformQuantizationObserverBase) o).calculateQparams();
        return Torch.quantizePerChannel(w, qp[0].to(DType.FLOAT32), qp[1].to(DType.FLOAT32), o.chAxis, DType.QUINT8);
    }

    @Override
    protected void saveToStateDict(Map<String, Tensor> destination, String prefix, boolean keepVars) {
        if (destination instanceof StateDict sd) {
            sd.recordVersion(prefix + PACKED, 1);
            sd.putForeign(prefix + PACKED + "dtype", DType.QUINT8, prefix + PACKED + "_packed_weight");
        }
        destination.put(prefix + PACKED + "_packed_weight", qweight);
    }

    /** PyTorch's {@code _packed_params.dtype} (a torch.dtype): quint8 is read, anything else refused. */
    @Override
    protected void readNonTensorEntries(Map<String, Object> entries, String prefix) {
        Object dtype = entries.remove(prefix + PACKED + "dtype");
        if (dtype != null && dtype != DType.QUINT8) {
            throw new IllegalArgumentException("load_state_dict: " + prefix + PACKED + "dtype is " + dtype
                    + "; torch4j's quantized " + className().substring("Quantized".length()) + " holds torch.quint8 weights only");
        }
    }

    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        if (!stateDict.containsKey(prefix + PACKED + "_packed_weight")) return; // (the loader reports it missing)
        Tensor w = stateDict.remove(prefix + PACKED + "_packed_weight");
        if (w == null || !w.isQuantized()) {
            throw new IllegalArgumentException("While copying the parameter named \"" + prefix + PACKED + "_packed_weight\", expected a "
                    + "quint8 quantized tensor from checkpoint but received " + (w == null ? "None" : w.dtype()));
        }
        setWeight(w);
    }

    @Override
    public String className() { return "QuantizedEmbedding"; }

    @Override
    public String extraRepr() {
        return "num_embeddings=" + numEmbeddings + ", embedding_dim=" + embeddingDim + ", dtype=" + qweight.dtype() + ", qscheme="
                + qweight.qscheme();
    }
}
