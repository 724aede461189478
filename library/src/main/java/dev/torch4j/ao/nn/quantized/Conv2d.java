package dev.torch4j.ao.nn.quantized;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Py;
import dev.torch4j.ops.QuantizedNn;

import java.util.Map;

/**
 * {@code torch.ao.nn.quantized.Conv2d} (printed {@code QuantizedConv2d}): a 2-d convolution of a quint8
 * {@code (N, C, H, W)} input with a per-tensor qint8 weight and a float bias, requantized to the output's
 * {@code scale} and {@code zeroPoint} with QNNPACK's arithmetic ({@link QuantizedNn#conv2d}); zero padding only.
 * Its state dict holds {@code weight}, {@code bias}, {@code scale}, {@code zero_point}, as PyTorch's.
 */
public class Conv2d extends WeightedQuantizedModule {
    /** The constructor arguments, as {@link dev.torch4j.nn.Conv2d}'s. */
    public final long inChannels, outChannels, groups;
    /** Kernel size, stride, padding, dilation: two values each. */
    public final long[] kernelSize, stride, padding, dilation;

    /**
     * {@code Conv2d(in, out, kernel_size, stride, padding, dilation, groups, bias)}: each array one value or a pair; a zero
     * qint8 weight (scale 1) and zero bias, output scale 1.0 and zero point 0, as PyTorch's.
     */
    public Conv2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] dilation, long groups,
                  boolean bias) {
        if (inChannels % groups != 0) throw new IllegalArgumentException("in_channels must be divisible by groups");
        if (outChannels % groups != 0) throw new IllegalArgumentException("out_channels must be divisible by groups");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.kernelSize = pair(kernelSize);
        this.stride = pair(stride);
        this.padding = pair(padding);
        this.dilation = pair(dilation);
        Tensor w = Torch.zeros(outChannels, inChannels / groups, this.kernelSize[0], this.kernelSize[1]);
        setWeightBias(Torch.quantizePerTensor(w, 1.0, 0, DType.QINT8), bias ? Torch.zeros(outChannels) : null);
    }

    /** {@code Conv2d(in, out, kernel_size)} with stride 1, no padding. */
    public Conv2d(long inChannels, long outChannels, long kernelSize) {
        this(inChannels, outChannels, new long[] {kernelSize}, new long[] {1}, new long[] {0}, new long[] {1}, 1, true);
    }

    private static long[] pair(long[] v) { return v.length == 1 ? new long[] {v[0], v[0]} : v.clone(); }

    /** {@code Conv2d.from_float(mod)}: the weight quantized with {@code qconfig.weight()}, scale and zero point from the observer. */
    public static Conv2d fromFloat(Module mod) {
        dev.torch4j.nn.Conv2d f = floatConv(mod, "Conv2d");
        var q = new Conv2d(f.inChannels, f.outChannels, f.kernelSize, f.stride, f.padding, f.dilation, f.groups, f.bias != null);
        return init(q, mod, "Conv2d");
    }

    /** The float Conv2d inside {@code mod} (the module itself, or a fused module's first), zero-padded. */
    static dev.torch4j.nn.Conv2d floatConv(Module mod, String cls) {
        Module inner = mod instanceof dev.torch4j.ao.nn.intrinsic.ConvReLU2d f ? f.get(0) : mod;
        if (!(inner instanceof dev.torch4j.nn.Conv2d c)) {
            throw new IllegalArgumentException("nnq." + cls + ".from_float only works for Conv2d, but got: " + mod.className());
        }
        if (!"zeros".equals(c.paddingMode) || c.paddingString != null && !"valid".equals(c.paddingString)) {
            throw new UnsupportedOperationException("nnq." + cls + ": only zero padding with explicit sizes is supported, got padding_mode="
                    + c.paddingMode + (c.paddingString == null ? "" : ", padding=" + c.paddingString));
        }
        return c;
    }

    /** Fills {@code q} from the observed float module {@code mod}: quantized weight, float bias, output scale and zero point. */
    protected static <C extends Conv2d> C init(C q, Module mod, String cls) {
        dev.torch4j.nn.Conv2d f = floatConv(mod, cls);
        q.fromObserved(mod, f, f.weight, f.bias, cls);
        return q;
    }

    @Override
    protected long[] weightShape() { return new long[] {outChannels, inChannels / groups, kernelSize[0], kernelSize[1]}; }

    @Override
    public Tensor forward(Tensor x) {
        return QuantizedNn.conv2d(x, weight(), bias(), stride, padding, dilation, groups, scale, zeroPoint, relu());
    }

    @Override
    protected void saveToStateDict(Map<String, Tensor> destination, String prefix, boolean keepVars) {
        save(destination, prefix, "weight", "bias", "scale", "zero_point");
    }

    @Override
    public String className() { return "QuantizedConv2d"; }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder(inChannels + ", " + outChannels + ", kernel_size=" + Py.tuple(kernelSize) + ", stride="
                + Py.tuple(stride) + ", scale=" + Py.repr(scale) + ", zero_point=" + zeroPoint);
        if (padding[0] != 0 || padding[1] != 0) s.append(", padding=").append(Py.tuple(padding));
        if (dilation[0] != 1 || dilation[1] != 1) s.append(", dilation=").append(Py.tuple(dilation));
        if (groups != 1) s.append(", groups=").append(groups);
        return s.toString();
    }
}
