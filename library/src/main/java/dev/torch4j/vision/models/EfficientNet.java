package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.nn.AdaptiveAvgPool2d;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.GroupNorm;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Sequential;
import dev.torch4j.nn.SiLU;
import dev.torch4j.nn.Sigmoid;
import dev.torch4j.vision.ops.Conv2dNormActivation;
import dev.torch4j.vision.ops.SqueezeExcitation;
import dev.torch4j.vision.ops.StochasticDepth;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * {@code torchvision.models.EfficientNet}: EfficientNet B0 to B7 ({@link #efficientnetB0()}, ...) of MBConv blocks
 * (expand, depthwise, squeeze-and-excitation, project) and EfficientNetV2 S, M and L ({@link #efficientnetV2S()}, ...)
 * whose first stages are FusedMBConv blocks (one full convolution in place of expand and depthwise), each with
 * stochastic depth on its residual branch. Module names ({@code features.1.0.block.2.fc1.weight}, ...), repr and
 * initialisation are torchvision's, so after {@code manualSeed} the weights equal torchvision's and its state dicts load.
 */
public class EfficientNet extends Module {
    /** The stem, the stages and the last 1x1 convolution. */
    public final Sequential features;
    /** The global average pool. */
    public final AdaptiveAvgPool2d avgpool = new AdaptiveAvgPool2d(1);
    /** Dropout, linear; replace it to fine-tune for other classes. */
    public Sequential classifier;

    /**
     * One stage, torchvision's {@code MBConvConfig} ({@code fused} false) or {@code FusedMBConvConfig} (true):
     * {@code numLayers} blocks, the first going from {@code inputChannels} to {@code outChannels} with {@code stride},
     * the rest from {@code outChannels} with stride 1; {@code expandRatio} widens each block's middle.
     */
    public record MBConvConfig(double expandRatio, long kernel, long stride, long inputChannels, long outChannels, int numLayers,
                               boolean fused) {
        /**
         * {@code MBConvConfig(expand_ratio, kernel, stride, input_channels, out_channels, num_layers, width_mult, depth_mult)}:
         * channels scaled by {@code widthMult} and rounded to a multiple of 8, layers scaled by {@code depthMult} and rounded up.
         */
        public static MBConvConfig mbConv(double expandRatio, long kernel, long stride, long inputChannels, long outChannels,
                                          int numLayers, double widthMult, double depthMult) {
            return new MBConvConfig(expandRatio, kernel, stride, adjustChannels(inputChannels, widthMult),
                    adjustChannels(outChannels, widthMult), (int) Math.ceil(numLayers * depthMult), false);
        }

        /** {@code MBConvConfig(...)} at width and depth 1. */
        public static MBConvConfig mbConv(double expandRatio, long kernel, long stride, long inputChannels, long outChannels, int numLayers) {
            return mbConv(expandRatio, kernel, stride, inputChannels, outChannels, numLayers, 1.0, 1.0);
        }

        /** {@code FusedMBConvConfig(expand_ratio, kernel, stride, input_channels, out_channels, num_layers)}. */
        public static MBConvConfig fusedMBConv(double expandRatio, long kernel, long stride, long inputChannels, long outChannels,
                                               int numLayers) {
            return new MBConvConfig(expandRatio, kernel, stride, inputChannels, outChannels, numLayers, true);
        }

        /** {@code adjust_channels}: {@code channels * widthMult} made divisible by 8. */
        static long adjustChannels(long channels, double widthMult) { return MobileNetV2.makeDivisible(channels * widthMult, 8); }

        MBConvConfig withInput(long in, long s) { return new MBConvConfig(expandRatio, kernel, s, in, outChannels, numLayers, fused); }
    }

    /** A factory's stages, dropout, last channels (0: four times the last stage's) and batch norm (package-private: the tests compare them). */
    record Variant(List<MBConvConfig> setting, double dropout, long lastChannel, double bnEps, double bnMomentum) {
        EfficientNet build(long numClasses) {
            return new EfficientNet(setting, dropout, 0.2, numClasses, c -> new BatchNorm2d(c, bnEps, bnMomentum, true, true), lastChannel);
        }
    }

    private static Variant v1(double width, double depth, double dropout, double eps, double momentum) {
        List<MBConvConfig> s = List.of(
                MBConvConfig.mbConv(1, 3, 1, 32, 16, 1, width, depth), MBConvConfig.mbConv(6, 3, 2, 16, 24, 2, width, depth),
                MBConvConfig.mbConv(6, 5, 2, 24, 40, 2, width, depth), MBConvConfig.mbConv(6, 3, 2, 40, 80, 3, width, depth),
                MBConvConfig.mbConv(6, 5, 1, 80, 112, 3, width, depth), MBConvConfig.mbConv(6, 5, 2, 112, 192, 4, width, depth),
                MBConvConfig.mbConv(6, 3, 1, 192, 320, 1, width, depth));
        return new Variant(s, dropout, 0, eps, momentum);
    }

    static final Variant B0 = v1(1.0, 1.0, 0.2, 1e-5, 0.1), B1 = v1(1.0, 1.1, 0.2, 1e-5, 0.1), B2 = v1(1.1, 1.2, 0.3, 1e-5, 0.1),
            B3 = v1(1.2, 1.4, 0.3, 1e-5, 0.1), B4 = v1(1.4, 1.8, 0.4, 1e-5, 0.1), B5 = v1(1.6, 2.2, 0.4, 0.001, 0.01),
            B6 = v1(1.8, 2.6, 0.5, 0.001, 0.01), B7 = v1(2.0, 3.1, 0.5, 0.001, 0.01);
    static final Variant V2_S = new Variant(List.of(
            MBConvConfig.fusedMBConv(1, 3, 1, 24, 24, 2), MBConvConfig.fusedMBConv(4, 3, 2, 24, 48, 4),
            MBConvConfig.fusedMBConv(4, 3, 2, 48, 64, 4), MBConvConfig.mbConv(4, 3, 2, 64, 128, 6),
            MBConvConfig.mbConv(6, 3, 1, 128, 160, 9), MBConvConfig.mbConv(6, 3, 2, 160, 256, 15)), 0.2, 1280, 1e-3, 0.1);
    static final Variant V2_M = new Variant(List.of(
            MBConvConfig.fusedMBConv(1, 3, 1, 24, 24, 3), MBConvConfig.fusedMBConv(4, 3, 2, 24, 48, 5),
            MBConvConfig.fusedMBConv(4, 3, 2, 48, 80, 5), MBConvConfig.mbConv(4, 3, 2, 80, 160, 7),
            MBConvConfig.mbConv(6, 3, 1, 160, 176, 14), MBConvConfig.mbConv(6, 3, 2, 176, 304, 18),
            MBConvConfig.mbConv(6, 3, 1, 304, 512, 5)), 0.3, 1280, 1e-3, 0.1);
    static final Variant V2_L = new Variant(List.of(
            MBConvConfig.fusedMBConv(1, 3, 1, 32, 32, 4), MBConvConfig.fusedMBConv(4, 3, 2, 32, 64, 7),
            MBConvConfig.fusedMBConv(4, 3, 2, 64, 96, 7), MBConvConfig.mbConv(4, 3, 2, 96, 192, 10),
            MBConvConfig.mbConv(6, 3, 1, 192, 224, 19), MBConvConfig.mbConv(6, 3, 2, 224, 384, 25),
            MBConvConfig.mbConv(6, 3, 1, 384, 640, 7)), 0.4, 1280, 1e-3, 0.1);

    private static <W extends Weights> EfficientNet build(Variant v, W weights) {
        return weights == null ? v.build(1000) : Weights.load(v.build(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code efficientnet_b0()}: width 1.0, depth 1.0, dropout 0.2, 1000 classes (5.3M parameters). */
    public static EfficientNet efficientnetB0() { return B0.build(1000); }

    /** {@code efficientnet_b0(num_classes=n)}. */
    public static EfficientNet efficientnetB0(long numClasses) { return B0.build(numClasses); }

    /** {@code efficientnet_b0(weights=weights)}: loaded from the hub cache (see {@link Weights#getStateDict}); null: untrained. */
    public static EfficientNet efficientnetB0(EfficientNetB0Weights weights) { return build(B0, weights); }

    /** {@code efficientnet_b1()}: width 1.0, depth 1.1, dropout 0.2. */
    public static EfficientNet efficientnetB1() { return B1.build(1000); }

    /** {@code efficientnet_b1(num_classes=n)}. */
    public static EfficientNet efficientnetB1(long numClasses) { return B1.build(numClasses); }

    /** {@code efficientnet_b1(weights=weights)}; null: untrained. */
    public static EfficientNet efficientnetB1(EfficientNetB1Weights weights) { return build(B1, weights); }

    /** {@code efficientnet_b2()}: width 1.1, depth 1.2, dropout 0.3. */
    public static EfficientNet efficientnetB2() { return B2.build(1000); }

    /** {@code efficientnet_b2(num_classes=n)}. */
    public static EfficientNet efficientnetB2(long numClasses) { return B2.build(numClasses); }

    /** {@code efficientnet_b2(weights=weights)}; null: untrained. */
    public static EfficientNet efficientnetB2(EfficientNetB2Weights weights) { return build(B2, weights); }

    /** {@code efficientnet_b3()}: width 1.2, depth 1.4, dropout 0.3. */
    public static EfficientNet efficientnetB3() { return B3.build(1000); }

    /** {@code efficientnet_b3(num_classes=n)}. */
    public static EfficientNet efficientnetB3(long numClasses) { return B3.build(numClasses); }

    /** {@code efficientnet_b3(weights=weights)}; null: untrained. */
    public static EfficientNet efficientnetB3(EfficientNetB3Weights weights) { return build(B3, weights); }

    /** {@code efficientnet_b4()}: width 1.4, depth 1.8, dropout 0.4. */
    public static EfficientNet efficientnetB4() { return B4.build(1000); }

    /** {@code efficientnet_b4(num_classes=n)}. */
    public static EfficientNet efficientnetB4(long numClasses) { return B4.build(numClasses); }

    /** {@code efficientnet_b4(weights=weights)}; null: untrained. */
    public static EfficientNet efficientnetB4(EfficientNetB4Weights weights) { return build(B4, weights); }

    /** {@code efficientnet_b5()}: width 1.6, depth 2.2, dropout 0.4, batch norm eps 0.001 and momentum 0.01. */
    public static EfficientNet efficientnetB5() { return B5.build(1000); }

    /** {@code efficientnet_b5(num_classes=n)}. */
    public static EfficientNet efficientnetB5(long numClasses) { return B5.build(numClasses); }

    /** {@code efficientnet_b5(weights=weights)}; null: untrained. */
    public static EfficientNet efficientnetB5(EfficientNetB5Weights weights) { return build(B5, weights); }

    /** {@code efficientnet_b6()}: width 1.8, depth 2.6, dropout 0.5, batch norm eps 0.001 and momentum 0.01. */
    public static EfficientNet efficientnetB6() { return B6.build(1000); }

    /** {@code efficientnet_b6(num_classes=n)}. */
    public static EfficientNet efficientnetB6(long numClasses) { return B6.build(numClasses); }

    /** {@code efficientnet_b6(weights=weights)}; null: untrained. */
    public static EfficientNet efficientnetB6(EfficientNetB6Weights weights) { return build(B6, weights); }

    /** {@code efficientnet_b7()}: width 2.0, depth 3.1, dropout 0.5, batch norm eps 0.001 and momentum 0.01. */
    public static EfficientNet efficientnetB7() { return B7.build(1000); }

    /** {@code efficientnet_b7(num_classes=n)}. */
    public static EfficientNet efficientnetB7(long numClasses) { return B7.build(numClasses); }

    /** {@code efficientnet_b7(weights=weights)}; null: untrained. */
    public static EfficientNet efficientnetB7(EfficientNetB7Weights weights) { return build(B7, weights); }

    /** {@code efficientnet_v2_s()}: three fused and three MBConv stages, 1280 last channels, dropout 0.2, batch norm eps 0.001. */
    public static EfficientNet efficientnetV2S() { return V2_S.build(1000); }

    /** {@code efficientnet_v2_s(num_classes=n)}. */
    public static EfficientNet efficientnetV2S(long numClasses) { return V2_S.build(numClasses); }

    /** {@code efficientnet_v2_s(weights=weights)}; null: untrained. */
    public static EfficientNet efficientnetV2S(EfficientNetV2SWeights weights) { return build(V2_S, weights); }

    /** {@code efficientnet_v2_m()}: three fused and four MBConv stages, dropout 0.3. */
    public static EfficientNet efficientnetV2M() { return V2_M.build(1000); }

    /** {@code efficientnet_v2_m(num_classes=n)}. */
    public static EfficientNet efficientnetV2M(long numClasses) { return V2_M.build(numClasses); }

    /** {@code efficientnet_v2_m(weights=weights)}; null: untrained. */
    public static EfficientNet efficientnetV2M(EfficientNetV2MWeights weights) { return build(V2_M, weights); }

    /** {@code efficientnet_v2_l()}: three fused and four MBConv stages, dropout 0.4. */
    public static EfficientNet efficientnetV2L() { return V2_L.build(1000); }

    /** {@code efficientnet_v2_l(num_classes=n)}. */
    public static EfficientNet efficientnetV2L(long numClasses) { return V2_L.build(numClasses); }

    /** {@code efficientnet_v2_l(weights=weights)}; null: untrained. */
    public static EfficientNet efficientnetV2L(EfficientNetV2LWeights weights) { return build(V2_L, weights); }

    /** {@code EfficientNet(inverted_residual_setting, dropout, stochastic_depth_prob=0.2, num_classes=1000)}: batch norm. */
    public EfficientNet(List<MBConvConfig> setting, double dropout) {
        this(setting, dropout, 0.2, 1000, BatchNorm2d::new, 0);
    }

    /**
     * {@code EfficientNet(inverted_residual_setting, dropout, stochastic_depth_prob, num_classes, norm_layer, last_channel)}:
     * block {@code i} of {@code n} drops its residual branch with probability {@code stochasticDepthProb * i / n};
     * {@code lastChannel} 0 (torchvision's None) makes the last convolution four times as wide as the last stage.
     */
    public EfficientNet(List<MBConvConfig> setting, double dropout, double stochasticDepthProb, long numClasses,
                        LongFunction<Module> normLayer, long lastChannel) {
        if (setting.isEmpty()) throw new IllegalArgumentException("The inverted_residual_setting should not be empty");
        List<Module> layers = new ArrayList<>();
        layers.add(convNormActivation(3, setting.getFirst().inputChannels(), 3, 2, 1, normLayer, true));
        int total = 0;
        for (MBConvConfig c : setting) total += c.numLayers();
        int blockId = 0;
        for (MBConvConfig c : setting) {
            List<Module> stage = new ArrayList<>();
            for (int i = 0; i < c.numLayers(); i++) {
                MBConvConfig b = i == 0 ? c : c.withInput(c.outChannels(), 1);
                double p = stochasticDepthProb * blockId / total;
                stage.add(b.fused() ? new FusedMBConv(b, p, normLayer) : new MBConv(b, p, normLayer));
                blockId++;
            }
            layers.add(new Sequential(stage.toArray(Module[]::new)));
        }
        long lastIn = setting.getLast().outChannels(), lastOut = lastChannel > 0 ? lastChannel : 4 * lastIn;
        layers.add(convNormActivation(lastIn, lastOut, 1, 1, 1, normLayer, true));
        this.features = new Sequential(layers.toArray(Module[]::new));
        this.classifier = new Sequential(new Dropout(dropout, true), new Linear(lastOut, numClasses));
        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight, 0, "fan_out", "leaky_relu", null);
                if (c.bias != null) Init.zeros_(c.bias);
            } else if (m instanceof BatchNorm2d b) {
                Init.ones_(b.weight);
                Init.zeros_(b.bias);
            } else if (m instanceof GroupNorm g) {
                Init.ones_(g.weight);
                Init.zeros_(g.bias);
            } else if (m instanceof Linear l) {
                double range = 1.0 / Math.sqrt(l.outFeatures);
                Init.uniform_(l.weight, -range, range);
                Init.zeros_(l.bias);
            }
        }
    }

    @Override
    public Tensor forward(Tensor x) { return classifier.call(avgpool.call(features.call(x)).flatten(1)); }

    private static Conv2dNormActivation convNormActivation(long in, long out, long kernel, long stride, long groups,
                                                           LongFunction<Module> norm, boolean silu) {
        return new Conv2dNormActivation(in, out, Conv2dNormActivation.options().kernelSize(kernel).stride(stride).groups(groups)
                .normLayer(norm).activationLayer(silu ? SiLU::new : null));
    }

    private static void checkStride(MBConvConfig c) {
        if (c.stride() < 1 || c.stride() > 2) throw new IllegalArgumentException("illegal stride value");
    }

    /** What MBConv and FusedMBConv share: the block's layers, plus the input (after stochastic depth) when the shape is kept. */
    public abstract static class ResidualBlock extends Module {
        /** The block's layers. */
        public final Sequential block;
        /** Drops the residual branch per sample in training (only used with the residual connection). */
        public final StochasticDepth stochastic_depth;
        /** The block's output channels. */
        public final long outChannels;
        private final boolean useResConnect;

        ResidualBlock(Sequential block, MBConvConfig c, double stochasticDepthProb) {
            this.block = block;
            this.stochastic_depth = new StochasticDepth(stochasticDepthProb, "row");
            this.outChannels = c.outChannels();
            this.useResConnect = c.stride() == 1 && c.inputChannels() == c.outChannels();
        }

        @Override
        public Tensor forward(Tensor input) {
            Tensor result = block.call(input);
            return useResConnect ? stochastic_depth.call(result).add(input) : result;
        }
    }

    /** torchvision's {@code MBConv}: 1x1 expand (when the ratio widens), depthwise, squeeze-and-excitation, 1x1 project. */
    public static final class MBConv extends ResidualBlock {
        /** {@code MBConv(cnf, stochastic_depth_prob, norm_layer)}. */
        public MBConv(MBConvConfig c, double stochasticDepthProb, LongFunction<Module> norm) { super(layers(c, norm), c, stochasticDepthProb); }

        private static Sequential layers(MBConvConfig c, LongFunction<Module> norm) {
            checkStride(c);
            List<Module> layers = new ArrayList<>();
            long expanded = MBConvConfig.adjustChannels(c.inputChannels(), c.expandRatio());
            if (expanded != c.inputChannels()) layers.add(convNormActivation(c.inputChannels(), expanded, 1, 1, 1, norm, true));
            layers.add(convNormActivation(expanded, expanded, c.kernel(), c.stride(), expanded, norm, true));
            layers.add(new SqueezeExcitation(expanded, Math.max(1, c.inputChannels() / 4), () -> new SiLU(true), Sigmoid::new));
            layers.add(convNormActivation(expanded, c.outChannels(), 1, 1, 1, norm, false));
            return new Sequential(layers.toArray(Module[]::new));
        }
    }

    /** torchvision's {@code FusedMBConv}: one full convolution (expanding when the ratio widens), then a 1x1 project. */
    public static final class FusedMBConv extends ResidualBlock {
        /** {@code FusedMBConv(cnf, stochastic_depth_prob, norm_layer)}. */
        public FusedMBConv(MBConvConfig c, double stochasticDepthProb, LongFunction<Module> norm) {
            super(layers(c, norm), c, stochasticDepthProb);
        }

        private static Sequential layers(MBConvConfig c, LongFunction<Module> norm) {
            checkStride(c);
            long expanded = MBConvConfig.adjustChannels(c.inputChannels(), c.expandRatio());
            return expanded != c.inputChannels()
                    ? new Sequential(convNormActivation(c.inputChannels(), expanded, c.kernel(), c.stride(), 1, norm, true),
                            convNormActivation(expanded, c.outChannels(), 1, 1, 1, norm, false))
                    : new Sequential(convNormActivation(c.inputChannels(), c.outChannels(), c.kernel(), c.stride(), 1, norm, true));
        }
    }
}
