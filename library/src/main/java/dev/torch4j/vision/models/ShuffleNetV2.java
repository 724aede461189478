package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.MaxPool2d;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;

import java.util.List;

/**
 * {@code torchvision.models.ShuffleNetV2} ({@link #shufflenetV2X0_5()} to {@link #shufflenetV2X2_0()}): a stem,
 * three stages of units that split the channels, transform one half (1x1, depthwise 3x3, 1x1) and shuffle the
 * halves together (the first unit of a stage transforms both, striding), a 1x1 convolution and a global mean.
 * Module names ({@code stage2.0.branch1.0.weight}, ...), repr and initialisation (PyTorch's layer defaults) are
 * torchvision's, so after {@code manualSeed} the weights equal torchvision's and its state dicts load.
 */
public class ShuffleNetV2 extends Module {
    /** Convolution, batch norm, ReLU. */
    public final Sequential conv1;
    /** The 3x3 stride-2 max pool. */
    public final MaxPool2d maxpool = new MaxPool2d(new long[] {3}, new long[] {2}, new long[] {1}, new long[] {1}, false, false);
    /** The three stages. */
    public final Sequential stage2, stage3, stage4;
    /** The last 1x1 convolution, batch norm, ReLU. */
    public final Sequential conv5;
    /** The classifier; replace it to fine-tune for other classes. */
    public Linear fc;

    private static final List<Integer> REPEATS = List.of(4, 8, 4);

    /** {@code shufflenet_v2_x0_5()}: stages of 48, 96, 192 channels, 1000 classes. */
    public static ShuffleNetV2 shufflenetV2X0_5() { return shufflenetV2X0_5(1000); }

    /** {@code shufflenet_v2_x0_5(num_classes=n)}. */
    public static ShuffleNetV2 shufflenetV2X0_5(long numClasses) { return new ShuffleNetV2(REPEATS, List.of(24L, 48L, 96L, 192L, 1024L), numClasses); }

