package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

import java.util.Arrays;

/**
 * The shared part of {@link ConvTranspose1d}, {@link ConvTranspose2d} and {@link ConvTranspose3d}
 * ({@code nn.modules.conv._ConvTransposeNd}):
 * the hyper-parameters, the {@code [in, out/groups, *kernel]} weight (the transpose of the matching convolution's),
 * the {@code [out]} bias, PyTorch's initialisation (as {@link ConvNd}'s, with fan_in = out/groups * kernel
 * elements), PyTorch's repr, and {@code forward(input, output_size)}, which picks the output padding that gives
 * the requested size (a strided convolution maps several input sizes to one output size, so its transpose needs
 * telling which).
 */
public abstract class ConvTransposeNd extends Module {
    /**
     * Optional arguments of a transposed convolution module, PyTorch's defaults unless set:
     * {@code ConvTranspose2d.options().stride(2).padding(1).outputPadding(1)}; one value applies to every spatial dim.
     */
    public record Options(long[] stride, long[] padding, long[] outputPadding, long groups, boolean bias, long[] dilation,
            String paddingMode, TensorOptions tensorOptions) {
        /** {@code stride} (one value or one per spatial dim). */
        public Options stride(long... s) { return new Options(s, padding, outputPadding, groups, bias, dilation, paddingMode, tensorOptions); }
        /** {@code padding}: {@code dilation * (kernel - 1) - padding} zeros are added to each side of the input. */
        public Options padding(long... p) { return new Options(stride, p, outputPadding, groups, bias, dilation, paddingMode, tensorOptions); }
        /** {@code output_padding}: extra size on one side of the output (smaller than stride or dilation). */
        public Options outputPadding(long... p) { return new Options(stride, padding, p, groups, bias, dilation, paddingMode, tensorOptions); }
        /** {@code groups}. */
        public Options groups(long g) { return new Options(stride, padding, outputPadding, g, bias, dilation, paddingMode, tensorOptions); }
        /** {@code bias}. */
        public Options bias(boolean b) { return new Options(stride, padding, outputPadding, groups, b, dilation, paddingMode, tensorOptions); }
        /** {@code dilation}. */
        public Options dilation(long... d) { return new Options(stride, padding, outputPadding, groups, bias, d, paddingMode, tensorOptions); }
        /** {@code padding_mode}: only "zeros" is supported, as in PyTorch. */
        public Options paddingMode(String m) { return new Options(stride, padding, outputPadding, groups, bias, dilation, m, tensorOptions); }
        /** {@code device=, dtype=} of the parameters. */
        public Options tensorOptions(TensorOptions o) { return new Options(stride, padding, outputPadding, groups, bias, dilation, paddingMode, o); }
    }

    /** PyTorch's defaults: stride 1, padding 0, output padding 0, groups 1, bias, dilation 1, zeros padding. */
    public static Options options() {
        return new Options(new long[] {1}, new long[] {0}, new long[] {0}, 1, true, new long[] {1}, "zeros", TensorOptions.DEFAULT);
    }

    /** The constructor arguments, each size expanded to one value per spatial dim (in_channels 0 in a lazy one until its first input). */
    public long inChannels;
    /** The {@code out_channels} and {@code groups} arguments. */
    public final long outChannels, groups;
    /** Kernel size, stride, padding, output padding and dilation per spatial dim. */
    public final long[] kernelSize, stride, padding, outputPadding, dilation;
    /** The padding mode ("zeros"). */
    public final String paddingMode;
    /** The {@code [in, out/groups, *kernel]} weight. */
    public Tensor weight;
    /** The {@code [out]} bias, or null without one. */
    public Tensor bias;

    ConvTransposeNd(int nd, long inChannels, long outChannels, long[] kernelSize, Options o) {
        this(nd, inChannels, outChannels, kernelSize, o, false);
    }

    /** With {@code lazy}, in_channels is unknown (0) and the parameters are placeholders until the first input. */
    ConvTransposeNd(int nd, long inChannels, long outChannels, long[] kernelSize, Options o, boolean lazy) {
        String name = getClass().getSimpleName();
        if (!o.paddingMode().equals("zeros")) {
            throw new IllegalArgumentException("Only \"zeros\" padding mode is supported for " + name);
        }
        if (o.groups() <= 0) throw new IllegalArgumentException(name + ": groups must be a positive integer");
        if (!lazy && inChannels % o.groups() != 0) throw new IllegalArgumentException(name + ": in_channels must be divisible by groups");
        if (outChannels % o.groups() != 0) throw new IllegalArgumentException(name + ": out_channels must be divisible by groups");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = o.groups();
        this.kernelSize = ConvNd.expand(name, "kernel_size", kernelSize, nd);
        this.stride = ConvNd.expand(name, "stride", o.stride(), nd);
        this.padding = ConvNd.expand(name, "padding", o.padding(), nd);
        this.outputPadding = ConvNd.expand(name, "output_padding", o.outputPadding(), nd);
        this.dilation = ConvNd.expand(name, "dilation", o.dilation(), nd);
        this.paddingMode = o.paddingMode();
        long[] wShape = new long[nd + 2];
        wShape[0] = inChannels;
        wShape[1] = outChannels / groups;
        System.arraycopy(this.kernelSize, 0, wShape, 2, nd);
        TensorOptions to = o.tensorOptions().requiresGrad(false);
        if (lazy) {
            this.weight = UninitializedParameter.of(to);
            this.bias = o.bias() ? UninitializedParameter.of(to) : null;
            return;
        }
        this.weight = Parameter.of(Torch.empty(Torch.shape(wShape), to));
        this.bias = o.bias() ? Parameter.of(Torch.empty(Torch.shape(outChannels), to)) : null;
        resetParameters();
    }

