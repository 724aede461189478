package dev.torch4j.ao.nn.quantized;

import dev.torch4j.DType;
import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.Defaults;
import dev.torch4j.ao.quantization.FakeQuantize;
import dev.torch4j.ao.quantization.PerChannelMinMaxObserver;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.ao.quantization.UniformQuantizationObserverBase;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.StateDict;
import dev.torch4j.ops.QuantizedEmbedding;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code torch.ao.nn.quantized.Embedding} (printed {@code QuantizedEmbedding}): a quint8 or quint4x2 weight quantized
 * per row with float scales and zero points ({@code per_channel_affine_float_qparams}); forward is
 * {@code torch.ops.quantized.embedding_byte} or {@code embedding_4bit} ({@link QuantizedEmbedding}), float32 rows.
 * A 4-bit module needs an even {@code embedding_dim}: PyTorch packs a quint4x2 weight two values a byte across rows,
 * which its prepacking reads as rows of {@code ceil(dim / 2)} bytes, so odd widths come out garbled there.
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
    /** {@code dtype}: the weight's, {@code torch.quint8} or {@code torch.quint4x2}. */
    public final DType dtype;
    private Tensor qweight; // not a parameter: a quantized model has none

    /** {@code Embedding(num_embeddings, embedding_dim)}: a quint8 zero weight, scales 1 and zero points 0, as PyTorch's. */
    public Embedding(long numEmbeddings, long embeddingDim) { this(numEmbeddings, embeddingDim, DType.QUINT8); }

    /**
     * {@code Embedding(num_embeddings, embedding_dim, dtype=dtype)}: a zero weight of that dtype, scales 1 and zero
     * points 0 (PyTorch's 4-bit module starts from a quint8 weight, which its 4-bit forward misreads).
     */
    public Embedding(long numEmbeddings, long embeddingDim, DType dtype) {
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.dtype = checkDtype(dtype);
        setWeight(Torch.quantizePerChannel(Torch.zeros(numEmbeddings, embeddingDim), Torch.ones(numEmbeddings),
                Torch.zeros(numEmbeddings), 0, dtype));
    }

    /**
     * {@code Embedding(num_embeddings, embedding_dim, _weight=weight, dtype=weight.dtype)}: with a quantized weight of
     * that shape, the module's dtype its own.
     */
    public Embedding(long numEmbeddings, long embeddingDim, Tensor weight) {
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        if (!Arrays.equals(weight.shapeArray(), new long[] {numEmbeddings, embeddingDim})) {
            throw new IllegalArgumentException("Shape of weight does not match num_embeddings and embedding_dim");
        }
        this.dtype = checkDtype(weight.dtype());
        setWeight(weight);
    }

    private static DType checkDtype(DType dtype) {
        if (dtype != DType.QUINT8 && dtype != DType.QUINT4X2) {
            throw new IllegalArgumentException("Unsupported dtype on quantized embedding! Supports quint8 and quint4x2. Got dtype: " + dtype);
        }
        return dtype;
    }

    /**
     * {@code set_weight(w)}: a 2-d {@code per_channel_affine_float_qparams} tensor quantized per row, of the module's
     * dtype (what the packing accepts).
     */
    public void setWeight(Tensor w) {
        if (!w.isQuantized() || w.qscheme() != QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS) {
            throw new IllegalArgumentException("Expect embedding_bag weights to be quantized using kPerChannelAffineFloatQParams");
        }
        if (w.dtype() != dtype || w.dim() != 2 || w.qPerChannelAxis() != 0) {
            throw new IllegalArgumentException(className() + ": the weight must be a 2-d " + dtype + " tensor quantized per row "
                    + "(axis 0), got a " + w.dim() + "-d " + w.dtype() + " along axis " + w.qPerChannelAxis());
        }
        if (dtype == DType.QUINT4X2 && w.size(1) % 2 != 0) {
            throw new IllegalArgumentException(className() + ": a torch.quint4x2 weight needs an even embedding_dim (PyTorch's packing "
                    + "garbles odd ones), got " + w.size(1));
        }
        qweight = w;
    }

    /** {@code weight()}: the quantized weight. */
    public Tensor weight() { return qweight; }

    /** {@code forward(indices)}: the rows of {@code indices} (int32 or int64, any shape), float32. */
    @Override
    public Tensor forward(Tensor indices) {
        return dtype == DType.QUINT4X2 ? QuantizedEmbedding.embedding4bit(qweight, indices) : QuantizedEmbedding.embeddingByte(qweight, indices);
    }

    /**
     * {@code Embedding.from_float(mod)}: {@code mod} is an {@code nn.Embedding} with a qconfig attribute, whose weight
     * observer (float_qparams_weight_only_qconfig's when the qconfig or its weight is None) is used, or a QAT
     * {@code ao.nn.qat.Embedding}, whose trained {@code weight_fake_quant} is; it must be
     * {@code per_channel_affine_float_qparams}, quint8 or quint4x2; it sees the weight, which is quantized with its
     * parameters. The module gets the observer's dtype (PyTorch's from_float, 1.13 and 2.x, makes a quint8 module
     * whatever the weight, whose forward then returns 0 columns for a 4-bit one).
     */
    public static Embedding fromFloat(Module mod) {
        if (mod.namedChildren().containsKey("weight_fake_quant")) {
            if (mod.getClass() != dev.torch4j.ao.nn.qat.Embedding.class) {
                throw new IllegalArgumentException("nnq.Embedding.from_float with fake quant only works for Embedding");
            }
        } else if (mod.getClass() != dev.torch4j.nn.Embedding.class) {
            throw new IllegalArgumentException("nnq.Embedding.from_float only works for Embedding");
        }
        var e = (dev.torch4j.nn.Embedding) mod;
        return new Embedding(e.numEmbeddings, e.embeddingDim, quantizeWeight(mod, e.weight, "Embedding"));
    }

    /** {@code from_float}'s checks and {@code _quantize_weight} with a float-qparams observer (or a QAT module's fake quantizer). */
    static Tensor quantizeWeight(Module mod, Tensor weight, String cls) {
        Module obs = mod.namedChildren().get("weight_fake_quant");
        if (obs == null) {
            if (!QuantizeStatic.hasQconfig(mod)) throw new IllegalArgumentException(cls + " input float module must have qconfig defined");
            QConfig q = QuantizeStatic.qconfig(mod);
            obs = q != null && q.weight() != null ? q.weight().get() : Defaults.floatQparamsWeightOnlyQconfig().weight().get();
        }
        UniformQuantizationObserverBase o = obs instanceof FakeQuantize f ? f.activationPostProcess()
                : obs instanceof UniformQuantizationObserverBase u ? u : null;
        if (o == null || o.qscheme != QScheme.PER_CHANNEL_AFFINE_FLOAT_QPARAMS) {
            throw new IllegalArgumentException(cls + " quantization is only supported with float_qparams_weight_only_qconfig.");
        }
        DType dtype = o.dtype.dtype();
        if (dtype != DType.QUINT8 && dtype != DType.QUINT4X2) {
            throw new IllegalArgumentException("The only supported dtype for nnq." + cls + " is torch.quint8 and torch.quint4x2, got " + dtype);
        }
        Tensor w = weight.detach().to(DType.FLOAT32);
        try (var g = Torch.noGrad()) {
            obs.call(w); // a fake quantizer's observer sees the weight once more, as PyTorch's from_float has it
        }
        Tensor[] qp = o.calculateQparams();
        long axis = o instanceof PerChannelMinMaxObserver pc ? pc.chAxis : 0;
        return Torch.quantizePerChannel(w, qp[0].to(DType.FLOAT32), qp[1].to(DType.FLOAT32), axis, dtype);
    }

    @Override
    protected void saveToStateDict(Map<String, Tensor> destination, String prefix, boolean keepVars) {
        if (destination instanceof StateDict sd) {
            sd.recordVersion(prefix + PACKED, 1);
            sd.putForeign(prefix + PACKED + "dtype", dtype, prefix + PACKED + "_packed_weight");
        }
        destination.put(prefix + PACKED + "_packed_weight", qweight);
    }

    /**
     * PyTorch's {@code _packed_params.dtype} (a torch.dtype): the module's own is read, another refused (PyTorch takes
     * it into its packed parameters but keeps the module's forward, which then misreads the weight).
     */
    @Override
    protected void readNonTensorEntries(Map<String, Object> entries, String prefix) {
        Object d = entries.remove(prefix + PACKED + "dtype");
        if (d != null && d != dtype) {
            throw new IllegalArgumentException("load_state_dict: " + prefix + PACKED + "dtype is " + d + "; this "
                    + className() + " holds " + dtype + " weights: build it with dtype " + d);
        }
    }

    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        if (!stateDict.containsKey(prefix + PACKED + "_packed_weight")) return; // (the loader reports it missing)
        Tensor w = stateDict.remove(prefix + PACKED + "_packed_weight");
        if (w == null || !w.isQuantized()) {
            throw new IllegalArgumentException("While copying the parameter named \"" + prefix + PACKED + "_packed_weight\", expected a "
                    + dtype.pyName() + " quantized tensor from checkpoint but received " + (w == null ? "None" : w.dtype()));
        }
        setWeight(w);
    }

    @Override
    public String className() { return "QuantizedEmbedding"; }

    @Override
    public String extraRepr() {
        return "num_embeddings=" + numEmbeddings + ", embedding_dim=" + embeddingDim + ", dtype=" + dtype + ", qscheme="
                + qweight.qscheme();
    }
}
