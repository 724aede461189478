package dev.torch4j.ao.nn.intrinsic.qat;

import dev.torch4j.Tensor;
import dev.torch4j.ao.nn.qat.QatConvs;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.nn.BatchNorm2d;

/** {@code torch.ao.nn.intrinsic.qat.ConvBnReLU2d} (printed {@code ConvBnReLU2d}): {@link ConvBn2d} followed by a ReLU. */
public class ConvBnReLU2d extends ConvBn2d {
    /** As {@link ConvBn2d#ConvBn2d}. */
    public ConvBnReLU2d(long inChannels, long outChannels, long[] kernelSize, Options o, double eps, Double momentum, boolean freezeBn,
                        QConfig qconfig) {
        super(inChannels, outChannels, kernelSize, o, eps, momentum, freezeBn, qconfig);
    }

    /** {@code ConvBnReLU2d.from_float(mod)}: from a fused {@link dev.torch4j.ao.nn.intrinsic.ConvBnReLU2d}. */
    public static ConvBnReLU2d fromFloat(dev.torch4j.ao.nn.intrinsic.ConvBnReLU2d mod, QConfig qconfig) {
        var c = (dev.torch4j.nn.Conv2d) mod.get(0);
        var b = (BatchNorm2d) mod.get(1);
        return ConvBnSupport.init(new ConvBnReLU2d(c.inChannels, c.outChannels, c.kernelSize, QatConvs.optionsOf(c), b.eps, b.momentum,
                false, qconfig), mod);
    }

    @Override
    public Tensor forward(Tensor x) { return super.forward(x).relu(); }

    @Override
    public String className() { return "ConvBnReLU2d"; }
}