    /** {@code has_uninitialized_params()}: true for a lazy module before its first input (or state dict). */
    public boolean hasUninitializedParams() {
        return UninitializedParameter.isUninitialized(weight) || UninitializedParameter.isUninitialized(bias);
    }

    /** A lazy module's {@code [in, out/groups, *kernel]} weight and bias; initialised for a forward pass, not for a load. */
    void materialize(long in, boolean initialize) {
        if (in % groups != 0) throw new IllegalArgumentException("in_channels must be divisible by groups");
        inChannels = in;
        long[] wShape = new long[kernelSize.length + 2];
        wShape[0] = in;
        wShape[1] = outChannels / groups;
        System.arraycopy(kernelSize, 0, wShape, 2, kernelSize.length);
        UninitializedParameter.materialize(weight, wShape);
        if (bias != null) UninitializedParameter.materialize(bias, outChannels);
        if (initialize) resetParameters();
    }

    /** Takes in_channels from a checkpoint's weight (its dim 0), as PyTorch's lazy load hook does. */
    @Override
    protected void beforeLoadStateDict(java.util.Map<String, Tensor> stateDict, String prefix) {
        Tensor w = stateDict.get(prefix + "weight");
        if (hasUninitializedParams() && w != null && w.dim() == kernelSize.length + 2) materialize(w.size(0), false);
    }

    private void materializeIfLazy(Tensor input) {
        if (hasUninitializedParams()) materialize(ConvNd.inputChannels(className(), kernelSize.length, input), true);
    }

    /** The transposed convolution with the module's parameters and the given output padding (one per spatial dim). */
    abstract Tensor convTranspose(Tensor input, long[] outputPadding);

    /** The transposed convolution with the module's {@code output_padding}. */
    @Override
    public Tensor forward(Tensor input) {
        materializeIfLazy(input);
        return convTranspose(input, outputPadding);
    }

    /**
     * {@code forward(input, output_size)}: {@code outputSize} holds the spatial sizes (or also the leading batch
     * and channel sizes, which are ignored), each within {@code [min, min + stride - 1]} where min is the size
     * without output padding; null means the module's {@code output_padding}.
     */
    public Tensor forward(Tensor input, long[] outputSize) {
        materializeIfLazy(input);
        return convTranspose(input, outputSize == null ? outputPadding : outputPaddingFor(input, outputSize));
    }

    /** PyTorch's {@code _output_padding}: the output padding that makes the output {@code outputSize}. */
    private long[] outputPaddingFor(Tensor input, long[] outputSize) {
        int nd = kernelSize.length;
        int nonSpatial = input.dim() == nd + 2 ? 2 : 1;
        long[] size = outputSize.length == nonSpatial + nd ? Arrays.copyOfRange(outputSize, nonSpatial, outputSize.length) : outputSize;
        if (size.length != nd) {
            throw new IllegalArgumentException("ConvTranspose" + nd + "D: for " + input.dim() + "D input, output_size must have " + nd
                    + " or " + (nonSpatial + nd) + " elements (got " + size.length + ")");
        }
        long[] min = new long[nd], max = new long[nd], r = new long[nd];
        for (int d = 0; d < nd; d++) {
            min[d] = (input.size(d + nonSpatial) - 1) * stride[d] - 2 * padding[d] + dilation[d] * (kernelSize[d] - 1) + 1;
            max[d] = min[d] + stride[d] - 1;
        }
        for (int d = 0; d < nd; d++) {
            if (size[d] < min[d] || size[d] > max[d]) {
                throw new IllegalArgumentException("requested an output size of " + Arrays.toString(size) + ", but valid sizes range from "
                        + Arrays.toString(min) + " to " + Arrays.toString(max) + " (for an input of torch.Size("
                        + Arrays.toString(Arrays.copyOfRange(input.shapeArray(), 2, input.dim())) + "))");
            }
            r[d] = size[d] - min[d];
        }
        return r;
    }

    /** Re-draws the weight and bias with PyTorch's default initialisation. */
    public void resetParameters() {
        Init.linearDefaults_(weight, bias);
    }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder();
        s.append(inChannels).append(", ").append(outChannels).append(", kernel_size=").append(Py.tuple(kernelSize))
                .append(", stride=").append(Py.tuple(stride));
        if (Arrays.stream(padding).anyMatch(p -> p != 0)) s.append(", padding=").append(Py.tuple(padding));
        if (Arrays.stream(dilation).anyMatch(d -> d != 1)) s.append(", dilation=").append(Py.tuple(dilation));
        if (Arrays.stream(outputPadding).anyMatch(p -> p != 0)) s.append(", output_padding=").append(Py.tuple(outputPadding));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=False");
        return s.toString();
    }
}
