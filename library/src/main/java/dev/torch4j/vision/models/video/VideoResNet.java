package dev.torch4j.vision.models.video;

import dev.torch4j.Tensor;
import dev.torch4j.nn.AdaptiveAvgPool3d;
import dev.torch4j.nn.BatchNorm3d;
import dev.torch4j.nn.Conv3d;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code torchvision.models.video.VideoResNet}: {@link #r3d_18()} (3-d convolutions throughout), {@link #mc3_18()}
 * (3-d in the first stage, spatial-only after) and {@link #r2plus1d_18()} ((2+1)-d factorised convolutions), from
 * "A Closer Look at Spatiotemporal Convolutions for Action Recognition". Takes clips {@code (N, 3, T, H, W)} and gives
 * {@code (N, num_classes)} logits. Modules, parameter names and initialisation are torchvision's (after
 * {@code manualSeed} the weights equal torchvision's), so its Kinetics-400 checkpoints load as they are:
 *
 * <pre>{@code
 * VideoResNet model = VideoResNet.r2plus1d_18(R2Plus1D_18Weights.DEFAULT);  // downloads once into the hub cache
 * model.eval();
 * Tensor clip = R2Plus1D_18Weights.DEFAULT.transforms().apply(frames);     // (T, C, H, W) uint8 -> (C, T, 112, 112)
 * int label = (int) model.forward(clip.unsqueeze(0)).argmax(1).itemLong();
 * }</pre>
 */
public class VideoResNet extends Module {
    /** The stem: {@link BasicStem} or {@link R2Plus1dStem}. */
    public final Module stem;
    /** The four stages of residual blocks. */
    public final Sequential layer1, layer2, layer3, layer4;
    public final AdaptiveAvgPool3d avgpool = new AdaptiveAvgPool3d(1, 1, 1);
    /** The classifier; assign a new {@link Linear} to fine-tune for other classes. */
    public Module fc;

    private long inplanes = 64;

    /** torchvision's residual blocks: {@link BasicBlock} (expansion 1) and {@link Bottleneck} (expansion 4). */
    public enum Block {
        /** {@link BasicBlock}. */
        BASIC(1),
        /** {@link Bottleneck}. */
        BOTTLENECK(4);

        /** Output planes per {@code planes}. */
        public final int expansion;

        Block(int expansion) { this.expansion = expansion; }

        Module build(long in, long planes, ConvMaker conv, long stride, Sequential ds) {
            return this == BASIC ? new BasicBlock(in, planes, conv, stride, ds) : new Bottleneck(in, planes, conv, stride, ds);
        }
    }

    /**
     * torchvision's convolution builders: {@link Conv3DSimple} (3x3x3), {@link Conv3DNoTemporal} (1x3x3) and
     * {@link Conv2Plus1D} (1x3x3 then 3x1x1 through {@code midplanes} channels), each with the stride its stage's
     * downsampling shortcut uses.
     */
    public enum ConvMaker {
        /** {@link Conv3DSimple}. */
        SIMPLE,
        /** {@link Conv3DNoTemporal}. */
        NO_TEMPORAL,
        /** {@link Conv2Plus1D}. */
        PLUS_2_1;

        /** {@code conv_builder(in_planes, out_planes, midplanes, stride)}. */
        public Module build(long in, long out, long midplanes, long stride) {
            return switch (this) {
                case SIMPLE -> new Conv3DSimple(in, out, stride, 1);
                case NO_TEMPORAL -> new Conv3DNoTemporal(in, out, stride, 1);
                case PLUS_2_1 -> new Conv2Plus1D(in, out, midplanes, stride, 1);
            };
        }

        /** {@code get_downsample_stride(stride)}: (t, h, w). */
        public long[] downsampleStride(long stride) {
            return this == NO_TEMPORAL ? new long[] {1, stride, stride} : new long[] {stride, stride, stride};
        }
    }

    /** The stems: {@link BasicStem} and {@link R2Plus1dStem}. */
    public enum Stem {
        /** {@link BasicStem}. */
        BASIC,
        /** {@link R2Plus1dStem}. */
        R2PLUS1D;

        Module build() { return this == BASIC ? new BasicStem() : new R2Plus1dStem(); }
    }

    /** {@code VideoResNet}'s keyword arguments: {@code num_classes} (400) and {@code zero_init_residual} (false). */
    public record Options(long numClasses, boolean zeroInitResidual) {
        /** {@code num_classes}. */
        public Options numClasses(long v) { return new Options(v, zeroInitResidual); }

        /**
         * {@code zero_init_residual}: torchvision 0.14 (and later) zeroes {@code bn3.weight} of Bottleneck blocks, which
         * have no {@code bn3}: with them it fails, as torchvision's does; with BasicBlocks it does nothing.
         */
        public Options zeroInitResidual(boolean v) { return new Options(numClasses, v); }
    }

    /** torchvision's defaults. */
    public static Options options() { return new Options(400, false); }

    /** {@code VideoResNet(block, conv_makers, layers, stem, **options)}: one builder and a block count per stage. */
    public VideoResNet(Block block, List<ConvMaker> convMakers, int[] layers, Stem stem, Options o) {
        if (convMakers.size() != 4 || layers.length != 4) {
            throw new IllegalArgumentException("VideoResNet takes 4 conv makers and 4 block counts, got " + convMakers.size() + " and "
                    + layers.length);
        }
        this.stem = stem.build();
        layer1 = makeLayer(block, convMakers.get(0), 64, layers[0], 1);
        layer2 = makeLayer(block, convMakers.get(1), 128, layers[1], 2);
        layer3 = makeLayer(block, convMakers.get(2), 256, layers[2], 2);
        layer4 = makeLayer(block, convMakers.get(3), 512, layers[3], 2);
        fc = new Linear(512L * block.expansion, o.numClasses);
        // torchvision redraws every convolution (He normal, fan_out) and the classifier (normal, std 0.01) after building
        for (Module m : modules()) {
            if (m instanceof Conv3d c) {
                Init.kaimingNormal_(c.weight, 0, "fan_out", "relu", null);
                if (c.bias != null) Init.zeros_(c.bias);
            } else if (m instanceof BatchNorm3d b) {
                Init.ones_(b.weight);
                Init.zeros_(b.bias);
            } else if (m instanceof Linear l) {
                Init.normal_(l.weight, 0, 0.01);
                Init.zeros_(l.bias);
            }
        }
        if (o.zeroInitResidual && block == Block.BOTTLENECK) {
            throw new IllegalArgumentException("'Bottleneck' object has no attribute 'bn3'");
        }
    }

    private Sequential makeLayer(Block block, ConvMaker conv, long planes, int blocks, long stride) {
        Sequential downsample = null;
        if (stride != 1 || inplanes != planes * block.expansion) {
            downsample = new Sequential(
                    new Conv3d(inplanes, planes * block.expansion, new long[] {1}, Conv3d.options().stride(conv.downsampleStride(stride)).bias(false)),
                    new BatchNorm3d(planes * block.expansion));
        }
        List<Module> layers = new ArrayList<>();
        layers.add(block.build(inplanes, planes, conv, stride, downsample));
        inplanes = planes * block.expansion;
        for (int i = 1; i < blocks; i++) layers.add(block.build(inplanes, planes, conv, 1, null));
        return new Sequential(layers.toArray(Module[]::new));
    }

    @Override
    public Tensor forward(Tensor x) {
        x = stem.call(x);
        x = layer1.call(x);
        x = layer2.call(x);
        x = layer3.call(x);
        x = layer4.call(x);
        x = avgpool.call(x);
        return fc.call(x.flatten(1));
    }

    /** {@code _video_resnet}: with weights, {@code num_classes} must be theirs; the weights then load strictly. */
    private static VideoResNet build(List<ConvMaker> convs, Stem stem, VideoWeights weights, Options o) {
        if (weights != null) o = o.numClasses(VideoWeights.overwrite("num_classes", o.numClasses, 400, weights.numClasses()));
        VideoResNet model = new VideoResNet(Block.BASIC, convs, new int[] {2, 2, 2, 2}, stem, o);
        return weights == null ? model : dev.torch4j.vision.models.Weights.load(model, weights, sd -> sd);
    }

    private static final List<ConvMaker> R3D = List.of(ConvMaker.SIMPLE, ConvMaker.SIMPLE, ConvMaker.SIMPLE, ConvMaker.SIMPLE),
            MC3 = List.of(ConvMaker.SIMPLE, ConvMaker.NO_TEMPORAL, ConvMaker.NO_TEMPORAL, ConvMaker.NO_TEMPORAL),
            R2PLUS1D = List.of(ConvMaker.PLUS_2_1, ConvMaker.PLUS_2_1, ConvMaker.PLUS_2_1, ConvMaker.PLUS_2_1);

    /** {@code r3d_18()}: an 18-layer ResNet of 3x3x3 convolutions, 400 classes. */
    public static VideoResNet r3d_18() { return r3d_18(null, options()); }

    /** {@code r3d_18(num_classes=n)}. */
    public static VideoResNet r3d_18(long numClasses) { return r3d_18(null, options().numClasses(numClasses)); }

    /** {@code r3d_18(weights=weights)}: null builds it untrained. */
    public static VideoResNet r3d_18(R3D_18Weights weights) { return r3d_18(weights, options()); }

    /** {@code r3d_18(weights=weights, **options)}. */
    public static VideoResNet r3d_18(R3D_18Weights weights, Options o) { return build(R3D, Stem.BASIC, weights, o); }

    /** {@code mc3_18()}: 3x3x3 convolutions in the first stage, 1x3x3 after (mixed convolutions), 400 classes. */
    public static VideoResNet mc3_18() { return mc3_18(null, options()); }

    /** {@code mc3_18(num_classes=n)}. */
    public static VideoResNet mc3_18(long numClasses) { return mc3_18(null, options().numClasses(numClasses)); }

    /** {@code mc3_18(weights=weights)}: null builds it untrained. */
    public static VideoResNet mc3_18(MC3_18Weights weights) { return mc3_18(weights, options()); }

    /** {@code mc3_18(weights=weights, **options)}. */
    public static VideoResNet mc3_18(MC3_18Weights weights, Options o) { return build(MC3, Stem.BASIC, weights, o); }

    /** {@code r2plus1d_18()}: (2+1)-d convolutions and the R(2+1)D stem, 400 classes. */
    public static VideoResNet r2plus1d_18() { return r2plus1d_18(null, options()); }

    /** {@code r2plus1d_18(num_classes=n)}. */
    public static VideoResNet r2plus1d_18(long numClasses) { return r2plus1d_18(null, options().numClasses(numClasses)); }

    /** {@code r2plus1d_18(weights=weights)}: null builds it untrained. */
    public static VideoResNet r2plus1d_18(R2Plus1D_18Weights weights) { return r2plus1d_18(weights, options()); }

    /** {@code r2plus1d_18(weights=weights, **options)}. */
    public static VideoResNet r2plus1d_18(R2Plus1D_18Weights weights, Options o) { return build(R2PLUS1D, Stem.R2PLUS1D, weights, o); }

    /** {@code (inplanes * planes * 27) // (inplanes * 9 + 3 * planes)}: (2+1)-d's width, matching a 3x3x3 convolution's parameters. */
    static long midplanes(long inplanes, long planes) { return inplanes * planes * 27 / (inplanes * 9 + 3 * planes); }

    /** torchvision's {@code Conv3DSimple}: a 3x3x3 convolution without bias. */
    public static final class Conv3DSimple extends Conv3d {
        /** {@code Conv3DSimple(in_planes, out_planes, stride=stride, padding=padding)}. */
        public Conv3DSimple(long in, long out, long stride, long padding) {
            super(in, out, new long[] {3, 3, 3}, Conv3d.options().stride(stride, stride, stride).padding(padding, padding, padding).bias(false));
        }
    }

    /** torchvision's {@code Conv3DNoTemporal}: a 1x3x3 convolution without bias (no temporal extent or stride). */
    public static final class Conv3DNoTemporal extends Conv3d {
        /** {@code Conv3DNoTemporal(in_planes, out_planes, stride=stride, padding=padding)}. */
        public Conv3DNoTemporal(long in, long out, long stride, long padding) {
            super(in, out, new long[] {1, 3, 3}, Conv3d.options().stride(1, stride, stride).padding(0, padding, padding).bias(false));
        }
    }

    /** torchvision's {@code Conv2Plus1D}: a 1x3x3 convolution to {@code midplanes}, batch norm, ReLU, a 3x1x1 convolution. */
    public static final class Conv2Plus1D extends Sequential {
        /** {@code Conv2Plus1D(in_planes, out_planes, midplanes, stride, padding)}. */
        public Conv2Plus1D(long in, long out, long midplanes, long stride, long padding) {
            super(new Conv3d(in, midplanes, new long[] {1, 3, 3}, Conv3d.options().stride(1, stride, stride).padding(0, padding, padding).bias(false)),
                    new BatchNorm3d(midplanes), new ReLU(true),
                    new Conv3d(midplanes, out, new long[] {3, 1, 1}, Conv3d.options().stride(stride, 1, 1).padding(padding, 0, 0).bias(false)));
        }
    }

    /** torchvision's {@code BasicStem}: a 3x7x7 convolution (stride 1x2x2) to 64 channels, batch norm, ReLU. */
    public static final class BasicStem extends Sequential {
        /** {@code BasicStem()}. */
        public BasicStem() {
            super(new Conv3d(3, 64, new long[] {3, 7, 7}, Conv3d.options().stride(1, 2, 2).padding(1, 3, 3).bias(false)), new BatchNorm3d(64),
                    new ReLU(true));
        }
    }

    /** torchvision's {@code R2Plus1dStem}: the stem factorised into 1x7x7 (to 45 channels) and 3x1x1 convolutions. */
    public static final class R2Plus1dStem extends Sequential {
        /** {@code R2Plus1dStem()}. */
        public R2Plus1dStem() {
            super(new Conv3d(3, 45, new long[] {1, 7, 7}, Conv3d.options().stride(1, 2, 2).padding(0, 3, 3).bias(false)), new BatchNorm3d(45),
                    new ReLU(true), new Conv3d(45, 64, new long[] {3, 1, 1}, Conv3d.options().stride(1, 1, 1).padding(1, 0, 0).bias(false)),
                    new BatchNorm3d(64), new ReLU(true));
        }
    }

    /** torchvision's video {@code BasicBlock}: two convolutions of the stage's builder with batch norms, plus the (downsampled) input. */
    public static final class BasicBlock extends Module {
        public final Sequential conv1, conv2;
        public final ReLU relu = new ReLU(true);
        /** A 1x1x1 convolution and batch norm matching the input to the output, or null when it already matches. */
        public final Sequential downsample;
        /** The first convolution's stride. */
        public final long stride;

        BasicBlock(long inplanes, long planes, ConvMaker conv, long stride, Sequential downsample) {
            long mid = midplanes(inplanes, planes);
            conv1 = new Sequential(conv.build(inplanes, planes, mid, stride), new BatchNorm3d(planes), new ReLU(true));
            conv2 = new Sequential(conv.build(planes, planes, mid, 1), new BatchNorm3d(planes));
            this.downsample = downsample;
            this.stride = stride;
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = conv2.call(conv1.call(x));
            out.add_(downsample == null ? x : downsample.call(x));
            return relu.call(out);
        }
    }

    /** torchvision's video {@code Bottleneck}: 1x1x1, the stage's builder (with the stride), 1x1x1 to 4x the planes. */
    public static final class Bottleneck extends Module {
        public final Sequential conv1, conv2, conv3;
        public final ReLU relu = new ReLU(true);
        /** A 1x1x1 convolution and batch norm matching the input to the output, or null when it already matches. */
        public final Sequential downsample;
        /** The builder's stride. */
        public final long stride;

        Bottleneck(long inplanes, long planes, ConvMaker conv, long stride, Sequential downsample) {
            long mid = midplanes(inplanes, planes);
            conv1 = new Sequential(new Conv3d(inplanes, planes, new long[] {1}, Conv3d.options().bias(false)), new BatchNorm3d(planes), new ReLU(true));
            conv2 = new Sequential(conv.build(planes, planes, mid, stride), new BatchNorm3d(planes), new ReLU(true));
            conv3 = new Sequential(new Conv3d(planes, planes * 4, new long[] {1}, Conv3d.options().bias(false)), new BatchNorm3d(planes * 4));
            this.downsample = downsample;
            this.stride = stride;
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = conv3.call(conv2.call(conv1.call(x)));
            out.add_(downsample == null ? x : downsample.call(x));
            return relu.call(out);
        }
    }
}
