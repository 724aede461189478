package dev.torch4j.ao.nn.intrinsic.qat;

import dev.torch4j.Tensor;
import dev.torch4j.ao.nn.qat.Conv3d;
import dev.torch4j.ao.quantization.QConfig;

/** {@code torch.ao.nn.intrinsic.qat.ConvReLU3d} (printed {@code ConvReLU3d}): a QAT Conv3d followed by a ReLU. */
public class ConvReLU3d extends Conv3d {
    /** As {@link Conv3d#Conv3d(long, long, long[], Options, QConfig)}. */
    public ConvReLU3d(long inChannels, long outChannels, long[] kernelSize, Options o, QConfig qconfig) {
        super(inChannels, outChannels, kernelSize, o, qconfig);
    }

    /** {@code ConvReLU3d.from_float(mod)}: from a fused {@link dev.torch4j.ao.nn.intrinsic.ConvReLU3d}, sharing its conv's parameters. */
    public static ConvReLU3d fromFloat(dev.torch4j.ao.nn.intrinsic.ConvReLU3d mod, QConfig qconfig) {
        var c = (dev.torch4j.nn.Conv3d) mod.get(0);
        return init(new ConvReLU3d(c.inChannels, c.outChannels, c.kernelSize, optionsOf(c), qconfig), c);
    }

    @Override
    public Tensor forward(Tensor x) { return super.forward(x).relu(); }

    @Override
    public String className() { return "ConvReLU3d"; }
}
