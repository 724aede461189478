package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.nn.AdaptiveAvgPool2d;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.MaxPool2d;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * {@code torchvision.models.ResNet}: {@link #resnet18()} to {@link #resnet152()}, the ResNeXts
 * ({@link #resnext50_32x4d()}, {@link #resnext101_32x8d()}, {@link #resnext101_64x4d()}) and the Wide ResNets
 * ({@link #wideResnet50_2()}, {@link #wideResnet101_2()}), with torchvision's constructor options ({@link Options}:
 * groups, width per group, dilation instead of stride, the norm layer, zero-initialised residuals). Modules,
 * parameter names and initialisation are torchvision's (after {@code manualSeed} the weights equal torchvision's bit
 * for bit), so a state dict saved by PyTorch loads as it is:
 *
 * <pre>{@code
 * ResNet model = ResNet.resnet18();
 * model.loadStateDict(Torch.load(Path.of("resnet18-f37072fd.pth")));   // torchvision's ImageNet weights
 * model.fc = new Linear(512, 10);                                       // a new head, as in the blitz
 * ResNet backbone = ResNet.resnet50(null, ResNet.options().normLayer(FrozenBatchNorm2d::new)
 *         .replaceStrideWithDilation(false, true, true));                // as segmentation and detection build it
 * }</pre>
 */
public class ResNet extends Module {
    /** The stem: a 7x7 convolution with stride 2, its norm layer, ReLU and a 3x3 max pool with stride 2. */
    public final Conv2d conv1;
    /** The stem's norm layer ({@link BatchNorm2d} unless {@link Options#normLayer} says otherwise). */
    public final Module bn1;
    public final ReLU relu = new ReLU(true);
    public final MaxPool2d maxpool = new MaxPool2d(new long[] {3}, new long[] {2}, new long[] {1}, new long[] {1}, false, false);
    /** The four stages of residual blocks. */
    public final Sequential layer1, layer2, layer3, layer4;
    public final AdaptiveAvgPool2d avgpool = new AdaptiveAvgPool2d(1, 1);
    /** The classifier; assign a new {@link Linear} to fine-tune for other classes ({@code model.fc = nn.Linear(512, 10)}). */
    public Module fc;

    private final Options options;
    private long inplanes = 64;
    private long dilation = 1;

    /** torchvision's block classes: {@code BasicBlock} (expansion 1) and {@code Bottleneck} (expansion 4). */
    public enum Block {
        /** {@link BasicBlock}. */
        BASIC(BasicBlock.EXPANSION),
        /** {@link Bottleneck}. */
        BOTTLENECK(Bottleneck.EXPANSION);

        /** Output planes per {@code planes}. */
        public final int expansion;

        Block(int expansion) { this.expansion = expansion; }

        Module build(long in, long planes, long stride, Sequential ds, Options o, long dilation) {
            return this == BASIC ? new BasicBlock(in, planes, stride, ds, o.groups, o.widthPerGroup, dilation, o.normLayer)
                    : new Bottleneck(in, planes, stride, ds, o.groups, o.widthPerGroup, dilation, o.normLayer);
        }
    }

    /**
     * {@code ResNet}'s keyword arguments: {@code num_classes} (1000), {@code zero_init_residual} (false),
     * {@code groups} (1), {@code width_per_group} (64), {@code replace_stride_with_dilation} (none) and
     * {@code norm_layer} (BatchNorm2d), a factory taking the channel count.
     */
    public record Options(long numClasses, boolean zeroInitResidual, long groups, long widthPerGroup,
                          boolean[] replaceStrideWithDilation, LongFunction<Module> normLayer) {
        /** {@code num_classes}. */
        public Options numClasses(long v) { return new Options(v, zeroInitResidual, groups, widthPerGroup, replaceStrideWithDilation, normLayer); }

        /** {@code zero_init_residual}: each block's last norm starts at weight 0, so the block starts as the identity. */
        public Options zeroInitResidual(boolean v) { return new Options(numClasses, v, groups, widthPerGroup, replaceStrideWithDilation, normLayer); }

        /** {@code groups} of the bottlenecks' 3x3 convolutions (ResNeXt's cardinality). */
        public Options groups(long v) { return new Options(numClasses, zeroInitResidual, v, widthPerGroup, replaceStrideWithDilation, normLayer); }

        /** {@code width_per_group}: the bottleneck width is {@code planes * width_per_group / 64 * groups}. */
        public Options widthPerGroup(long v) { return new Options(numClasses, zeroInitResidual, groups, v, replaceStrideWithDilation, normLayer); }

        /** {@code replace_stride_with_dilation}: for layer2..layer4, whether to dilate instead of striding (three values). */
        public Options replaceStrideWithDilation(boolean... v) {
            return new Options(numClasses, zeroInitResidual, groups, widthPerGroup, v.clone(), normLayer);
        }

        /** {@code norm_layer}: builds each norm from its channel count ({@code FrozenBatchNorm2d::new} for detection). */
        public Options normLayer(LongFunction<Module> v) { return new Options(numClasses, zeroInitResidual, groups, widthPerGroup, replaceStrideWithDilation, v); }
    }

    /** torchvision's defaults. */
    public static Options options() { return new Options(1000, false, 1, 64, null, BatchNorm2d::new); }

    /** {@code ResNet(block, layers, **options)}: {@code layers} blocks in each of the four stages. */
    public ResNet(Block block, int[] layers, Options o) {
        boolean[] dilate = o.replaceStrideWithDilation == null ? new boolean[3] : o.replaceStrideWithDilation;
        if (dilate.length != 3) {
            throw new IllegalArgumentException("replace_stride_with_dilation should be None or a 3-element tuple, got " + pyList(dilate));
        }
        this.options = o;
        conv1 = new Conv2d(3, inplanes, 7, Conv2d.options().stride(2).padding(3).bias(false));
        bn1 = o.normLayer.apply(inplanes);
        layer1 = makeLayer(block, 64, layers[0], 1, false);
        layer2 = makeLayer(block, 128, layers[1], 2, dilate[0]);
        layer3 = makeLayer(block, 256, layers[2], 2, dilate[1]);
        layer4 = makeLayer(block, 512, layers[3], 2, dilate[2]);
        fc = new Linear(512L * block.expansion, o.numClasses);
        // torchvision redraws every convolution (He normal, fan_out) after building; norms start at weight 1, bias 0
        for (Module m : modules()) {
            if (m instanceof Conv2d c) Init.kaimingNormal_(c.weight, 0, "fan_out", "relu", null);
        }
        if (o.zeroInitResidual) {
            for (Module m : modules()) {
                Module last = m instanceof Bottleneck b ? b.bn3 : m instanceof BasicBlock b ? b.bn2 : null;
                Tensor w = last == null ? null : last.stateDict().get("weight"); // a parameter, or FrozenBatchNorm2d's buffer
                if (w != null) Init.zeros_(w);
            }
        }
    }

    private Sequential makeLayer(Block block, long planes, int blocks, long stride, boolean dilate) {
        long previousDilation = dilation;
        if (dilate) {
            dilation *= stride;
            stride = 1;
        }
        Sequential downsample = null;
        if (stride != 1 || inplanes != planes * block.expansion) {
            downsample = new Sequential(conv1x1(inplanes, planes * block.expansion, stride), options.normLayer.apply(planes * block.expansion));
        }
        List<Module> layers = new ArrayList<>();
        layers.add(block.build(inplanes, planes, stride, downsample, options, previousDilation));
        inplanes = planes * block.expansion;
        for (int i = 1; i < blocks; i++) layers.add(block.build(inplanes, planes, 1, null, options, dilation));
        return new Sequential(layers.toArray(Module[]::new));
    }

    static Conv2d conv3x3(long in, long out, long stride, long groups, long dilation) {
        return new Conv2d(in, out, 3, Conv2d.options().stride(stride).padding(dilation).groups(groups).bias(false).dilation(dilation));
    }

    static Conv2d conv1x1(long in, long out, long stride) {
        return new Conv2d(in, out, 1, Conv2d.options().stride(stride).bias(false));
    }

    private static String pyList(boolean[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) s.append(i == 0 ? "" : ", ").append(v[i] ? "True" : "False");
        return s.append(']').toString();
    }

    /**
     * torchvision's {@code _resnet} with the builders' {@code _ovewrite_named_param}: {@code fixed} pairs of
     * (name, value) the architecture sets (ResNeXt's groups and width), which the options must leave at their
     * defaults or equal; with weights, {@code num_classes} must be theirs; the weights then load strictly.
     */
    private static ResNet build(Block block, int[] layers, Weights weights, Options o, long groups, long widthPerGroup) {
        o = o.groups(overwrite("groups", o.groups, 1, groups)).widthPerGroup(overwrite("width_per_group", o.widthPerGroup, 64, widthPerGroup));
        if (weights != null) o = o.numClasses(overwrite("num_classes", o.numClasses, 1000, weights.numClasses()));
        ResNet model = new ResNet(block, layers, o);
        return weights == null ? model : Weights.load(model, weights, sd -> sd);
    }

    private static long overwrite(String name, long given, long byDefault, long wanted) {
        if (given != byDefault && given != wanted) {
            throw new IllegalArgumentException("The parameter '" + name + "' expected value " + wanted + " but got " + given + " instead.");
        }
        return wanted;
    }

    private static final int[] R18 = {2, 2, 2, 2}, R34 = {3, 4, 6, 3}, R101 = {3, 4, 23, 3}, R152 = {3, 8, 36, 3};

    /** {@code resnet18()}: basic blocks [2, 2, 2, 2], 1000 classes. */
    public static ResNet resnet18() { return resnet18(1000); }

    /** {@code resnet18(num_classes=n)}. */
    public static ResNet resnet18(long numClasses) { return resnet18(null, options().numClasses(numClasses)); }

    /**
     * {@code resnet18(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static ResNet resnet18(ResNet18Weights weights) { return resnet18(weights, options()); }

    /** {@code resnet18(weights=weights, **options)}. */
    public static ResNet resnet18(ResNet18Weights weights, Options o) { return build(Block.BASIC, R18, weights, o, 1, 64); }

    /** {@code resnet34()}: basic blocks [3, 4, 6, 3], 1000 classes. */
    public static ResNet resnet34() { return resnet34(1000); }

    /** {@code resnet34(num_classes=n)}. */
    public static ResNet resnet34(long numClasses) { return resnet34(null, options().numClasses(numClasses)); }

    /**
     * {@code resnet34(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static ResNet resnet34(ResNet34Weights weights) { return resnet34(weights, options()); }

    /** {@code resnet34(weights=weights, **options)}. */
    public static ResNet resnet34(ResNet34Weights weights, Options o) { return build(Block.BASIC, R34, weights, o, 1, 64); }

    /** {@code resnet50()}: bottleneck blocks [3, 4, 6, 3], 1000 classes. */
    public static ResNet resnet50() { return resnet50(1000); }

    /** {@code resnet50(num_classes=n)}. */
    public static ResNet resnet50(long numClasses) { return resnet50(null, options().numClasses(numClasses)); }

    /**
     * {@code resnet50(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static ResNet resnet50(ResNet50Weights weights) { return resnet50(weights, options()); }

    /** {@code resnet50(weights=weights, **options)}. */
    public static ResNet resnet50(ResNet50Weights weights, Options o) { return build(Block.BOTTLENECK, R34, weights, o, 1, 64); }

    /** {@code resnet101()}: bottleneck blocks [3, 4, 23, 3], 1000 classes. */
    public static ResNet resnet101() { return resnet101(1000); }

    /** {@code resnet101(num_classes=n)}. */
    public static ResNet resnet101(long numClasses) { return resnet101(null, options().numClasses(numClasses)); }

    /**
     * {@code resnet101(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static ResNet resnet101(ResNet101Weights weights) { return resnet101(weights, options()); }

    /** {@code resnet101(weights=weights, **options)}. */
    public static ResNet resnet101(ResNet101Weights weights, Options o) { return build(Block.BOTTLENECK, R101, weights, o, 1, 64); }

    /** {@code resnet152()}: bottleneck blocks [3, 8, 36, 3], 1000 classes. */
    public static ResNet resnet152() { return resnet152(1000); }

    /** {@code resnet152(num_classes=n)}. */
    public static ResNet resnet152(long numClasses) { return resnet152(null, options().numClasses(numClasses)); }

    /**
     * {@code resnet152(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static ResNet resnet152(ResNet152Weights weights) { return resnet152(weights, options()); }

    /** {@code resnet152(weights=weights, **options)}. */
    public static ResNet resnet152(ResNet152Weights weights, Options o) { return build(Block.BOTTLENECK, R152, weights, o, 1, 64); }

    /** {@code resnext50_32x4d()}: bottlenecks [3, 4, 6, 3] with 32 groups of width 4. */
    public static ResNet resnext50_32x4d() { return resnext50_32x4d(null, options()); }

    /** {@code resnext50_32x4d(weights=weights, **options)} (null weights: untrained). */
    public static ResNet resnext50_32x4d(ResNeXt50_32X4DWeights weights, Options o) { return build(Block.BOTTLENECK, R34, weights, o, 32, 4); }

    /** {@code resnext101_32x8d()}: bottlenecks [3, 4, 23, 3] with 32 groups of width 8. */
    public static ResNet resnext101_32x8d() { return resnext101_32x8d(null, options()); }

    /** {@code resnext101_32x8d(weights=weights, **options)} (null weights: untrained). */
    public static ResNet resnext101_32x8d(ResNeXt101_32X8DWeights weights, Options o) { return build(Block.BOTTLENECK, R101, weights, o, 32, 8); }

    /** {@code resnext101_64x4d()}: bottlenecks [3, 4, 23, 3] with 64 groups of width 4. */
    public static ResNet resnext101_64x4d() { return resnext101_64x4d(null, options()); }

    /** {@code resnext101_64x4d(weights=weights, **options)} (null weights: untrained). */
    public static ResNet resnext101_64x4d(ResNeXt101_64X4DWeights weights, Options o) { return build(Block.BOTTLENECK, R101, weights, o, 64, 4); }

    /** {@code wide_resnet50_2()}: bottlenecks [3, 4, 6, 3] twice as wide inside (width per group 128). */
    public static ResNet wideResnet50_2() { return wideResnet50_2(null, options()); }

    /** {@code wide_resnet50_2(weights=weights, **options)} (null weights: untrained). */
    public static ResNet wideResnet50_2(WideResNet50_2Weights weights, Options o) { return build(Block.BOTTLENECK, R34, weights, o, 1, 128); }

    /** {@code wide_resnet101_2()}: bottlenecks [3, 4, 23, 3] twice as wide inside (width per group 128). */
    public static ResNet wideResnet101_2() { return wideResnet101_2(null, options()); }

    /** {@code wide_resnet101_2(weights=weights, **options)} (null weights: untrained). */
    public static ResNet wideResnet101_2(WideResNet101_2Weights weights, Options o) { return build(Block.BOTTLENECK, R101, weights, o, 1, 128); }

    @Override
    public Tensor forward(Tensor x) {
        x = conv1.call(x);
        x = bn1.call(x);
        x = relu.call(x);
        x = maxpool.call(x);
        x = layer1.call(x);
        x = layer2.call(x);
        x = layer3.call(x);
        x = layer4.call(x);
        x = avgpool.call(x);
        x = x.flatten(1);
        return fc.call(x);
    }

    /** torchvision's {@code BasicBlock}: two 3x3 convolutions with their norms, plus the (downsampled) input. */
    public static final class BasicBlock extends Module {
        static final int EXPANSION = 1;
        public final Conv2d conv1;
        public final Module bn1;
        public final ReLU relu = new ReLU(true);
        public final Conv2d conv2;
        public final Module bn2;
        /** A 1x1 convolution and norm matching the input to the output, or null when it already matches. */
        public final Sequential downsample;

        BasicBlock(long inplanes, long planes, long stride, Sequential downsample, long groups, long baseWidth, long dilation,
                   LongFunction<Module> normLayer) {
            if (groups != 1 || baseWidth != 64) throw new IllegalArgumentException("BasicBlock only supports groups=1 and base_width=64");
            if (dilation > 1) throw new UnsupportedOperationException("Dilation > 1 not supported in BasicBlock");
            conv1 = conv3x3(inplanes, planes, stride, 1, 1);
            bn1 = normLayer.apply(planes);
            conv2 = conv3x3(planes, planes, 1, 1, 1);
            bn2 = normLayer.apply(planes);
            this.downsample = downsample;
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor identity = x;
            Tensor out = relu.call(bn1.call(conv1.call(x)));
            out = bn2.call(conv2.call(out));
            if (downsample != null) identity = downsample.call(x);
            out.add_(identity);
            return relu.call(out);
        }
    }

    /**
     * torchvision's {@code Bottleneck} (ResNet v1.5: the stride on the 3x3 convolution), expansion 4; its inner width
     * is {@code planes * base_width / 64 * groups}, the 3x3 convolution grouped and dilated as asked.
     */
    public static final class Bottleneck extends Module {
        static final int EXPANSION = 4;
        public final Conv2d conv1;
        public final Module bn1;
        public final Conv2d conv2;
        public final Module bn2;
        public final Conv2d conv3;
        public final Module bn3;
        public final ReLU relu = new ReLU(true);
        /** A 1x1 convolution and norm matching the input to the output, or null when it already matches. */
        public final Sequential downsample;

        Bottleneck(long inplanes, long planes, long stride, Sequential downsample, long groups, long baseWidth, long dilation,
                   LongFunction<Module> normLayer) {
            long width = (long) (planes * (baseWidth / 64.0)) * groups;
            conv1 = conv1x1(inplanes, width, 1);
            bn1 = normLayer.apply(width);
            conv2 = conv3x3(width, width, stride, groups, dilation);
            bn2 = normLayer.apply(width);
            conv3 = conv1x1(width, planes * EXPANSION, 1);
            bn3 = normLayer.apply(planes * EXPANSION);
            this.downsample = downsample;
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor identity = x;
            Tensor out = relu.call(bn1.call(conv1.call(x)));
            out = relu.call(bn2.call(conv2.call(out)));
            out = bn3.call(conv3.call(out));
            if (downsample != null) identity = downsample.call(x);
            out.add_(identity);
            return relu.call(out);
        }
    }
}
