package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

import java.util.Arrays;
import java.util.List;

/**
 * The shared part of {@link Conv1d}, {@link Conv2d} and {@link Conv3d} ({@code nn.modules.conv._ConvNd}): the
 * hyper-parameters, the {@code [out, in/groups, *kernel]} weight and {@code [out]} bias, PyTorch's default
 * initialisation ({@code kaiming_uniform_(weight, a=sqrt(5))}, then the bias from U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in)), in that order from the default generator) and PyTorch's repr.
 */
public abstract class ConvNd extends Module {
    /**
     * Optional arguments of a convolution module, PyTorch's defaults unless set:
     * {@code Conv2d.options().stride(2).padding(1)}; one value applies to every spatial dim.
     */
    public record Options(long[] stride, long[] padding, String paddingString, long[] dilation, long groups, boolean bias,
            String paddingMode, TensorOptions tensorOptions) {
        /** {@code stride} (one value or one per spatial dim). */
        public Options stride(long... s) { return new Options(s, padding, paddingString, dilation, groups, bias, paddingMode, tensorOptions); }
        /** Explicit zero {@code padding} (one value or one per spatial dim). */
        public Options padding(long... p) { return new Options(stride, p, null, dilation, groups, bias, paddingMode, tensorOptions); }
        /** {@code padding="same"} or {@code "valid"}. */
        public Options padding(String p) { return new Options(stride, padding, p, dilation, groups, bias, paddingMode, tensorOptions); }
        /** {@code dilation}. */
        public Options dilation(long... d) { return new Options(stride, padding, paddingString, d, groups, bias, paddingMode, tensorOptions); }
        /** {@code groups}. */
        public Options groups(long g) { return new Options(stride, padding, paddingString, dilation, g, bias, paddingMode, tensorOptions); }
        /** {@code bias}. */
        public Options bias(boolean b) { return new Options(stride, padding, paddingString, dilation, groups, b, paddingMode, tensorOptions); }
        /** {@code padding_mode}: "zeros" (default), "reflect", "replicate" or "circular". */
        public Options paddingMode(String m) { return new Options(stride, padding, paddingString, dilation, groups, bias, m, tensorOptions); }
        /** {@code device=, dtype=} of the parameters. */
        public Options tensorOptions(TensorOptions o) { return new Options(stride, padding, paddingString, dilation, groups, bias, paddingMode, o); }
    }

    /** PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1, bias, zeros padding. */
    public static Options options() {
        return new Options(new long[] {1}, new long[] {0}, null, new long[] {1}, 1, true, "zeros", TensorOptions.DEFAULT);
    }

    /** The constructor arguments, each expanded to one value per spatial dim (in_channels 0 in a lazy conv until its first input). */
    public long inChannels;
    /** The {@code out_channels} and {@code groups} arguments. */
    public final long outChannels, groups;
    /** Kernel size, stride, explicit padding (zeros when {@link #paddingString} is set) and dilation per spatial dim. */
    public final long[] kernelSize, stride, padding, dilation;
    /** "same" or "valid", or null with explicit padding. */
    public final String paddingString;
    /** The padding mode ("zeros"). */
    public final String paddingMode;
    /** The {@code [out, in/groups, *kernel]} weight. */
    public Tensor weight;
    /** The {@code [out]} bias, or null without one. */
    public Tensor bias;

    ConvNd(int nd, long inChannels, long outChannels, long[] kernelSize, Options o) { this(nd, inChannels, outChannels, kernelSize, o, false); }

