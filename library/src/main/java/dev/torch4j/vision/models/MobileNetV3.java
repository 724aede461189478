package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.nn.AdaptiveAvgPool2d;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.Hardsigmoid;
import dev.torch4j.nn.Hardswish;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.ops.Conv2dNormActivation;
import dev.torch4j.vision.ops.SqueezeExcitation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * {@code torchvision.models.MobileNetV3} ({@link #mobilenetV3Large()}, {@link #mobilenetV3Small()}) without
 * pretrained weights: inverted residual blocks with squeeze-and-excitation and hard-swish, torchvision's module names
 * ({@code features.1.block.1.fc1.weight}, ...), repr and initialisation, so after {@code manualSeed} the weights equal
 * torchvision's and its state dicts load. With {@code dilated} (as the segmentation models build it) the last three
 * blocks dilate their depthwise convolutions by 2 instead of striding, for an output stride of 16.
 */
public class MobileNetV3 extends Module {
    /** The convolutional trunk. */
    public final Sequential features;
    /** The global average pool. */
    public final AdaptiveAvgPool2d avgpool = new AdaptiveAvgPool2d(1);
    /** Linear, hard-swish, dropout, linear; replace it to fine-tune for other classes. */
    public Sequential classifier;

    /** One block's configuration: {@code (input, kernel, expanded, out, use_se, use_hs, stride, dilation)} at width 1. */
    private record Bneck(long in, long kernel, long expanded, long out, boolean se, boolean hs, long stride, long dilation) {
        Bneck(long in, long kernel, long expanded, long out, boolean se, boolean hs, long stride) {
            this(in, kernel, expanded, out, se, hs, stride, 1);
        }
    }

    /** torchvision's {@code dilated=True}: the last three blocks (C4 and the two after it) get dilation 2. */
    private static Bneck[] dilate(Bneck[] setting, boolean dilated) {
        if (!dilated) return setting;
        Bneck[] out = setting.clone();
        for (int i = out.length - 3; i < out.length; i++) {
            Bneck b = out[i];
            out[i] = new Bneck(b.in(), b.kernel(), b.expanded(), b.out(), b.se(), b.hs(), b.stride(), 2);
        }
        return out;
    }

    private static final Bneck[] LARGE = {
        new Bneck(16, 3, 16, 16, false, false, 1), new Bneck(16, 3, 64, 24, false, false, 2),
        new Bneck(24, 3, 72, 24, false, false, 1), new Bneck(24, 5, 72, 40, true, false, 2),
        new Bneck(40, 5, 120, 40, true, false, 1), new Bneck(40, 5, 120, 40, true, false, 1),
        new Bneck(40, 3, 240, 80, false, true, 2), new Bneck(80, 3, 200, 80, false, true, 1),
        new Bneck(80, 3, 184, 80, false, true, 1), new Bneck(80, 3, 184, 80, false, true, 1),
        new Bneck(80, 3, 480, 112, true, true, 1), new Bneck(112, 3, 672, 112, true, true, 1),
        new Bneck(112, 5, 672, 160, true, true, 2), new Bneck(160, 5, 960, 160, true, true, 1),
        new Bneck(160, 5, 960, 160, true, true, 1)};
    private static final Bneck[] SMALL = {
        new Bneck(16, 3, 16, 16, true, false, 2), new Bneck(16, 3, 72, 24, false, false, 2),
        new Bneck(24, 3, 88, 24, false, false, 1), new Bneck(24, 5, 96, 40, true, true, 2),
        new Bneck(40, 5, 240, 40, true, true, 1), new Bneck(40, 5, 240, 40, true, true, 1),
        new Bneck(40, 5, 120, 48, true, true, 1), new Bneck(48, 5, 144, 48, true, true, 1),
        new Bneck(48, 5, 288, 96, true, true, 2), new Bneck(96, 5, 576, 96, true, true, 1),
        new Bneck(96, 5, 576, 96, true, true, 1)};

    /** torchvision's default norm layer here: batch norm with eps 0.001 and momentum 0.01. */
    private static final LongFunction<Module> DEFAULT_NORM = c -> new BatchNorm2d(c, 0.001, 0.01, true, true);

    /** {@code mobilenet_v3_large()}: 1000 classes. */
    public static MobileNetV3 mobilenetV3Large() { return new MobileNetV3(LARGE, 1280, 1000, 0.2, DEFAULT_NORM); }

    /** {@code mobilenet_v3_large(num_classes=n)}. */
    public static MobileNetV3 mobilenetV3Large(long numClasses) { return new MobileNetV3(LARGE, 1280, numClasses, 0.2, DEFAULT_NORM); }

    /**
     * {@code mobilenet_v3_large(weights=weights, norm_layer=normLayer)}: another norm layer, as detection backbones
     * pass ({@code nn.BatchNorm2d} with its own defaults, or {@code FrozenBatchNorm2d}); null weights build it untrained.
     */
    public static MobileNetV3 mobilenetV3Large(MobileNetV3LargeWeights weights, LongFunction<Module> normLayer) {
        MobileNetV3 m = new MobileNetV3(LARGE, 1280, weights == null ? 1000 : weights.numClasses(), 0.2, normLayer);
        return weights == null ? m : Weights.load(m, weights, sd -> sd);
    }

    /**
     * {@code mobilenetV3Large(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static MobileNetV3 mobilenetV3Large(MobileNetV3LargeWeights weights) { return mobilenetV3Large(weights, false); }

    /** {@code mobilenet_v3_large(weights=weights, dilated=dilated)}; null weights build it untrained. */
    public static MobileNetV3 mobilenetV3Large(MobileNetV3LargeWeights weights, boolean dilated) {
        MobileNetV3 model = new MobileNetV3(dilate(LARGE, dilated), 1280, weights == null ? 1000 : weights.numClasses(), 0.2, DEFAULT_NORM);
        return weights == null ? model : Weights.load(model, weights, sd -> sd);
    }

    /** {@code mobilenet_v3_small()}: 1000 classes. */
    public static MobileNetV3 mobilenetV3Small() { return new MobileNetV3(SMALL, 1024, 1000, 0.2, DEFAULT_NORM); }

    /** {@code mobilenet_v3_small(num_classes=n)}. */
    public static MobileNetV3 mobilenetV3Small(long numClasses) { return new MobileNetV3(SMALL, 1024, numClasses, 0.2, DEFAULT_NORM); }

    /**
     * {@code mobilenetV3Small(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static MobileNetV3 mobilenetV3Small(MobileNetV3SmallWeights weights) { return mobilenetV3Small(weights, false); }

    /** {@code mobilenet_v3_small(weights=weights, dilated=dilated)}; null weights build it untrained. */
    public static MobileNetV3 mobilenetV3Small(MobileNetV3SmallWeights weights, boolean dilated) {
        MobileNetV3 model = new MobileNetV3(dilate(SMALL, dilated), 1024, weights == null ? 1000 : weights.numClasses(), 0.2, DEFAULT_NORM);
        return weights == null ? model : Weights.load(model, weights, sd -> sd);
    }

    private MobileNetV3(Bneck[] setting, long lastChannel, long numClasses, double dropout, LongFunction<Module> norm) {
        List<Module> layers = new ArrayList<>();
        layers.add(convNormActivation(3, setting[0].in(), 3, 2, 1, Hardswish::new, norm));
        for (Bneck b : setting) layers.add(new InvertedResidual(b, norm));
        long lastIn = setting[setting.length - 1].out(), lastOut = 6 * lastIn;
        layers.add(convNormActivation(lastIn, lastOut, 1, 1, 1, Hardswish::new, norm));
        this.features = new Sequential(layers.toArray(Module[]::new));
        this.classifier = new Sequential(new Linear(lastOut, lastChannel), new Hardswish(true), new Dropout(dropout, true),
                new Linear(lastChannel, numClasses));
        MobileNetV2.initialise(this);
    }

    @Override
    public Tensor forward(Tensor x) { return classifier.call(avgpool.call(features.call(x)).flatten(1)); }

    /** torchvision's {@code Conv2dNormActivation} with the model's norm layer; no activation when null. */
    private static Conv2dNormActivation convNormActivation(long in, long out, long kernel, long stride, long groups,
                                                           Function<Boolean, Module> activation, LongFunction<Module> norm) {
        return convNormActivation(in, out, kernel, stride, groups, 1, activation, norm);
    }

    private static Conv2dNormActivation convNormActivation(long in, long out, long kernel, long stride, long groups, long dilation,
                                                           Function<Boolean, Module> activation, LongFunction<Module> norm) {
        return new Conv2dNormActivation(in, out, Conv2dNormActivation.options().kernelSize(kernel).stride(stride).groups(groups)
                .dilation(dilation).normLayer(norm).activationLayer(activation));
    }

    /** torchvision's MobileNetV3 {@code InvertedResidual}: expand, depthwise (+ squeeze-excitation), project. */
    public static final class InvertedResidual extends Module {
        /** The block's layers. */
        public final Sequential block;
        /** The block's output channels ({@code out_channels}). */
        public final long outChannels;
        /** Whether the block starts a stage (its configured stride is above 1, dilated or not): torchvision's {@code _is_cn}. */
        public final boolean isCn;
        private final boolean useResConnect;

        InvertedResidual(Bneck c, LongFunction<Module> norm) {
            this.useResConnect = c.stride() == 1 && c.in() == c.out();
            this.outChannels = c.out();
            this.isCn = c.stride() > 1;
            List<Module> layers = new ArrayList<>();
            if (c.expanded() != c.in()) layers.add(convNormActivation(c.in(), c.expanded(), 1, 1, 1, activation(c), norm));
            long stride = c.dilation() > 1 ? 1 : c.stride();
            layers.add(convNormActivation(c.expanded(), c.expanded(), c.kernel(), stride, c.expanded(), c.dilation(), activation(c), norm));
            if (c.se()) layers.add(new SqueezeExcitation(c.expanded(), MobileNetV2.makeDivisible(c.expanded() / 4, 8), ReLU::new, Hardsigmoid::new));
            layers.add(convNormActivation(c.expanded(), c.out(), 1, 1, 1, null, norm));
            this.block = new Sequential(layers.toArray(Module[]::new));
        }

        private static Function<Boolean, Module> activation(Bneck c) { return c.hs() ? Hardswish::new : ReLU::new; }

        @Override
        public Tensor forward(Tensor x) { return useResConnect ? block.call(x).add(x) : block.call(x); }
    }
}
