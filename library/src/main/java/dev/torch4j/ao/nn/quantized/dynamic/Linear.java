package dev.torch4j.ao.nn.quantized.dynamic;

import dev.torch4j.DType;
import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.quantized.PackedLinearState;
import dev.torch4j.ao.quantization.Defaults;
import dev.torch4j.ao.quantization.MinMaxObserver;
import dev.torch4j.ao.quantization.PlaceholderObserver;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.ao.quantization.UniformQuantizationObserverBase;
import dev.torch4j.nn.Module;
import dev.torch4j.ops.QuantizedLinear;

import java.util.Map;

/**
 * {@code torch.ao.nn.quantized.dynamic.Linear} (printed {@code DynamicQuantizedLinear}): {@code y = x W^T + b} with a
 * qint8 per-tensor weight; each call quantizes the float32 input to quint8 with a scale and zero point chosen from its
 * own min and max (the range [0, 127] with {@code reduce_range}, the default, as for PyTorch's x86 engine), multiplies
 * the integers in int32 and returns float32 ({@link QuantizedLinear#linearDynamic}).
 *
 * <p>It extends {@link dev.torch4j.nn.Linear} so that it can take a float Linear's place in a field of that type; the
 * inherited {@code weight} and {@code bias} fields stay null: {@link #weight()} and {@link #bias()} read the quantized
 * ones, which are no parameters ({@code parameters()} is empty, as in PyTorch). Its state dict holds {@code scale} and
 * {@code zero_point} (the output's, unused: 1.0 and 0, as in PyTorch), then {@code _packed_params.weight} (qint8) and
 * {@code _packed_params.bias} (float32, or null for None), with the metadata that makes PyTorch's
 * {@code load_state_dict} read them ({@link dev.torch4j.ao.nn.quantized.PackedLinearState}) and see this module at its
 * version that computes as it does (4 with {@code reduce_range}, 3 without; with no version PyTorch runs without). PyTorch
 * writes the pair as {@code _packed_params.dtype} and the tuple {@code _packed_params._packed_params}, which a tensor-only
 * state dict cannot hold. Loading takes PyTorch's layout (from {@code Torch.load}), this one and torch4j's earlier
 * {@code weight} and {@code bias}; the checkpoint's version sets {@code reduce_range}, as in PyTorch.
 *
 * <p>With {@code dtype=torch.float16} ({@link #Linear(long, long, boolean, DType)}, {@code from_float} under
 * {@code float16_dynamic_qconfig}) the weight is kept in float16 ({@link QuantizedLinear#packFp16}: saturated to
 * float16's range, rounded; {@link #weight()} gives it widened to float32, as PyTorch's unpack does) and the product is
 * a float32 GEMM ({@link QuantizedLinear#linearDynamicFp16}); the state dict is PyTorch's exactly
 * ({@link PackedLinearState#saveFloat16}).
 *
 * <pre>{@code
 * var q = Linear.fromFloat(new dev.torch4j.nn.Linear(4, 3));
 * q.forward(Torch.randn(2, 4));   // float32 [2, 3]
 * }</pre>
 */
public class Linear extends dev.torch4j.nn.Linear {
    private boolean reduceRange;
    private DType dtype = DType.QINT8, loadedDtype;
    private Tensor qweight, qbias; // not Parameters: the module registry passes them by

    /** A dynamic quantized Linear over a qint8 per-tensor {@code weight} ([out, in]) and a float32 {@code bias} (or null). */
    public Linear(Tensor weight, Tensor bias, boolean reduceRange) {
        super(weight.size(1), weight.size(0), null, null);
        this.reduceRange = reduceRange;
        registerBuffer("scale", Torch.tensor(1.0f));
        registerBuffer("zero_point", Torch.tensor(0L));
        setWeightBias(weight, bias);
    }

