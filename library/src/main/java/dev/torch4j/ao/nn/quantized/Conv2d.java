package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;
import dev.torch4j.ops.QuantizedNn;

/**
 * {@code torch.ao.nn.quantized.Conv2d} (printed {@code QuantizedConv2d}): a 2-d convolution of a quint8
 * {@code (N, C, H, W)} input with a qint8 weight (per tensor or per output channel) and a float bias, requantized to the
 * output's {@code scale} and {@code zeroPoint} with QNNPACK's arithmetic ({@link QuantizedNn#conv2d}); zero padding only.
 */
public class Conv2d extends ConvNd {
    /**
     * {@code Conv2d(in, out, kernel_size, stride, padding, dilation, groups, bias)}: each array one value or a pair; a zero
     * qint8 weight (scale 1) and zero bias, output scale 1.0 and zero point 0, as PyTorch's.
     */
    public Conv2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] dilation, long groups,
                  boolean bias) {
        super(2, inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias);
    }

    /** {@code Conv2d(in, out, kernel_size)} with stride 1, no padding. */
    public Conv2d(long inChannels, long outChannels, long kernelSize) {
        this(inChannels, outChannels, new long[] {kernelSize}, new long[] {1}, new long[] {0}, new long[] {1}, 1, true);
    }

    /** {@code Conv2d.from_float(mod)}: the weight quantized with {@code qconfig.weight()}, scale and zero point from the observer. */
    public static Conv2d fromFloat(Module mod) { return init(mod, "Conv2d", Conv2d::new); }

    /** A quantized conv made by {@code make} from the float Conv2d inside {@code mod}, filled from its observer. */
    protected static <C extends Conv2d> C init(Module mod, String cls, Factory<C> make) {
        var f = floatConv(mod, dev.torch4j.nn.Conv2d.class, cls);
        C q = make.make(f.inChannels, f.outChannels, f.kernelSize, f.stride, f.padding, f.dilation, f.groups, f.bias != null);
        return init(q, mod, f, cls);
    }

    /** A constructor of a quantized convolution. */
    @FunctionalInterface
    public interface Factory<C> {
        /** {@code new C(in, out, kernel, stride, padding, dilation, groups, bias)}. */
        C make(long in, long out, long[] kernel, long[] stride, long[] padding, long[] dilation, long groups, boolean bias);
    }

    @Override
    public String className() { return "QuantizedConv2d"; }
}
