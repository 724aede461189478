package dev.torch4j.ao.nn.intrinsic.qat;

import dev.torch4j.Tensor;
import dev.torch4j.ao.nn.qat.Linear;
import dev.torch4j.ao.quantization.QConfig;

/** {@code torch.ao.nn.intrinsic.qat.LinearReLU} (printed {@code LinearReLU}): a QAT Linear followed by a ReLU. */
public class LinearReLU extends Linear {
    /** {@code LinearReLU(in, out, bias, qconfig)}. */
    public LinearReLU(long inFeatures, long outFeatures, boolean bias, QConfig qconfig) { super(inFeatures, outFeatures, bias, qconfig); }

    /** {@code LinearReLU.from_float(mod)}: from a fused {@link dev.torch4j.ao.nn.intrinsic.LinearReLU}, sharing its Linear's parameters. */
    public static LinearReLU fromFloat(dev.torch4j.ao.nn.intrinsic.LinearReLU mod, QConfig qconfig) {
        var l = (dev.torch4j.nn.Linear) mod.get(0);
        return init(new LinearReLU(l.inFeatures, l.outFeatures, l.bias != null, qconfig), l);
    }

    @Override
    public Tensor forward(Tensor x) { return super.forward(x).relu(); }

    @Override
    public String className() { return "LinearReLU"; }
}
