package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.nn.AdaptiveAvgPool2d;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;
import dev.torch4j.nn.Sigmoid;
import dev.torch4j.vision.ops.Conv2dNormActivation;
import dev.torch4j.vision.ops.SqueezeExcitation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * {@code torchvision.models.RegNet}: the RegNetY ({@link #regnetY_400mf()} to {@link #regnetY_128gf()}, with
 * squeeze-and-excitation) and RegNetX ({@link #regnetX_400mf()} to {@link #regnetX_32gf()}) models, whose stages
 * {@link BlockParams#fromInitParams} derives from a few design-space parameters as torchvision does. Module names
 * ({@code trunk_output.block1.block1-0.f.b.0.weight}, ...), repr and initialisation are torchvision's, so after
 * {@code manualSeed} the weights equal torchvision's and its state dicts load. The stem and the block are always
 * torchvision's defaults ({@code SimpleStemIN}, {@code ResBottleneckBlock}).
 */
public class RegNet extends Module {
    /** The 3x3 stride-2 stem. */
    public final SimpleStemIN stem;
    /** The stages {@code block1}, {@code block2}, ... */
    public final Sequential trunk_output;
    /** The global average pool. */
    public final AdaptiveAvgPool2d avgpool = new AdaptiveAvgPool2d(1, 1);
    /** The classifier; replace it to fine-tune for other classes. */
    public Linear fc;

    /**
     * torchvision's {@code BlockParams}: per stage its depth, output width, group width, bottleneck multiplier and
     * stride, and the squeeze-and-excitation ratio of every block (null: none).
     */
    public record BlockParams(List<Integer> depths, List<Long> widths, List<Long> groupWidths, List<Double> bottleneckMultipliers,
                              List<Long> strides, Double seRatio) {
        /**
         * {@code BlockParams.from_init_params(depth, w_0, w_a, w_m, group_width, bottleneck_multiplier, se_ratio)}: block
         * {@code i}'s width {@code w_0 + i * w_a} quantised in log base {@code w_m} to {@code w_0 * w_m^k} and to a
         * multiple of 8; blocks of one width form a stage (stride 2). Computed in float32, as torchvision's tensors do.
         */
        public static BlockParams fromInitParams(int depth, long w0, double wA, double wM, long groupWidth, double bottleneckMultiplier,
                                                 Double seRatio) {
            if (wA < 0 || w0 <= 0 || wM <= 1 || w0 % 8 != 0) throw new IllegalArgumentException("Invalid RegNet settings");
            long[] blockWidths = new long[depth];
            float logWm = (float) Math.log(wM), fw0 = w0;
            for (int i = 0; i < depth; i++) {
                float cont = (float) i * (float) wA + fw0;
                float capacity = (float) Math.rint((float) Math.log(cont / fw0) / logWm);
                float w = fw0 * (float) Math.pow((float) wM, capacity);
                blockWidths[i] = (long) ((float) Math.rint(w / 8f) * 8f);
            }
            // a stage starts wherever the width changes
            List<Long> widths = new ArrayList<>();
            List<Integer> depths = new ArrayList<>();
            for (int i = 0; i < depth; i++) {
                if (i == 0 || blockWidths[i] != blockWidths[i - 1]) {
                    widths.add(blockWidths[i]);
                    depths.add(1);
                } else {
                    depths.set(depths.size() - 1, depths.getLast() + 1);
                }
            }
            int numStages = widths.size(); // w_a >= 0: the widths never decrease, so each appears in one stage
            List<Long> groups = new ArrayList<>(), strides = new ArrayList<>();
            List<Double> multipliers = new ArrayList<>();
            for (int s = 0; s < numStages; s++) {
                // _adjust_widths_groups_compatibilty: the bottleneck width made a multiple of the group width
                long wBot = (long) (widths.get(s) * bottleneckMultiplier);
                long g = Math.min(groupWidth, wBot);
                widths.set(s, (long) (MobileNetV2.makeDivisible(wBot, (int) g) / bottleneckMultiplier));
                groups.add(g);
                strides.add(2L);
                multipliers.add(bottleneckMultiplier);
            }
            return new BlockParams(List.copyOf(depths), List.copyOf(widths), List.copyOf(groups), List.copyOf(multipliers),
                    List.copyOf(strides), seRatio);
        }
    }

    /** A factory's design-space parameters (package-private: the tests compare the stages they give with torchvision's). */
    record Variant(int depth, long w0, double wA, double wM, long groupWidth, Double seRatio) {
        BlockParams params() { return BlockParams.fromInitParams(depth, w0, wA, wM, groupWidth, 1.0, seRatio); }

        RegNet build(long numClasses) { return new RegNet(params(), numClasses); }

        <W extends Weights> RegNet build(W weights) {
            return weights == null ? build(1000) : Weights.load(build(weights.numClasses()), weights, sd -> sd);
        }
    }

    static final Variant Y_400MF = new Variant(16, 48, 27.89, 2.09, 8, 0.25), Y_800MF = new Variant(14, 56, 38.84, 2.4, 16, 0.25),
            Y_1_6GF = new Variant(27, 48, 20.71, 2.65, 24, 0.25), Y_3_2GF = new Variant(21, 80, 42.63, 2.66, 24, 0.25),
            Y_8GF = new Variant(17, 192, 76.82, 2.19, 56, 0.25), Y_16GF = new Variant(18, 200, 106.23, 2.48, 112, 0.25),
            Y_32GF = new Variant(20, 232, 115.89, 2.53, 232, 0.25), Y_128GF = new Variant(27, 456, 160.83, 2.52, 264, 0.25),
            X_400MF = new Variant(22, 24, 24.48, 2.54, 16, null), X_800MF = new Variant(16, 56, 35.73, 2.28, 16, null),
            X_1_6GF = new Variant(18, 80, 34.01, 2.25, 24, null), X_3_2GF = new Variant(25, 88, 26.31, 2.25, 48, null),
            X_8GF = new Variant(23, 80, 49.56, 2.88, 120, null), X_16GF = new Variant(22, 216, 55.59, 2.1, 128, null),
            X_32GF = new Variant(23, 320, 69.86, 2.0, 168, null);

    /** {@code regnet_y_400mf()}: 1000 classes. */
    public static RegNet regnetY_400mf() { return Y_400MF.build(1000); }

    /** {@code regnet_y_400mf(num_classes=n)}. */
    public static RegNet regnetY_400mf(long numClasses) { return Y_400MF.build(numClasses); }

    /** {@code regnet_y_400mf(weights=weights)}: loaded from the hub cache (see {@link Weights#getStateDict}); null: untrained. */
    public static RegNet regnetY_400mf(RegNetY_400MFWeights weights) { return Y_400MF.build(weights); }

    /** {@code regnet_y_800mf()}. */
    public static RegNet regnetY_800mf() { return Y_800MF.build(1000); }

    /** {@code regnet_y_800mf(num_classes=n)}. */
    public static RegNet regnetY_800mf(long numClasses) { return Y_800MF.build(numClasses); }

    /** {@code regnet_y_800mf(weights=weights)}; null: untrained. */
    public static RegNet regnetY_800mf(RegNetY_800MFWeights weights) { return Y_800MF.build(weights); }

    /** {@code regnet_y_1_6gf()}. */
    public static RegNet regnetY_1_6gf() { return Y_1_6GF.build(1000); }

    /** {@code regnet_y_1_6gf(num_classes=n)}. */
    public static RegNet regnetY_1_6gf(long numClasses) { return Y_1_6GF.build(numClasses); }

    /** {@code regnet_y_1_6gf(weights=weights)}; null: untrained. */
    public static RegNet regnetY_1_6gf(RegNetY_1_6GFWeights weights) { return Y_1_6GF.build(weights); }

    /** {@code regnet_y_3_2gf()}. */
    public static RegNet regnetY_3_2gf() { return Y_3_2GF.build(1000); }

    /** {@code regnet_y_3_2gf(num_classes=n)}. */
    public static RegNet regnetY_3_2gf(long numClasses) { return Y_3_2GF.build(numClasses); }

    /** {@code regnet_y_3_2gf(weights=weights)}; null: untrained. */
    public static RegNet regnetY_3_2gf(RegNetY_3_2GFWeights weights) { return Y_3_2GF.build(weights); }

    /** {@code regnet_y_8gf()}. */
    public static RegNet regnetY_8gf() { return Y_8GF.build(1000); }

    /** {@code regnet_y_8gf(num_classes=n)}. */
    public static RegNet regnetY_8gf(long numClasses) { return Y_8GF.build(numClasses); }

    /** {@code regnet_y_8gf(weights=weights)}; null: untrained. */
    public static RegNet regnetY_8gf(RegNetY_8GFWeights weights) { return Y_8GF.build(weights); }

    /** {@code regnet_y_16gf()}. */
    public static RegNet regnetY_16gf() { return Y_16GF.build(1000); }

    /** {@code regnet_y_16gf(num_classes=n)}. */
    public static RegNet regnetY_16gf(long numClasses) { return Y_16GF.build(numClasses); }

    /** {@code regnet_y_16gf(weights=weights)}; null: untrained. */
    public static RegNet regnetY_16gf(RegNetY_16GFWeights weights) { return Y_16GF.build(weights); }

    /** {@code regnet_y_32gf()}. */
    public static RegNet regnetY_32gf() { return Y_32GF.build(1000); }

    /** {@code regnet_y_32gf(num_classes=n)}. */
    public static RegNet regnetY_32gf(long numClasses) { return Y_32GF.build(numClasses); }

    /** {@code regnet_y_32gf(weights=weights)}; null: untrained. */
    public static RegNet regnetY_32gf(RegNetY_32GFWeights weights) { return Y_32GF.build(weights); }

    /** {@code regnet_y_128gf()}: 644M parameters. */
    public static RegNet regnetY_128gf() { return Y_128GF.build(1000); }

    /** {@code regnet_y_128gf(num_classes=n)}. */
    public static RegNet regnetY_128gf(long numClasses) { return Y_128GF.build(numClasses); }

    /** {@code regnet_y_128gf(weights=weights)}; null: untrained. */
    public static RegNet regnetY_128gf(RegNetY_128GFWeights weights) { return Y_128GF.build(weights); }

    /** {@code regnet_x_400mf()}. */
    public static RegNet regnetX_400mf() { return X_400MF.build(1000); }

    /** {@code regnet_x_400mf(num_classes=n)}. */
    public static RegNet regnetX_400mf(long numClasses) { return X_400MF.build(numClasses); }

    /** {@code regnet_x_400mf(weights=weights)}; null: untrained. */
    public static RegNet regnetX_400mf(RegNetX_400MFWeights weights) { return X_400MF.build(weights); }

    /** {@code regnet_x_800mf()}. */
    public static RegNet regnetX_800mf() { return X_800MF.build(1000); }

    /** {@code regnet_x_800mf(num_classes=n)}. */
    public static RegNet regnetX_800mf(long numClasses) { return X_800MF.build(numClasses); }

    /** {@code regnet_x_800mf(weights=weights)}; null: untrained. */
    public static RegNet regnetX_800mf(RegNetX_800MFWeights weights) { return X_800MF.build(weights); }

    /** {@code regnet_x_1_6gf()}. */
    public static RegNet regnetX_1_6gf() { return X_1_6GF.build(1000); }

    /** {@code regnet_x_1_6gf(num_classes=n)}. */
    public static RegNet regnetX_1_6gf(long numClasses) { return X_1_6GF.build(numClasses); }

    /** {@code regnet_x_1_6gf(weights=weights)}; null: untrained. */
    public static RegNet regnetX_1_6gf(RegNetX_1_6GFWeights weights) { return X_1_6GF.build(weights); }

    /** {@code regnet_x_3_2gf()}. */
    public static RegNet regnetX_3_2gf() { return X_3_2GF.build(1000); }

    /** {@code regnet_x_3_2gf(num_classes=n)}. */
    public static RegNet regnetX_3_2gf(long numClasses) { return X_3_2GF.build(numClasses); }

    /** {@code regnet_x_3_2gf(weights=weights)}; null: untrained. */
    public static RegNet regnetX_3_2gf(RegNetX_3_2GFWeights weights) { return X_3_2GF.build(weights); }

    /** {@code regnet_x_8gf()}. */
    public static RegNet regnetX_8gf() { return X_8GF.build(1000); }

    /** {@code regnet_x_8gf(num_classes=n)}. */
    public static RegNet regnetX_8gf(long numClasses) { return X_8GF.build(numClasses); }

    /** {@code regnet_x_8gf(weights=weights)}; null: untrained. */
    public static RegNet regnetX_8gf(RegNetX_8GFWeights weights) { return X_8GF.build(weights); }

    /** {@code regnet_x_16gf()}. */
    public static RegNet regnetX_16gf() { return X_16GF.build(1000); }

    /** {@code regnet_x_16gf(num_classes=n)}. */
    public static RegNet regnetX_16gf(long numClasses) { return X_16GF.build(numClasses); }

    /** {@code regnet_x_16gf(weights=weights)}; null: untrained. */
    public static RegNet regnetX_16gf(RegNetX_16GFWeights weights) { return X_16GF.build(weights); }

    /** {@code regnet_x_32gf()}. */
    public static RegNet regnetX_32gf() { return X_32GF.build(1000); }

    /** {@code regnet_x_32gf(num_classes=n)}. */
    public static RegNet regnetX_32gf(long numClasses) { return X_32GF.build(numClasses); }

    /** {@code regnet_x_32gf(weights=weights)}; null: untrained. */
    public static RegNet regnetX_32gf(RegNetX_32GFWeights weights) { return X_32GF.build(weights); }

    /** {@code RegNet(block_params, num_classes)}: stem width 32, batch norm, ReLU. */
    public RegNet(BlockParams params, long numClasses) { this(params, numClasses, 32, BatchNorm2d::new, ReLU::new); }

    /**
     * {@code RegNet(block_params, num_classes, stem_width, norm_layer=normLayer, activation=activation)}; the
     * activation is called with {@code inplace} true where torchvision passes it, false in squeeze-and-excitation.
     */
    public RegNet(BlockParams params, long numClasses, long stemWidth, LongFunction<Module> normLayer, Function<Boolean, Module> activation) {
        this.stem = new SimpleStemIN(3, stemWidth, normLayer, activation);
        Map<String, Module> stages = new LinkedHashMap<>();
        long width = stemWidth;
        for (int i = 0; i < params.depths().size(); i++) {
            long out = params.widths().get(i);
            stages.put("block" + (i + 1), new AnyStage(width, out, params.strides().get(i), params.depths().get(i), normLayer, activation,
                    params.groupWidths().get(i), params.bottleneckMultipliers().get(i), params.seRatio(), i + 1));
            width = out;
        }
        this.trunk_output = new Sequential(stages);
        this.fc = new Linear(width, numClasses);
        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                Init.normal_(c.weight, 0.0, Math.sqrt(2.0 / (c.kernelSize[0] * c.kernelSize[1] * c.outChannels)));
            } else if (m instanceof BatchNorm2d b) {
                Init.ones_(b.weight);
                Init.zeros_(b.bias);
            } else if (m instanceof Linear l) {
                Init.normal_(l.weight, 0.0, 0.01);
                Init.zeros_(l.bias);
            }
        }
    }

    @Override
    public Tensor forward(Tensor x) { return fc.call(avgpool.call(trunk_output.call(stem.call(x))).flatten(1)); }

    private static Conv2dNormActivation cna(long in, long out, long kernel, long stride, long groups, LongFunction<Module> norm,
                                            Function<Boolean, Module> activation) {
        return new Conv2dNormActivation(in, out, Conv2dNormActivation.options().kernelSize(kernel).stride(stride).groups(groups)
                .normLayer(norm).activationLayer(activation));
    }

    /** torchvision's {@code SimpleStemIN}: a 3x3 stride-2 convolution, norm, activation. */
    public static final class SimpleStemIN extends Conv2dNormActivation {
        /** {@code SimpleStemIN(width_in, width_out, norm_layer, activation_layer)}. */
        public SimpleStemIN(long widthIn, long widthOut, LongFunction<Module> norm, Function<Boolean, Module> activation) {
            super(widthIn, widthOut, Conv2dNormActivation.options().kernelSize(3).stride(2).normLayer(norm).activationLayer(activation));
        }
    }

    /** torchvision's {@code BottleneckTransform}: 1x1 ({@code a}), grouped 3x3 ({@code b}), squeeze-excitation ({@code se}), 1x1 ({@code c}). */
    public static final class BottleneckTransform extends Sequential {
        /** {@code BottleneckTransform(width_in, width_out, stride, norm_layer, activation_layer, group_width, bottleneck_multiplier, se_ratio)}. */
        public BottleneckTransform(long widthIn, long widthOut, long stride, LongFunction<Module> norm, Function<Boolean, Module> activation,
                                   long groupWidth, double bottleneckMultiplier, Double seRatio) {
            super(layers(widthIn, widthOut, stride, norm, activation, groupWidth, bottleneckMultiplier, seRatio));
        }

        private static Map<String, Module> layers(long widthIn, long widthOut, long stride, LongFunction<Module> norm,
                                                  Function<Boolean, Module> activation, long groupWidth, double bottleneckMultiplier,
                                                  Double seRatio) {
            long wB = (long) Math.rint(widthOut * bottleneckMultiplier), g = wB / groupWidth;
            Map<String, Module> layers = new LinkedHashMap<>();
            layers.put("a", cna(widthIn, wB, 1, 1, 1, norm, activation));
            layers.put("b", cna(wB, wB, 3, stride, g, norm, activation));
            if (seRatio != null && seRatio != 0) {
                // the squeeze width is relative to the block's input; Python's round halves to even, as rint does
                layers.put("se", new SqueezeExcitation(wB, (long) Math.rint(seRatio * widthIn), () -> activation.apply(false), Sigmoid::new));
            }
            layers.put("c", cna(wB, widthOut, 1, 1, 1, norm, null));
            return layers;
        }
    }

    /** torchvision's {@code ResBottleneckBlock}: activation of the bottleneck transform plus the (projected when reshaped) input. */
    public static final class ResBottleneckBlock extends Module {
        /** The 1x1 projection of the input, null when the shape is kept. */
        public final Conv2dNormActivation proj;
        /** The bottleneck transform. */
        public final BottleneckTransform f;
        /** The activation after the sum. */
        public final Module activation;

        /** {@code ResBottleneckBlock(width_in, width_out, stride, norm_layer, activation_layer, group_width, bottleneck_multiplier, se_ratio)}. */
        public ResBottleneckBlock(long widthIn, long widthOut, long stride, LongFunction<Module> norm, Function<Boolean, Module> activation,
                                  long groupWidth, double bottleneckMultiplier, Double seRatio) {
            this.proj = widthIn != widthOut || stride != 1 ? cna(widthIn, widthOut, 1, stride, 1, norm, null) : null;
            this.f = new BottleneckTransform(widthIn, widthOut, stride, norm, activation, groupWidth, bottleneckMultiplier, seRatio);
            this.activation = activation.apply(true);
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor shortcut = proj != null ? proj.call(x) : x;
            return activation.call(shortcut.add(f.call(x)));
        }
    }

    /** torchvision's {@code AnyStage}: {@code depth} blocks named {@code block<stage>-<i>}, the first changing width and stride. */
    public static final class AnyStage extends Sequential {
        /** {@code AnyStage(width_in, width_out, stride, depth, ResBottleneckBlock, norm_layer, activation_layer, group_width, bottleneck_multiplier, se_ratio, stage_index)}. */
        public AnyStage(long widthIn, long widthOut, long stride, int depth, LongFunction<Module> norm, Function<Boolean, Module> activation,
                        long groupWidth, double bottleneckMultiplier, Double seRatio, int stageIndex) {
            super(blocks(widthIn, widthOut, stride, depth, norm, activation, groupWidth, bottleneckMultiplier, seRatio, stageIndex));
        }

        private static Map<String, Module> blocks(long widthIn, long widthOut, long stride, int depth, LongFunction<Module> norm,
                                                  Function<Boolean, Module> activation, long groupWidth, double bottleneckMultiplier,
                                                  Double seRatio, int stageIndex) {
            Map<String, Module> blocks = new LinkedHashMap<>();
            for (int i = 0; i < depth; i++) {
                blocks.put("block" + stageIndex + "-" + i, new ResBottleneckBlock(i == 0 ? widthIn : widthOut, widthOut, i == 0 ? stride : 1,
                        norm, activation, groupWidth, bottleneckMultiplier, seRatio));
            }
            return blocks;
        }
    }
}
