package dev.torch4j.ao.nn.quantized;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.intrinsic.FusedModule;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Py;
import dev.torch4j.ops.QuantizedNn;

import java.util.Arrays;
import java.util.Map;

/**
 * PyTorch's quantized {@code _ConvNd}: what the quantized {@link Conv1d}, {@link Conv2d} and {@link Conv3d} share: a
 * convolution of a quint8 input with a qint8 weight and a float bias, requantized to {@code scale} and
 * {@code zeroPoint} with QNNPACK's arithmetic ({@link QuantizedNn#conv}); zero padding only. Its state dict holds
 * {@code weight}, {@code bias}, {@code scale}, {@code zero_point}, as PyTorch's.
 */
public abstract class ConvNd extends WeightedQuantizedModule {
    /** The constructor arguments, as the float convolution's. */
    public final long inChannels, outChannels, groups;
    /** Kernel size, stride, padding, dilation: one value per spatial dimension each. */
    public final long[] kernelSize, stride, padding, dilation;

    /** Each array one value or one per spatial dimension; a zero qint8 weight (scale 1), zero bias, scale 1.0, zero point 0. */
    protected ConvNd(int dims, long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] dilation,
                     long groups, boolean bias) {
        if (inChannels % groups != 0) throw new IllegalArgumentException("in_channels must be divisible by groups");
        if (outChannels % groups != 0) throw new IllegalArgumentException("out_channels must be divisible by groups");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.kernelSize = expand(kernelSize, dims);
        this.stride = expand(stride, dims);
        this.padding = expand(padding, dims);
        this.dilation = expand(dilation, dims);
        setWeightBias(Torch.quantizePerTensor(Torch.zeros(weightShape()), 1.0, 0, DType.QINT8), bias ? Torch.zeros(outChannels) : null);
    }

    static long[] expand(long[] v, int dims) {
        if (v.length == dims) return v.clone();
        if (v.length != 1) throw new IllegalArgumentException("expected 1 or " + dims + " values, got " + Arrays.toString(v));
        long[] out = new long[dims];
        Arrays.fill(out, v[0]);
        return out;
    }

    /** The float convolution of type {@code type} inside {@code mod} (the module itself, or a fused module's first), zero-padded. */
    protected static <F extends dev.torch4j.nn.ConvNd> F floatConv(Module mod, Class<F> type, String cls) {
        Module inner = mod instanceof FusedModule f ? f.get(0) : mod;
        if (!type.isInstance(inner)) { // (a QAT conv is one)
            throw new IllegalArgumentException("nnq." + cls + ".from_float only works for " + type.getSimpleName() + ", but got: "
                    + mod.className());
        }
        F c = type.cast(inner);
        if (!"zeros".equals(c.paddingMode) || c.paddingString != null && !"valid".equals(c.paddingString)) {
            throw new UnsupportedOperationException("nnq." + cls + ": only zero padding with explicit sizes is supported, got padding_mode="
                    + c.paddingMode + (c.paddingString == null ? "" : ", padding=" + c.paddingString));
        }
        return c;
    }

    /** Fills {@code q} from the observed module {@code mod} around the float convolution {@code f}. */
    protected static <C extends ConvNd> C init(C q, Module mod, dev.torch4j.nn.ConvNd f, String cls) {
        if (f instanceof dev.torch4j.ao.nn.intrinsic.qat.QatConvBn cb) {
            // QAT's conv+bn: the statistics folded into the weight and bias first (a bias even where the conv had none)
            Tensor[] wb = cb.fusedWeightBias();
            q.fromObserved(mod, f, wb[0], wb[1], cls);
            return q;
        }
        q.fromObserved(mod, f, f.weight, f.bias, cls);
        return q;
    }

    /** A transposed convolution's {@code output_padding}; null here. */
    protected long[] outputPadding() { return null; }

    @Override
    protected long[] weightShape() {
        long[] s = new long[kernelSize.length + 2];
        s[0] = outChannels;
        s[1] = inChannels / groups;
        System.arraycopy(kernelSize, 0, s, 2, kernelSize.length);
        return s;
    }

    @Override
    public Tensor forward(Tensor x) {
        return QuantizedNn.conv(x, weight(), bias(), stride, padding, dilation, groups, scale, zeroPoint, relu());
    }

    @Override
    protected void saveToStateDict(Map<String, Tensor> destination, String prefix, boolean keepVars) {
        save(destination, prefix, "weight", "bias", "scale", "zero_point");
    }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder(inChannels + ", " + outChannels + ", kernel_size=" + Py.tuple(kernelSize) + ", stride="
                + Py.tuple(stride) + ", scale=" + Py.repr(scale) + ", zero_point=" + zeroPoint);
        if (Arrays.stream(padding).anyMatch(p -> p != 0)) s.append(", padding=").append(Py.tuple(padding));
        if (Arrays.stream(dilation).anyMatch(d -> d != 1)) s.append(", dilation=").append(Py.tuple(dilation));
        long[] op = outputPadding();
        if (op != null && Arrays.stream(op).anyMatch(d -> d != 0)) s.append(", output_padding=").append(Py.tuple(op));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias() == null) s.append(", bias=False");
        return s.toString();
    }
}
