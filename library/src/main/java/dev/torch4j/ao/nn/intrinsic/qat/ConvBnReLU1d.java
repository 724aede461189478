package dev.torch4j.ao.nn.intrinsic.qat;

import dev.torch4j.Tensor;
import dev.torch4j.ao.nn.qat.QatConvs;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.nn.BatchNorm1d;

/** {@code torch.ao.nn.intrinsic.qat.ConvBnReLU1d} (printed {@code ConvBnReLU1d}): {@link ConvBn1d} followed by a ReLU. */
public class ConvBnReLU1d extends ConvBn1d {
    /** As {@link ConvBn1d#ConvBn1d}. */
    public ConvBnReLU1d(long inChannels, long outChannels, long kernelSize, Options o, double eps, Double momentum, boolean freezeBn,
                        QConfig qconfig) {
        super(inChannels, outChannels, kernelSize, o, eps, momentum, freezeBn, qconfig);
    }

    /** {@code ConvBnReLU1d.from_float(mod)}: from a fused {@link dev.torch4j.ao.nn.intrinsic.ConvBnReLU1d}. */
    public static ConvBnReLU1d fromFloat(dev.torch4j.ao.nn.intrinsic.ConvBnReLU1d mod, QConfig qconfig) {
        var c = (dev.torch4j.nn.Conv1d) mod.get(0);
        var b = (BatchNorm1d) mod.get(1);
        return ConvBnSupport.init(new ConvBnReLU1d(c.inChannels, c.outChannels, c.kernelSize[0], QatConvs.optionsOf(c), b.eps, b.momentum,
                false, qconfig), mod);
    }

    @Override
    public Tensor forward(Tensor x) { return super.forward(x).relu(); }

    @Override
    public String className() { return "ConvBnReLU1d"; }
}
