package dev.torch4j.ao.nn.intrinsic.qat;

import dev.torch4j.Tensor;
import dev.torch4j.ao.nn.qat.Conv2d;
import dev.torch4j.ao.quantization.QConfig;

/** {@code torch.ao.nn.intrinsic.qat.ConvReLU2d} (printed {@code ConvReLU2d}): a QAT Conv2d followed by a ReLU. */
public class ConvReLU2d extends Conv2d {
    /** As {@link Conv2d#Conv2d(long, long, long[], Options, QConfig)}. */
    public ConvReLU2d(long inChannels, long outChannels, long[] kernelSize, Options o, QConfig qconfig) {
        super(inChannels, outChannels, kernelSize, o, qconfig);
    }

    /** {@code ConvReLU2d.from_float(mod)}: from a fused {@link dev.torch4j.ao.nn.intrinsic.ConvReLU2d}, sharing its conv's parameters. */
    public static ConvReLU2d fromFloat(dev.torch4j.ao.nn.intrinsic.ConvReLU2d mod, QConfig qconfig) {
        var c = (dev.torch4j.nn.Conv2d) mod.get(0);
        return init(new ConvReLU2d(c.inChannels, c.outChannels, c.kernelSize, optionsOf(c), qconfig), c);
    }

    @Override
    public Tensor forward(Tensor x) { return super.forward(x).relu(); }

    @Override
    public String className() { return "ConvReLU2d"; }
}
