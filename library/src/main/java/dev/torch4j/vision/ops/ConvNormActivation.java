package dev.torch4j.vision.ops;

import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Conv3d;
import dev.torch4j.nn.ConvNd;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * torchvision's {@code ConvNormActivation}: a convolution, a norm layer and an activation in a Sequential (keys
 * {@code 0.weight}, {@code 1.running_mean}, ...), the base of {@link Conv2dNormActivation} and {@link Conv3dNormActivation}.
 */
public abstract class ConvNormActivation extends Sequential {
    /** The convolution's output channels. */
    public final long outChannels;

    /**
     * The keyword arguments: {@code kernel_size} (3), {@code stride} (1), {@code padding} (null: {@code (k - 1) / 2 *
     * dilation}), {@code groups} (1), {@code norm_layer} (BatchNorm of the dimension; null for none),
     * {@code activation_layer} (ReLU; null for none; given {@code inplace}, null when not passed), {@code dilation}
     * (1), {@code inplace} (true), {@code bias} (null: a bias only without a norm layer).
     */
    public record Options(long[] kernelSize, long[] stride, long[] padding, long groups, LongFunction<Module> normLayer,
                          Function<Boolean, Module> activationLayer, long[] dilation, Boolean inplace, Boolean bias) {
        /** {@code kernel_size}. */
        public Options kernelSize(long... v) { return new Options(v, stride, padding, groups, normLayer, activationLayer, dilation, inplace, bias); }

        /** {@code stride}. */
        public Options stride(long... v) { return new Options(kernelSize, v, padding, groups, normLayer, activationLayer, dilation, inplace, bias); }

        /** {@code padding}; null for the default. */
        public Options padding(long... v) { return new Options(kernelSize, stride, v, groups, normLayer, activationLayer, dilation, inplace, bias); }

        /** {@code groups}. */
        public Options groups(long v) { return new Options(kernelSize, stride, padding, v, normLayer, activationLayer, dilation, inplace, bias); }

        /** {@code norm_layer}: built from the output channels; null for none. */
        public Options normLayer(LongFunction<Module> v) {
            return new Options(kernelSize, stride, padding, groups, v, activationLayer, dilation, inplace, bias);
        }

        /** {@code activation_layer}: built from {@code inplace} (null when not passed); null for none. */
        public Options activationLayer(Function<Boolean, Module> v) {
            return new Options(kernelSize, stride, padding, groups, normLayer, v, dilation, inplace, bias);
        }

        /** {@code dilation}. */
        public Options dilation(long... v) { return new Options(kernelSize, stride, padding, groups, normLayer, activationLayer, v, inplace, bias); }

        /** {@code inplace}; null to not pass it to the activation. */
        public Options inplace(Boolean v) { return new Options(kernelSize, stride, padding, groups, normLayer, activationLayer, dilation, v, bias); }

        /** {@code bias}; null for the default. */
        public Options bias(Boolean v) { return new Options(kernelSize, stride, padding, groups, normLayer, activationLayer, dilation, inplace, v); }
    }

    /** ReLU, given {@code inplace} when it was passed. */
    static Module relu(Boolean inplace) { return inplace == null ? new ReLU() : new ReLU(inplace); }

    static Options defaults(LongFunction<Module> norm) {
        return new Options(new long[] {3}, new long[] {1}, null, 1, norm, ConvNormActivation::relu, new long[] {1}, true, null);
    }

    ConvNormActivation(int nd, long in, long out, Options o) {
        super(layers(nd, in, out, o));
        this.outChannels = out;
    }

    private static long[] spread(long[] v, int nd) {
        if (v.length == nd) return v.clone();
        long[] r = new long[nd];
        java.util.Arrays.fill(r, v[0]);
        return r;
    }

    private static Module[] layers(int nd, long in, long out, Options o) {
        long[] k = spread(o.kernelSize(), nd), d = spread(o.dilation(), nd), pad = o.padding();
        if (pad == null) {
            pad = new long[nd];
            for (int i = 0; i < nd; i++) pad[i] = (k[i] - 1) / 2 * d[i];
        }
        boolean bias = o.bias() != null ? o.bias() : o.normLayer() == null;
        ConvNd.Options co = Conv2d.options().stride(spread(o.stride(), nd)).padding(spread(pad, nd)).dilation(d).groups(o.groups()).bias(bias);
        List<Module> layers = new ArrayList<>();
        layers.add(nd == 2 ? new Conv2d(in, out, k, co) : new Conv3d(in, out, k, co));
        if (o.normLayer() != null) layers.add(o.normLayer().apply(out));
        if (o.activationLayer() != null) layers.add(o.activationLayer().apply(o.inplace()));
        return layers.toArray(Module[]::new);
    }
}
