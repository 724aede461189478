package dev.torch4j.ao.nn.intrinsic.qat;

import dev.torch4j.Tensor;
import dev.torch4j.ao.nn.qat.QatConvs;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.nn.BatchNorm3d;

/** {@code torch.ao.nn.intrinsic.qat.ConvBnReLU3d} (printed {@code ConvBnReLU3d}): {@link ConvBn3d} followed by a ReLU. */
public class ConvBnReLU3d extends ConvBn3d {
    /** As {@link ConvBn3d#ConvBn3d}. */
    public ConvBnReLU3d(long inChannels, long outChannels, long[] kernelSize, Options o, double eps, Double momentum, boolean freezeBn,
                        QConfig qconfig) {
        super(inChannels, outChannels, kernelSize, o, eps, momentum, freezeBn, qconfig);
    }

    /** {@code ConvBnReLU3d.from_float(mod)}: from a fused {@link dev.torch4j.ao.nn.intrinsic.ConvBnReLU3d}. */
    public static ConvBnReLU3d fromFloat(dev.torch4j.ao.nn.intrinsic.ConvBnReLU3d mod, QConfig qconfig) {
        var c = (dev.torch4j.nn.Conv3d) mod.get(0);
        var b = (BatchNorm3d) mod.get(1);
        return ConvBnSupport.init(new ConvBnReLU3d(c.inChannels, c.outChannels, c.kernelSize, QatConvs.optionsOf(c), b.eps, b.momentum,
                false, qconfig), mod);
    }

    @Override
    public Tensor forward(Tensor x) { return super.forward(x).relu(); }

    @Override
    public String className() { return "ConvBnReLU3d"; }
}