    /**
     * {@code Linear(in_features, out_features, bias_, dtype)}: {@code dtype} qint8 (a zero weight of scale 1, with
     * {@code reduce_range}) or float16 (a zero float weight); a zero bias where {@code bias}, else none.
     */
    public Linear(long inFeatures, long outFeatures, boolean bias, DType dtype) {
        super(inFeatures, outFeatures, null, null);
        if (dtype != DType.QINT8 && dtype != DType.FLOAT16) {
            throw new IllegalArgumentException("The only supported dtypes for dynamic quantized linear are qint8 and float16 got: " + dtype);
        }
        this.dtype = dtype;
        this.reduceRange = true;
        registerBuffer("scale", Torch.tensor(1.0f));
        registerBuffer("zero_point", Torch.tensor(0L));
        Tensor w = Torch.zeros(outFeatures, inFeatures);
        setWeightBias(dtype == DType.QINT8 ? Torch.quantizePerTensor(w, 1.0, 0, DType.QINT8) : w, bias ? Torch.zeros(outFeatures) : null);
    }

    /**
     * {@code Linear.from_float(mod)}: the weight quantized per tensor to qint8 with the scale and zero point of
     * {@code default_weight_observer} (MinMaxObserver, per_tensor_symmetric), the bias kept as float; where
     * {@code mod}'s qconfig has a float16 weight observer ({@code float16_dynamic_qconfig}), a float16 layer instead.
     */
    public static Linear fromFloat(dev.torch4j.nn.Linear mod) {
        DType dtype = weightDtype(mod);
        if (dtype == DType.FLOAT16) {
            Linear q = new Linear(mod.inFeatures, mod.outFeatures, mod.bias != null, DType.FLOAT16);
            q.setWeightBias(mod.weight.detach().to(DType.FLOAT32), mod.bias == null ? null : mod.bias.detach());
            return q;
        }
        MinMaxObserver observer = Defaults.defaultWeightObserver();
        Tensor w = mod.weight.detach().to(DType.FLOAT32);
        observer.forward(w);
        Tensor[] qparams = observer.calculateQparams();
        Tensor qweight = Torch.quantizePerTensor(w, qparams[0].item(), qparams[1].itemLong(), DType.QINT8);
        return new Linear(qweight, mod.bias == null ? null : mod.bias.detach(), true);
    }

    /**
     * The dtype of the weight observer of {@code mod}'s qconfig (a {@link PlaceholderObserver}'s float16 under
     * {@code float16_dynamic_qconfig}); qint8 without one. Other dtypes are refused, as PyTorch's {@code from_float} does.
     */
    private static DType weightDtype(Module mod) {
        QConfig q = QuantizeStatic.qconfig(mod);
        if (q == null || q.weight() == null) return DType.QINT8;
        Module o = q.weight().get();
        DType d = o instanceof PlaceholderObserver p ? p.dtype() : o instanceof UniformQuantizationObserverBase u ? u.dtype.dtype() : DType.QINT8;
        if (d != DType.QINT8 && d != DType.FLOAT16) {
            throw new IllegalArgumentException("The only supported dtypes for dynamic quantized linear are qint8 and float16 got: " + d);
        }
        return d;
    }

    /**
     * {@code set_weight_bias(weight, bias)}: a 2-d per-tensor qint8 weight of this layer's shape (a float32 one for a
     * float16 layer, packed by {@link QuantizedLinear#packFp16}), a float32 bias or null.
     */
    public void setWeightBias(Tensor weight, Tensor bias) {
        if (dtype == DType.FLOAT16) {
            if (weight.isQuantized() || weight.dtype() != DType.FLOAT32 || weight.dim() != 2 || weight.size(0) != outFeatures
                    || weight.size(1) != inFeatures) {
                throw new IllegalArgumentException("DynamicQuantizedLinear (float16): the weight must be a float32 tensor of shape ["
                        + outFeatures + ", " + inFeatures + "], got " + weight.dtype() + " " + weight.shape());
            }
            checkBias(bias);
            qweight = QuantizedLinear.packFp16(weight);
            qbias = bias == null ? null : bias.detach();
            return;
        }
        if (weight.dtype() != DType.QINT8 || weight.qscheme() != QScheme.PER_TENSOR_AFFINE || weight.dim() != 2
                || weight.size(0) != outFeatures || weight.size(1) != inFeatures) {
            throw new IllegalArgumentException("DynamicQuantizedLinear: the weight must be a per-tensor qint8 tensor of shape ["
                    + outFeatures + ", " + inFeatures + "], got " + weight.dtype() + " " + weight.shape());
        }
        checkBias(bias);
        qweight = weight;
        qbias = bias == null ? null : bias.detach();
    }