    /** {@code shufflenet_v2_x0_5(weights=weights)}: loaded from the hub cache (see {@link Weights#getStateDict}); null: untrained. */
    public static ShuffleNetV2 shufflenetV2X0_5(ShuffleNetV2X0_5Weights weights) {
        return weights == null ? shufflenetV2X0_5() : Weights.load(shufflenetV2X0_5(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code shufflenet_v2_x1_0()}: stages of 116, 232, 464 channels. */
    public static ShuffleNetV2 shufflenetV2X1_0() { return shufflenetV2X1_0(1000); }

    /** {@code shufflenet_v2_x1_0(num_classes=n)}. */
    public static ShuffleNetV2 shufflenetV2X1_0(long numClasses) { return new ShuffleNetV2(REPEATS, List.of(24L, 116L, 232L, 464L, 1024L), numClasses); }

    /** {@code shufflenet_v2_x1_0(weights=weights)}; null: untrained. */
    public static ShuffleNetV2 shufflenetV2X1_0(ShuffleNetV2X1_0Weights weights) {
        return weights == null ? shufflenetV2X1_0() : Weights.load(shufflenetV2X1_0(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code shufflenet_v2_x1_5()}: stages of 176, 352, 704 channels. */
    public static ShuffleNetV2 shufflenetV2X1_5() { return shufflenetV2X1_5(1000); }

    /** {@code shufflenet_v2_x1_5(num_classes=n)}. */
    public static ShuffleNetV2 shufflenetV2X1_5(long numClasses) { return new ShuffleNetV2(REPEATS, List.of(24L, 176L, 352L, 704L, 1024L), numClasses); }

    /** {@code shufflenet_v2_x1_5(weights=weights)}; null: untrained. */
    public static ShuffleNetV2 shufflenetV2X1_5(ShuffleNetV2X1_5Weights weights) {
        return weights == null ? shufflenetV2X1_5() : Weights.load(shufflenetV2X1_5(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code shufflenet_v2_x2_0()}: stages of 244, 488, 976 channels, 2048 at the end. */
    public static ShuffleNetV2 shufflenetV2X2_0() { return shufflenetV2X2_0(1000); }

    /** {@code shufflenet_v2_x2_0(num_classes=n)}. */
    public static ShuffleNetV2 shufflenetV2X2_0(long numClasses) { return new ShuffleNetV2(REPEATS, List.of(24L, 244L, 488L, 976L, 2048L), numClasses); }

    /** {@code shufflenet_v2_x2_0(weights=weights)}; null: untrained. */
    public static ShuffleNetV2 shufflenetV2X2_0(ShuffleNetV2X2_0Weights weights) {
        return weights == null ? shufflenetV2X2_0() : Weights.load(shufflenetV2X2_0(weights.numClasses()), weights, sd -> sd);
    }

    /**
     * {@code ShuffleNetV2(stages_repeats, stages_out_channels, num_classes)}: three stage lengths; five widths (the
     * stem, the three stages, the last convolution).
     */
    public ShuffleNetV2(List<Integer> stagesRepeats, List<Long> stagesOutChannels, long numClasses) {
        if (stagesRepeats.size() != 3) throw new IllegalArgumentException("expected stages_repeats as list of 3 positive ints");
        if (stagesOutChannels.size() != 5) throw new IllegalArgumentException("expected stages_out_channels as list of 5 positive ints");
        long in = stagesOutChannels.getFirst();
        this.conv1 = new Sequential(new Conv2d(3, in, 3, Conv2d.options().stride(2).padding(1).bias(false)), new BatchNorm2d(in),
                new ReLU(true));
        Sequential[] stages = new Sequential[3];
        for (int s = 0; s < 3; s++) {
            long out = stagesOutChannels.get(s + 1);
            Sequential stage = new Sequential(new InvertedResidual(in, out, 2));
            for (int i = 1; i < stagesRepeats.get(s); i++) stage.append(new InvertedResidual(out, out, 1));
            stages[s] = stage;
            in = out;
        }
        this.stage2 = stages[0];
        this.stage3 = stages[1];
        this.stage4 = stages[2];
        long last = stagesOutChannels.getLast();
        this.conv5 = new Sequential(new Conv2d(in, last, 1, Conv2d.options().bias(false)), new BatchNorm2d(last), new ReLU(true));
        this.fc = new Linear(last, numClasses);
    }

    @Override
    public Tensor forward(Tensor x) {
        x = conv5.call(stage4.call(stage3.call(stage2.call(maxpool.call(conv1.call(x))))));
        return fc.call(x.mean(new long[] {2, 3}, false)); // global pool
    }

    /** {@code channel_shuffle(x, groups)}: interleaves the channels of {@code groups} equal groups. */
    public static Tensor channelShuffle(Tensor x, long groups) {
        long[] s = x.shapeArray();
        return x.view(s[0], groups, s[1] / groups, s[2], s[3]).transpose(1, 2).contiguous().view(s[0], -1, s[2], s[3]);
    }

    /** torchvision's ShuffleNetV2 {@code InvertedResidual}: two branches concatenated and shuffled. */
    public static final class InvertedResidual extends Module {
        /** The input's branch when striding (depthwise 3x3, 1x1); empty at stride 1, where half the input passes through. */
        public final Sequential branch1;
        /** 1x1, depthwise 3x3, 1x1 on the other half (or, striding, on the whole input). */
        public final Sequential branch2;
        private final long stride;

        /** {@code InvertedResidual(inp, oup, stride)}. */
        public InvertedResidual(long inp, long oup, long stride) {
            if (stride < 1 || stride > 3) throw new IllegalArgumentException("illegal stride value");
            this.stride = stride;
            long branch = oup / 2;
            if (stride == 1 && inp != branch << 1) {
                throw new IllegalArgumentException("Invalid combination of stride " + stride + ", inp " + inp + " and oup " + oup
                        + " values. If stride == 1 then inp should be equal to oup // 2 << 1.");
            }
            this.branch1 = stride > 1
                    ? new Sequential(depthwise(inp, stride), new BatchNorm2d(inp), new Conv2d(inp, branch, 1, Conv2d.options().bias(false)),
                            new BatchNorm2d(branch), new ReLU(true))
                    : new Sequential();
            this.branch2 = new Sequential(new Conv2d(stride > 1 ? inp : branch, branch, 1, Conv2d.options().bias(false)), new BatchNorm2d(branch),
                    new ReLU(true), depthwise(branch, stride), new BatchNorm2d(branch),
                    new Conv2d(branch, branch, 1, Conv2d.options().bias(false)), new BatchNorm2d(branch), new ReLU(true));
        }

        private static Conv2d depthwise(long channels, long stride) {
            return new Conv2d(channels, channels, 3, Conv2d.options().stride(stride).padding(1).bias(false).groups(channels));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor out;
            if (stride == 1) {
                Tensor[] halves = x.chunk(2, 1);
                out = Torch.cat(new Tensor[] {halves[0], branch2.call(halves[1])}, 1);
            } else {
                out = Torch.cat(new Tensor[] {branch1.call(x), branch2.call(x)}, 1);
            }
            return channelShuffle(out, 2);
        }
    }
}