    /** With {@code lazy}, in_channels is unknown (0) and the parameters are placeholders until the first input. */
    ConvNd(int nd, long inChannels, long outChannels, long[] kernelSize, Options o, boolean lazy) {
        String name = getClass().getSimpleName();
        if (o.groups() <= 0) throw new IllegalArgumentException(name + ": groups must be a positive integer");
        if (!lazy && inChannels % o.groups() != 0) throw new IllegalArgumentException(name + ": in_channels must be divisible by groups");
        if (outChannels % o.groups() != 0) throw new IllegalArgumentException(name + ": out_channels must be divisible by groups");
        if (!List.of("zeros", "reflect", "replicate", "circular").contains(o.paddingMode())) {
            throw new IllegalArgumentException(name + ": padding_mode must be one of {'circular', 'reflect', 'replicate', 'zeros'}, "
                    + "but got padding_mode='" + o.paddingMode() + "'");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = o.groups();
        this.kernelSize = expand(name, "kernel_size", kernelSize, nd);
        this.stride = expand(name, "stride", o.stride(), nd);
        this.dilation = expand(name, "dilation", o.dilation(), nd);
        this.paddingString = o.paddingString();
        this.padding = paddingString == null ? expand(name, "padding", o.padding(), nd) : new long[nd];
        if (paddingString != null) {
            if (!paddingString.equals("same") && !paddingString.equals("valid")) {
                throw new IllegalArgumentException(name + ": Invalid padding string '" + paddingString + "', should be one of {'same', 'valid'}");
            }
            if (paddingString.equals("same") && Arrays.stream(stride).anyMatch(s -> s != 1)) {
                throw new IllegalArgumentException(name + ": padding='same' is not supported for strided convolutions");
            }
        }
        this.paddingMode = o.paddingMode();
        long[] wShape = new long[nd + 2];
        wShape[0] = outChannels;
        wShape[1] = inChannels / groups;
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

    /** {@code has_uninitialized_params()}: true for a lazy conv before its first input (or state dict). */
    public boolean hasUninitializedParams() {
        return UninitializedParameter.isUninitialized(weight) || UninitializedParameter.isUninitialized(bias);
    }

    /** A lazy conv's parameters given their shapes from in_channels; initialised for a forward pass, not for a load. */
    void materialize(long in, boolean initialize) {
        if (in % groups != 0) throw new IllegalArgumentException("in_channels must be divisible by groups");
        inChannels = in;
        int nd = kernelSize.length;
        long[] wShape = new long[nd + 2];
        wShape[0] = outChannels;
        wShape[1] = in / groups;
        System.arraycopy(kernelSize, 0, wShape, 2, nd);
        UninitializedParameter.materialize(weight, wShape);
        if (bias != null) UninitializedParameter.materialize(bias, outChannels);
        if (initialize) resetParameters();
    }

    /** PyTorch's {@code _get_in_channels}: the channels dim of a batched or unbatched input, with its error otherwise. */
    static long inputChannels(String className, int nd, Tensor input) {
        if (input.dim() != nd + 1 && input.dim() != nd + 2) {
            throw new IllegalArgumentException("Expected " + (nd + 1) + "D (unbatched) or " + (nd + 2) + "D (batched) input to "
                    + className + ", but got input of size: " + input.shape());
        }
        return input.dim() == nd + 1 ? input.size(0) : input.size(1);
    }

    /** The convolution with the module's weight and bias and the given zero padding (one per spatial dim) or padding string. */
    abstract Tensor conv(Tensor input, long[] padding, String paddingString);

    /**
     * The convolution; a non-zeros padding mode pads the input first with {@code F.pad} (PyTorch's
     * {@code _reversed_padding_repeated_twice}: "same" puts the odd extra on the right) and convolves unpadded.
     */
    @Override
    public Tensor forward(Tensor input) {
        if (hasUninitializedParams()) materialize(inputChannels(className(), kernelSize.length, input), true);
        if (paddingMode.equals("zeros")) return conv(input, padding, paddingString);
        int nd = kernelSize.length;
        long[] rp = new long[2 * nd];
        for (int i = 0; i < nd; i++) {
            long left = padding[i], right = padding[i];
            if ("same".equals(paddingString)) {
                long total = dilation[i] * (kernelSize[i] - 1);
                left = total / 2;
                right = total - left;
            }
            rp[2 * (nd - 1 - i)] = left;
            rp[2 * (nd - 1 - i) + 1] = right;
        }
        return conv(dev.torch4j.ops.Padding.pad(input, rp, paddingMode, 0), new long[nd], null);
    }

    /** Takes in_channels from a checkpoint's weight, as PyTorch's lazy load hook does (a no-op once materialized). */
    @Override
    protected void beforeLoadStateDict(java.util.Map<String, Tensor> stateDict, String prefix) {
        Tensor w = stateDict.get(prefix + "weight");
        if (hasUninitializedParams() && w != null && w.dim() == kernelSize.length + 2) materialize(w.size(1) * groups, false);
    }

    /** Re-draws the weight and bias with PyTorch's default initialisation. */
    public void resetParameters() {
        Init.linearDefaults_(weight, bias);
    }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder();
        s.append(inChannels).append(", ").append(outChannels).append(", kernel_size=").append(tuple(kernelSize))
                .append(", stride=").append(tuple(stride));
        if (paddingString != null) s.append(", padding=").append(paddingString);
        else if (Arrays.stream(padding).anyMatch(p -> p != 0)) s.append(", padding=").append(tuple(padding));
        if (Arrays.stream(dilation).anyMatch(d -> d != 1)) s.append(", dilation=").append(tuple(dilation));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=False");
        if (!paddingMode.equals("zeros")) s.append(", padding_mode=").append(paddingMode);
        return s.toString();
    }

    private static String tuple(long[] v) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) s.append(", ");
            s.append(v[i]);
        }
        return s.append(v.length == 1 ? ",)" : ")").toString();
    }

    static long[] expand(String name, String what, long[] v, int nd) {
        if (v.length == nd) return v.clone();
        if (v.length == 1) {
            long[] r = new long[nd];
            Arrays.fill(r, v[0]);
            return r;
        }
        throw new IllegalArgumentException(name + ": " + what + " must have 1 or " + nd + " values, got " + Arrays.toString(v));
    }
}
