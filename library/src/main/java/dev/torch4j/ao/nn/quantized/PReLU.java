package dev.torch4j.ao.nn.quantized;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.FakeQuantize;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.ao.quantization.UniformQuantizationObserverBase;
import dev.torch4j.nn.Module;
import dev.torch4j.ops.QuantizedActivations;

/**
 * {@code torch.ao.nn.quantized.PReLU(output_scale, output_zero_point, num_parameters)} (printed {@code QuantizedPReLU}):
 * {@code quantized::prelu} ({@link QuantizedActivations#prelu}) with a quint8 weight. As in PyTorch, the weight, scale
 * and zero point are plain attributes: the state dict is empty, so a checkpoint does not carry them.
 */
public class PReLU extends Module {
    /** {@code num_parameters}. */
    public final long numParameters;
    /** The output's scale. */
    public double scale;
    /** The output's zero point. */
    public long zeroPoint;
    private Tensor qweight;

    /** {@code PReLU(output_scale, output_zero_point, num_parameters)}: a weight quantized with scale 1 and zero point 0. */
    public PReLU(double scale, long zeroPoint, long numParameters) {
        this.numParameters = numParameters;
        this.scale = scale;
        this.zeroPoint = zeroPoint;
        setWeight(Torch.quantizePerTensor(Torch.randn(numParameters), 1.0, 0, DType.QUINT8));
    }

    /** {@code set_weight(w)}: a quint8 tensor of {@code num_parameters} elements. */
    public void setWeight(Tensor w) {
        if (w.dtype() != DType.QUINT8 || w.numel() != numParameters) {
            throw new IllegalArgumentException("QuantizedPReLU: the weight must be a quint8 tensor of " + numParameters + " elements, got "
                    + w.dtype() + " " + w.shape());
        }
        qweight = w;
    }

    /** {@code weight}: the quint8 weight. */
    public Tensor weight() { return qweight; }

    /**
     * {@code PReLU.from_float(mod)} as PyTorch 2.x has it: the qconfig's weight observer sees the weight first (1.13 asks an
     * unfed observer, which answers scale 1 and zero point 0), and the weight is quantized to quint8 with its parameters.
     */
    public static PReLU fromFloat(dev.torch4j.nn.PReLU mod) {
        Tensor[] act = QuantizeStatic.activationQparams(mod, "PReLU");
        QConfig q = QuantizeStatic.qconfig(mod);
        if (q == null) throw new IllegalStateException("Input float module must have qconfig defined");
        Tensor w = mod.weight.detach().to(DType.FLOAT32);
        Module obs = q.weight().get();
        obs.call(w);
        Tensor[] wq = switch (obs) {
            case FakeQuantize f -> f.calculateQparams();
            case UniformQuantizationObserverBase o -> o.calculateQparams();
            default -> throw new IllegalArgumentException("nnq.PReLU.from_float: cannot compute qparams from a " + obs.className());
        };
        PReLU p = new PReLU(act[0].item(), act[1].itemLong(), mod.numParameters);
        p.setWeight(Torch.quantizePerTensor(w, wq[0].item(), wq[1].itemLong(), DType.QUINT8));
        return p;
    }

    @Override
    public Tensor forward(Tensor x) { return QuantizedActivations.prelu(x, qweight, scale, zeroPoint); }

    @Override
    public String className() { return "QuantizedPReLU"; }
}
