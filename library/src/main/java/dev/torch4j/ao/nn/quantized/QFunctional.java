package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.nn.Py;
import dev.torch4j.ops.QuantizedNn;

import java.util.List;
import java.util.Map;

/**
 * {@code torch.ao.nn.quantized.QFunctional}: {@link FloatFunctional}'s operations on quint8 tensors, each output
 * quantized with this module's {@code scale} and {@code zeroPoint} ({@link QuantizedNn#add}, {@link QuantizedNn#mul},
 * {@link QuantizedNn#cat}); it extends FloatFunctional so that it fits the float model's field. Its state dict holds
 * {@code scale} and {@code zero_point}. The scalar forms ({@code add_scalar}, {@code mul_scalar}) choose their own
 * output parameters, as PyTorch's.
 */
public class QFunctional extends FloatFunctional {
    /** The outputs' scale. */
    public double scale = 1.0;
    /** The outputs' zero point. */
    public long zeroPoint = 0;

    /** Scale 1.0, zero point 0, as PyTorch's. */
    public QFunctional() {}

    /** {@code QFunctional.from_float(mod)}: the scale and zero point of the FloatFunctional's observer. */
    public static QFunctional fromFloat(FloatFunctional mod) {
        Tensor[] qp = QuantizeStatic.activationQparams(mod, "QFunctional");
        QFunctional q = new QFunctional();
        q.scale = qp[0].item();
        q.zeroPoint = qp[1].itemLong();
        return q;
    }

    /** {@code add(x, y)}: {@code quantized::add}. */
    @Override
    public Tensor add(Tensor x, Tensor y) { return post(QuantizedNn.add(x, y, scale, zeroPoint, false)); }

    /** {@code mul(x, y)}: {@code quantized::mul}. */
    @Override
    public Tensor mul(Tensor x, Tensor y) { return post(QuantizedNn.mul(x, y, scale, zeroPoint, false)); }

    /** {@code cat(xs, dim)}: {@code quantized::cat}. */
    @Override
    public Tensor cat(List<Tensor> xs, long dim) { return post(QuantizedNn.cat(xs, dim, scale, zeroPoint)); }

    /** {@code add_scalar(x, y)}: {@code quantized::add_scalar}, whose output parameters absorb y (not this module's; unobserved, as in PyTorch). */
    @Override
    public Tensor addScalar(Tensor x, double y) { return QuantizedNn.addScalar(x, y, false); }

    /** {@code mul_scalar(x, y)}: {@code quantized::mul_scalar}, which rescales (and for y &lt; 0 mirrors) the input. */
    @Override
    public Tensor mulScalar(Tensor x, double y) { return QuantizedNn.mulScalar(x, y, false); }

    /** {@code add_relu(x, y)}: {@code quantized::add_relu}. */
    @Override
    public Tensor addRelu(Tensor x, Tensor y) { return post(QuantizedNn.add(x, y, scale, zeroPoint, true)); }

    @Override
    protected void saveToStateDict(Map<String, Tensor> destination, String prefix, boolean keepVars) {
        destination.put(prefix + "scale", Torch.tensor(scale));
        destination.put(prefix + "zero_point", Torch.tensor(zeroPoint));
    }

    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        Tensor s = stateDict.remove(prefix + "scale"), z = stateDict.remove(prefix + "zero_point");
        if (s != null) scale = s.item();
        if (z != null) zeroPoint = z.itemLong();
    }

    @Override
    public String extraRepr() { return "scale=" + Py.repr(scale) + ", zero_point=" + zeroPoint; }
}
