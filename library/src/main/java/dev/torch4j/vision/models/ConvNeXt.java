package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.AdaptiveAvgPool2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Flatten;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.GELU;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.LayerNorm;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Parameter;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.ops.Conv2dNormActivation;
import dev.torch4j.vision.ops.StochasticDepth;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code torchvision.models.ConvNeXt}: {@link #convnextTiny()}, {@link #convnextSmall()}, {@link #convnextBase()}
 * and {@link #convnextLarge()} without pretrained weights. Stages of blocks (a 7x7 depthwise convolution, layer
 * norm, an inverted MLP, a learned per-channel layer scale, stochastic depth, plus the input) with layer-norm-and-
 * stride-2 downsampling between. Module names ({@code features.1.0.block.3.weight},
 * {@code features.1.0.layer_scale}, {@code classifier.2.bias}, ...) and initialisation (truncated normal, std 0.02)
 * are torchvision's, so after {@code manualSeed} the weights equal torchvision's and its state dicts load.
 */
public class ConvNeXt extends Module {
    /**
     * One stage, torchvision's {@code CNBlockConfig}: {@code numLayers} blocks at {@code inputChannels}, then a
     * downsampling to {@code outChannels} (0 for None: the last stage, without downsampling).
     */
    public record CNBlockConfig(long inputChannels, long outChannels, int numLayers) {}

    /** The stem, the stages and the downsamplings between them. */
    public final Sequential features;
    /** The global average pool. */
    public final AdaptiveAvgPool2d avgpool = new AdaptiveAvgPool2d(1);
    /** Layer norm, flatten, linear; replace it to fine-tune for other classes. */
    public Sequential classifier;

    /** A factory's stages and stochastic depth probability (package-private: the tests compare them with torchvision's). */
    record Variant(List<CNBlockConfig> blockSetting, double stochasticDepthProb) {
        ConvNeXt build(long numClasses) { return new ConvNeXt(blockSetting, stochasticDepthProb, 1e-6, numClasses); }
    }

    static final Variant TINY = new Variant(List.of(new CNBlockConfig(96, 192, 3), new CNBlockConfig(192, 384, 3),
            new CNBlockConfig(384, 768, 9), new CNBlockConfig(768, 0, 3)), 0.1);
    static final Variant SMALL = new Variant(List.of(new CNBlockConfig(96, 192, 3), new CNBlockConfig(192, 384, 3),
            new CNBlockConfig(384, 768, 27), new CNBlockConfig(768, 0, 3)), 0.4);
    static final Variant BASE = new Variant(List.of(new CNBlockConfig(128, 256, 3), new CNBlockConfig(256, 512, 3),
            new CNBlockConfig(512, 1024, 27), new CNBlockConfig(1024, 0, 3)), 0.5);
    static final Variant LARGE = new Variant(List.of(new CNBlockConfig(192, 384, 3), new CNBlockConfig(384, 768, 3),
            new CNBlockConfig(768, 1536, 27), new CNBlockConfig(1536, 0, 3)), 0.5);

    /** {@code convnext_tiny()}: stages of 3, 3, 9, 3 blocks at 96 to 768 channels, stochastic depth 0.1, 1000 classes. */
    public static ConvNeXt convnextTiny() { return convnextTiny(1000); }

    /** {@code convnext_tiny(num_classes=n)}. */
    public static ConvNeXt convnextTiny(long numClasses) { return TINY.build(numClasses); }

    /**
     * {@code convnextTiny(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static ConvNeXt convnextTiny(ConvNeXtTinyWeights weights) {
        return weights == null ? convnextTiny() : Weights.load(convnextTiny(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code convnext_small()}: stages of 3, 3, 27, 3 blocks at 96 to 768 channels, stochastic depth 0.4, 1000 classes. */
    public static ConvNeXt convnextSmall() { return convnextSmall(1000); }

    /** {@code convnext_small(num_classes=n)}. */
    public static ConvNeXt convnextSmall(long numClasses) { return SMALL.build(numClasses); }

    /**
     * {@code convnextSmall(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static ConvNeXt convnextSmall(ConvNeXtSmallWeights weights) {
        return weights == null ? convnextSmall() : Weights.load(convnextSmall(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code convnext_base()}: stages of 3, 3, 27, 3 blocks at 128 to 1024 channels, stochastic depth 0.5, 1000 classes. */
    public static ConvNeXt convnextBase() { return convnextBase(1000); }

    /** {@code convnext_base(num_classes=n)}. */
    public static ConvNeXt convnextBase(long numClasses) { return BASE.build(numClasses); }

    /**
     * {@code convnextBase(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static ConvNeXt convnextBase(ConvNeXtBaseWeights weights) {
        return weights == null ? convnextBase() : Weights.load(convnextBase(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code convnext_large()}: stages of 3, 3, 27, 3 blocks at 192 to 1536 channels, stochastic depth 0.5, 1000 classes. */
    public static ConvNeXt convnextLarge() { return convnextLarge(1000); }

    /** {@code convnext_large(num_classes=n)}. */
    public static ConvNeXt convnextLarge(long numClasses) { return LARGE.build(numClasses); }

    /**
     * {@code convnextLarge(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static ConvNeXt convnextLarge(ConvNeXtLargeWeights weights) {
        return weights == null ? convnextLarge() : Weights.load(convnextLarge(weights.numClasses()), weights, sd -> sd);
    }

    /**
     * {@code ConvNeXt(block_setting, stochastic_depth_prob, layer_scale, num_classes)}: the stochastic depth
     * probability grows linearly from 0 at the first block to {@code stochasticDepthProb} at the last;
     * {@code layerScale} is the layer scale's initial value.
     */
    public ConvNeXt(List<CNBlockConfig> blockSetting, double stochasticDepthProb, double layerScale, long numClasses) {
        if (blockSetting.isEmpty()) throw new IllegalArgumentException("The block_setting should not be empty");
        List<Module> layers = new ArrayList<>();
        long stem = blockSetting.getFirst().inputChannels();
        layers.add(new Conv2dNormActivation(3, stem, Conv2dNormActivation.options().kernelSize(4).stride(4).padding(0)
                .normLayer(LayerNorm2d::new).activationLayer(null).bias(true)));
        int totalStageBlocks = 0;
        for (CNBlockConfig c : blockSetting) totalStageBlocks += c.numLayers();
        // the probabilities divide by (blocks - 1): torchvision fails on one block with a division by zero
        if (totalStageBlocks < 2) throw new IllegalArgumentException("ConvNeXt needs at least two blocks, got " + totalStageBlocks);
        int stageBlockId = 0;
        for (CNBlockConfig c : blockSetting) {
            List<Module> stage = new ArrayList<>();
            for (int i = 0; i < c.numLayers(); i++) {
                double sdProb = stochasticDepthProb * stageBlockId / (totalStageBlocks - 1.0);
                stage.add(new CNBlock(c.inputChannels(), layerScale, sdProb));
                stageBlockId++;
            }
            layers.add(new Sequential(stage.toArray(Module[]::new)));
            if (c.outChannels() > 0) {
                layers.add(new Sequential(new LayerNorm2d(c.inputChannels()),
                        new Conv2d(c.inputChannels(), c.outChannels(), 2, Conv2d.options().stride(2))));
            }
        }
        this.features = new Sequential(layers.toArray(Module[]::new));
        CNBlockConfig last = blockSetting.getLast();
        long lastChannels = last.outChannels() > 0 ? last.outChannels() : last.inputChannels();
        this.classifier = new Sequential(new LayerNorm2d(lastChannels), new Flatten(1, -1), new Linear(lastChannels, numClasses));
        for (Module m : modules()) {
            if (m instanceof Conv2d c) truncNormal(c.weight, c.bias);
            else if (m instanceof Linear l) truncNormal(l.weight, l.bias);
        }
    }

    private static void truncNormal(Tensor weight, Tensor bias) {
        Init.truncNormal_(weight, 0, 0.02, -2, 2);
        if (bias != null) Init.zeros_(bias);
    }

    @Override
    public Tensor forward(Tensor x) { return classifier.call(avgpool.call(features.call(x))); }

    /** torchvision's {@code LayerNorm2d}: layer norm over the channels of an {@code [N, C, H, W]} tensor. */
    public static class LayerNorm2d extends LayerNorm {
        /** {@code LayerNorm2d(channels, eps=1e-6)}. */
        public LayerNorm2d(long channels) { super(new long[] {channels}, 1e-6, true); }

        @Override
        public Tensor forward(Tensor x) {
            Tensor y = Functional.layerNorm(x.permute(0, 2, 3, 1), normalizedShape(), weight, bias, eps);
            return y.permute(0, 3, 1, 2);
        }
    }

    /** torchvision's {@code Permute}: a view with the dimensions in the given order. */
    public static final class Permute extends Module {
        private final long[] dims;

        /** {@code Permute(dims)}. */
        public Permute(long... dims) { this.dims = dims.clone(); }

        @Override
        public Tensor forward(Tensor x) { return x.permute(dims); }
    }

    /** torchvision's {@code CNBlock}: depthwise 7x7, layer norm, linear to 4x, GELU, linear back, scaled, plus the input. */
    public static final class CNBlock extends Module {
        /** The block's layers (channels-last between the two permutes). */
        public final Sequential block;
        /** The learned per-channel scale {@code [dim, 1, 1]} of the block's output. */
        public final Tensor layer_scale;
        /** Drops the block's output per sample in training. */
        public final StochasticDepth stochastic_depth;

        /** {@code CNBlock(dim, layer_scale, stochastic_depth_prob)}. */
        public CNBlock(long dim, double layerScale, double stochasticDepthProb) {
            this.block = new Sequential(
                    new Conv2d(dim, dim, 7, Conv2d.options().padding(3).groups(dim)),
                    new Permute(0, 2, 3, 1),
                    new LayerNorm(new long[] {dim}, 1e-6, true),
                    new Linear(dim, 4 * dim),
                    new GELU(),
                    new Linear(4 * dim, dim),
                    new Permute(0, 3, 1, 2));
            this.layer_scale = Parameter.of(Torch.ones(dim, 1, 1).mul(layerScale));
            this.stochastic_depth = new StochasticDepth(stochasticDepthProb, "row");
        }

        @Override
        public Tensor forward(Tensor input) {
            Tensor result = stochastic_depth.call(layer_scale.mul(block.call(input)));
            return result.add(input);
        }
    }
}
