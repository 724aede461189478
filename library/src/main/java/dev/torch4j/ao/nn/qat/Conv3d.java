package dev.torch4j.ao.nn.qat;

import dev.torch4j.Tensor;
import dev.torch4j.ao.quantization.QConfig;

/**
 * {@code torch.ao.nn.qat.Conv3d} (printed {@code Conv3d}): a Conv3d whose weight passes through its
 * {@code weight_fake_quant} child on every forward; zero padding (explicit sizes or a padding string).
 */
public class Conv3d extends dev.torch4j.nn.Conv3d {
    /** As the float Conv3d, with a fresh {@code weight_fake_quant} from {@code qconfig.weight()}. */
    public Conv3d(long inChannels, long outChannels, long[] kernelSize, Options o, QConfig qconfig) {
        super(inChannels, outChannels, kernelSize, o);
        QatConvs.setUp(this, qconfig);
    }

    /** The float conv's options (stride, padding, dilation, groups, bias, padding mode). */
    public static Options optionsOf(dev.torch4j.nn.ConvNd mod) { return QatConvs.optionsOf(mod); }

    /** {@code Conv3d.from_float(mod)}: shares the float Conv3d's weight and bias. */
    public static Conv3d fromFloat(dev.torch4j.nn.Conv3d mod, QConfig qconfig) {
        return init(new Conv3d(mod.inChannels, mod.outChannels, mod.kernelSize, optionsOf(mod), qconfig), mod);
    }

    /** {@code q} given the float module's parameters. */
    protected static <C extends Conv3d> C init(C q, dev.torch4j.nn.Conv3d mod) { return QatConvs.init(q, mod); }

    /** {@code weight_fake_quant(weight)}. */
    public Tensor fakeQuantWeight() { return getSubmodule("weight_fake_quant").call(weight); }

    @Override
    public Tensor forward(Tensor x) { return QatConvs.conv(this, x, fakeQuantWeight(), bias); }

    @Override
    public String className() { return "Conv3d"; }
}
