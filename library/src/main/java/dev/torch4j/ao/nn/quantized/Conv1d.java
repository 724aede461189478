package dev.torch4j.ao.nn.quantized;

import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.nn.quantized.Conv1d} (printed {@code QuantizedConv1d}): a 1-d convolution of a quint8
 * {@code (N, C, L)} input, computed as PyTorch does, as a 2-d one of height 1 ({@link ConvNd}).
 */
public class Conv1d extends ConvNd {
    /** {@code Conv1d(in, out, kernel_size, stride, padding, dilation, groups, bias)}: one value each. */
    public Conv1d(long inChannels, long outChannels, long kernelSize, long stride, long padding, long dilation, long groups, boolean bias) {
        super(1, inChannels, outChannels, new long[] {kernelSize}, new long[] {stride}, new long[] {padding}, new long[] {dilation}, groups,
                bias);
    }

    /** {@code Conv1d(in, out, kernel_size)} with stride 1, no padding. */
    public Conv1d(long inChannels, long outChannels, long kernelSize) { this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true); }

    /** {@code Conv1d.from_float(mod)}. */
    public static Conv1d fromFloat(Module mod) {
        var f = floatConv(mod, dev.torch4j.nn.Conv1d.class, "Conv1d");
        return init(new Conv1d(f.inChannels, f.outChannels, f.kernelSize[0], f.stride[0], f.padding[0], f.dilation[0], f.groups,
                f.bias != null), mod, f, "Conv1d");
    }

    @Override
    public String className() { return "QuantizedConv1d"; }
}