    private void checkBias(Tensor bias) {
        if (bias != null && (bias.dtype() != DType.FLOAT32 || bias.dim() != 1 || bias.size(0) != outFeatures)) {
            throw new IllegalArgumentException("DynamicQuantizedLinear: the bias must be a float32 vector of " + outFeatures
                    + " elements, got " + bias.dtype() + " " + bias.shape());
        }
    }

    /** {@code _packed_params.dtype}: qint8 or float16. */
    public DType dtype() { return dtype; }

    /** {@code weight()}: the qint8 weight (a float16 layer's: its float16 values as float32). */
    public Tensor weight() { return qweight; }

    /** {@code bias()}: the float32 bias, or null. */
    public Tensor bias() { return qbias; }

    /** Whether each call quantizes the input to [0, 127] rather than [0, 255] (loading a state dict sets it from its version). */
    public boolean reduceRange() { return reduceRange; }

    @Override
    public Tensor forward(Tensor input) {
        return dtype == DType.FLOAT16 ? QuantizedLinear.linearDynamicFp16(input, weight(), bias())
                : QuantizedLinear.linearDynamic(input, weight(), bias(), reduceRange);
    }

    /** Its weights are quantized: there is nothing to redraw. */
    @Override
    public void resetParameters() {
        throw new UnsupportedOperationException("a dynamic quantized Linear has no float parameters to reset");
    }

    @Override
    protected void saveToStateDict(Map<String, Tensor> destination, String prefix, boolean keepVars) {
        if (dtype == DType.FLOAT16) PackedLinearState.saveFloat16(destination, prefix, qweight, qbias);
        else PackedLinearState.save(destination, prefix, qweight, qbias);
    }

    /**
     * {@inheritDoc} PyTorch's dynamic quantized Linear computes with reduce_range from version 4 on: 4 when this one
     * does, else 3 (the same entries), so PyTorch runs the loaded module as this one runs.
     */
    @Override
    protected int stateDictVersion() { return reduceRange || dtype == DType.FLOAT16 ? 4 : 3; }

    @Override
    protected void readNonTensorEntries(Map<String, Object> entries, String prefix) {
        loadedDtype = PackedLinearState.readPacked(entries, prefix, true);
    }

    /** As PyTorch's loader: the checkpoint's version decides reduce_range (none, or below 4: without). */
    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix, Map<String, Object> localMetadata,
                                       java.util.List<String> errorMsgs) {
        super.beforeLoadStateDict(stateDict, prefix, localMetadata, errorMsgs);
        if (!stateDict.containsKey(prefix + "scale")) return; // not this module's entries (the loader reports them missing)
        reduceRange = localMetadata.get("version") instanceof Number v && v.longValue() >= 4;
    }

    /**
     * Takes the checkpoint's weight (quantizer and all) and bias, as PyTorch's {@code set_weight_bias} does; a float
     * weight (float16 layer's, with or without the checkpoint's {@code _packed_params.dtype}) makes this a float16 layer,
     * as PyTorch's loader switches its packed parameters to the checkpoint's dtype.
     */
    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        DType declared = loadedDtype;
        loadedDtype = null;
        PackedLinearState.unpack(stateDict, prefix);
        if (!stateDict.containsKey(prefix + "weight")) return; // (the loader reports what else is missing or unexpected)
        Tensor w = stateDict.remove(prefix + "weight"), b = stateDict.remove(prefix + "bias");
        boolean fp16 = w != null && !w.isQuantized() && w.dtype().isFloatingPoint();
        if (w == null || !(w.isQuantized() || fp16) || declared != null && (declared == DType.FLOAT16) != fp16) {
            throw new IllegalArgumentException("While copying the parameter named \"" + prefix + "weight\", expected a "
                    + (declared == DType.FLOAT16 || fp16 ? "float" : "qint8 quantized") + " tensor from checkpoint but received "
                    + (w == null ? "None" : w.dtype()));
        }
        dtype = fp16 ? DType.FLOAT16 : DType.QINT8;
        setWeightBias(fp16 ? w.to(DType.FLOAT32) : w, b);
    }

    @Override
    public String className() { return "DynamicQuantizedLinear"; }

    @Override
    public String extraRepr() {
        String s = "in_features=" + inFeatures + ", out_features=" + outFeatures + ", dtype=" + dtype;
        return dtype == DType.QINT8 ? s + ", qscheme=" + weight().qscheme() : s;
    }

}
