package dev.torch4j.ao.nn.quantized.dynamic;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.quantized.LinearPackedParams;
import dev.torch4j.ao.quantization.Defaults;
import dev.torch4j.ao.quantization.MinMaxObserver;
import dev.torch4j.ops.QuantizedLinear;

/**
 * {@code torch.ao.nn.quantized.dynamic.Linear} (printed {@code DynamicQuantizedLinear}): {@code y = x W^T + b} with a
 * qint8 per-tensor weight; each call quantizes the float32 input to quint8 with a scale and zero point chosen from its
 * own min and max (the range [0, 127] with {@code reduce_range}, the default, as for PyTorch's x86 engine), multiplies
 * the integers in int32 and returns float32 ({@link QuantizedLinear#linearDynamic}).
 *
 * <p>It extends {@link dev.torch4j.nn.Linear} so that it can take a float Linear's place in a field of that type; the
 * inherited {@code weight} and {@code bias} fields stay null: {@link #weight()} and {@link #bias()} read the packed
 * parameters. Its state dict holds {@code scale} and {@code zero_point} (the output's, unused: 1.0 and 0, as in
 * PyTorch) and {@code _packed_params.weight}, {@code _packed_params.bias} (PyTorch: {@code _packed_params.dtype} and the
 * tuple {@code _packed_params._packed_params}; see {@link LinearPackedParams}).
 *
 * <pre>{@code
 * var q = Linear.fromFloat(new dev.torch4j.nn.Linear(4, 3));
 * q.forward(Torch.randn(2, 4));   // float32 [2, 3]
 * }</pre>
 */
public class Linear extends dev.torch4j.nn.Linear {
    private final boolean reduceRange;

    /** A dynamic quantized Linear over a qint8 per-tensor {@code weight} ([out, in]) and a float32 {@code bias} (or null). */
    public Linear(Tensor weight, Tensor bias, boolean reduceRange) {
        super(weight.size(1), weight.size(0), null, null);
        this.reduceRange = reduceRange;
        registerBuffer("scale", Torch.tensor(1.0f));
        registerBuffer("zero_point", Torch.tensor(0L));
        registerModule("_packed_params", new LinearPackedParams(weight, bias));
    }

    /**
     * {@code Linear.from_float(mod)}: the weight quantized per tensor to qint8 with the scale and zero point of
     * {@code default_weight_observer} (MinMaxObserver, per_tensor_symmetric), the bias kept as float.
     */
    public static Linear fromFloat(dev.torch4j.nn.Linear mod) {
        MinMaxObserver observer = Defaults.defaultWeightObserver();
        Tensor w = mod.weight.detach().to(DType.FLOAT32);
        observer.forward(w);
        Tensor[] qparams = observer.calculateQparams();
        Tensor qweight = Torch.quantizePerTensor(w, qparams[0].item(), qparams[1].itemLong(), DType.QINT8);
        return new Linear(qweight, mod.bias == null ? null : mod.bias.detach(), true);
    }

    private LinearPackedParams packed() { return (LinearPackedParams) getSubmodule("_packed_params"); }

    /** {@code weight()}: the qint8 weight. */
    public Tensor weight() { return packed().weight(); }

    /** {@code bias()}: the float32 bias, or null. */
    public Tensor bias() { return packed().bias(); }

    /** Whether each call quantizes the input to [0, 127] rather than [0, 255]. */
    public boolean reduceRange() { return reduceRange; }

    @Override
    public Tensor forward(Tensor input) { return QuantizedLinear.linearDynamic(input, weight(), bias(), reduceRange); }

    /** Its weights are quantized: there is nothing to redraw. */
    @Override
    public void resetParameters() {
        throw new UnsupportedOperationException("a dynamic quantized Linear has no float parameters to reset");
    }

    @Override
    public String className() { return "DynamicQuantizedLinear"; }

    @Override
    public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", dtype=" + weight().dtype() + ", qscheme="
                + weight().qscheme();
    }

    /** As PyTorch's {@code hide_packed_params_repr}: the packed parameters are not printed as a child. */
    @Override
    public String toString() { return className() + "(" + extraRepr() + ")"; }
}
