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

/**
 * {@code torchvision.models.ResNet}: {@link #resnet18()}, {@link #resnet34()}, {@link #resnet50()},
 * {@link #resnet101()} and {@link #resnet152()} without pretrained weights. Modules, parameter names and
 * initialisation are torchvision's (after {@code manualSeed} the weights equal torchvision's bit for bit), so a
 * state dict saved by PyTorch loads as it is:
 *
 * <pre>{@code
 * ResNet model = ResNet.resnet18();
 * model.loadStateDict(Torch.load(Path.of("resnet18-f37072fd.pth")));   // torchvision's ImageNet weights
 * model.fc = new Linear(512, 10);                                       // a new head, as in the blitz
 * }</pre>
 */
public class ResNet extends Module {
    /** The stem: a 7x7 convolution with stride 2, its batch norm, ReLU and a 3x3 max pool with stride 2. */
    public final Conv2d conv1;
    public final BatchNorm2d bn1;
    public final ReLU relu = new ReLU(true);
    public final MaxPool2d maxpool = new MaxPool2d(new long[] {3}, new long[] {2}, new long[] {1}, new long[] {1}, false, false);
    /** The four stages of residual blocks. */
    public final Sequential layer1, layer2, layer3, layer4;
    public final AdaptiveAvgPool2d avgpool = new AdaptiveAvgPool2d(1, 1);
    /** The classifier; assign a new {@link Linear} to fine-tune for other classes ({@code model.fc = nn.Linear(512, 10)}). */
    public Module fc;

    private long inplanes = 64;

    /** A residual block: its number of output planes per {@code planes}, and how to build one. */
    private interface BlockKind {
        int expansion();

        Module build(long inplanes, long planes, long stride, Sequential downsample);
    }

    private static final BlockKind BASIC = new BlockKind() {
        @Override public int expansion() { return BasicBlock.EXPANSION; }

        @Override public Module build(long in, long planes, long stride, Sequential ds) { return new BasicBlock(in, planes, stride, ds); }
    };

    private static final BlockKind BOTTLENECK = new BlockKind() {
        @Override public int expansion() { return Bottleneck.EXPANSION; }

        @Override public Module build(long in, long planes, long stride, Sequential ds) { return new Bottleneck(in, planes, stride, ds); }
    };

    private ResNet(BlockKind block, int[] layers, long numClasses) {
        conv1 = new Conv2d(3, inplanes, 7, Conv2d.options().stride(2).padding(3).bias(false));
        bn1 = new BatchNorm2d(inplanes);
        layer1 = makeLayer(block, 64, layers[0], 1);
        layer2 = makeLayer(block, 128, layers[1], 2);
        layer3 = makeLayer(block, 256, layers[2], 2);
        layer4 = makeLayer(block, 512, layers[3], 2);
        fc = new Linear(512L * block.expansion(), numClasses);
        // torchvision redraws every convolution (He normal, fan_out) after building; batch norms start at 1 and 0
        for (Module m : modules()) {
            if (m instanceof Conv2d c) Init.kaimingNormal_(c.weight, 0, "fan_out", "relu", null);
        }
    }

    private Sequential makeLayer(BlockKind block, long planes, int blocks, long stride) {
        Sequential downsample = null;
        if (stride != 1 || inplanes != planes * block.expansion()) {
            downsample = new Sequential(conv1x1(inplanes, planes * block.expansion(), stride), new BatchNorm2d(planes * block.expansion()));
        }
        List<Module> layers = new ArrayList<>();
        layers.add(block.build(inplanes, planes, stride, downsample));
        inplanes = planes * block.expansion();
        for (int i = 1; i < blocks; i++) layers.add(block.build(inplanes, planes, 1, null));
        return new Sequential(layers.toArray(Module[]::new));
    }

    static Conv2d conv3x3(long in, long out, long stride) {
        return new Conv2d(in, out, 3, Conv2d.options().stride(stride).padding(1).bias(false));
    }

    static Conv2d conv1x1(long in, long out, long stride) {
        return new Conv2d(in, out, 1, Conv2d.options().stride(stride).bias(false));
    }

    /** {@code resnet18()}: basic blocks [2, 2, 2, 2], 1000 classes. */
    public static ResNet resnet18() { return resnet18(1000); }

    /** {@code resnet18(num_classes=n)}. */
    public static ResNet resnet18(long numClasses) { return new ResNet(BASIC, new int[] {2, 2, 2, 2}, numClasses); }

    /**
     * {@code resnet18(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static ResNet resnet18(ResNet18Weights weights) {
        return weights == null ? resnet18() : Weights.load(resnet18(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code resnet34()}: basic blocks [3, 4, 6, 3], 1000 classes. */
    public static ResNet resnet34() { return resnet34(1000); }

    /** {@code resnet34(num_classes=n)}. */
    public static ResNet resnet34(long numClasses) { return new ResNet(BASIC, new int[] {3, 4, 6, 3}, numClasses); }

    /**
     * {@code resnet34(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static ResNet resnet34(ResNet34Weights weights) {
        return weights == null ? resnet34() : Weights.load(resnet34(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code resnet50()}: bottleneck blocks [3, 4, 6, 3], 1000 classes. */
    public static ResNet resnet50() { return resnet50(1000); }

    /** {@code resnet50(num_classes=n)}. */
    public static ResNet resnet50(long numClasses) { return new ResNet(BOTTLENECK, new int[] {3, 4, 6, 3}, numClasses); }

    /**
     * {@code resnet50(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static ResNet resnet50(ResNet50Weights weights) {
        return weights == null ? resnet50() : Weights.load(resnet50(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code resnet101()}: bottleneck blocks [3, 4, 23, 3], 1000 classes. */
    public static ResNet resnet101() { return resnet101(1000); }

    /** {@code resnet101(num_classes=n)}. */
    public static ResNet resnet101(long numClasses) { return new ResNet(BOTTLENECK, new int[] {3, 4, 23, 3}, numClasses); }

    /**
     * {@code resnet101(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static ResNet resnet101(ResNet101Weights weights) {
        return weights == null ? resnet101() : Weights.load(resnet101(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code resnet152()}: bottleneck blocks [3, 8, 36, 3], 1000 classes. */
    public static ResNet resnet152() { return resnet152(1000); }

    /** {@code resnet152(num_classes=n)}. */
    public static ResNet resnet152(long numClasses) { return new ResNet(BOTTLENECK, new int[] {3, 8, 36, 3}, numClasses); }

    /**
     * {@code resnet152(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static ResNet resnet152(ResNet152Weights weights) {
        return weights == null ? resnet152() : Weights.load(resnet152(weights.numClasses()), weights, sd -> sd);
    }

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

    /** torchvision's {@code BasicBlock}: two 3x3 convolutions with batch norm, plus the (downsampled) input. */
    public static final class BasicBlock extends Module {
        static final int EXPANSION = 1;
        public final Conv2d conv1;
        public final BatchNorm2d bn1;
        public final ReLU relu = new ReLU(true);
        public final Conv2d conv2;
        public final BatchNorm2d bn2;
        /** A 1x1 convolution and batch norm matching the input to the output, or null when it already matches. */
        public final Sequential downsample;

        BasicBlock(long inplanes, long planes, long stride, Sequential downsample) {
            conv1 = conv3x3(inplanes, planes, stride);
            bn1 = new BatchNorm2d(planes);
            conv2 = conv3x3(planes, planes, 1);
            bn2 = new BatchNorm2d(planes);
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

    /** torchvision's {@code Bottleneck} (ResNet v1.5: the stride on the 3x3 convolution), expansion 4. */
    public static final class Bottleneck extends Module {
        static final int EXPANSION = 4;
        public final Conv2d conv1;
        public final BatchNorm2d bn1;
        public final Conv2d conv2;
        public final BatchNorm2d bn2;
        public final Conv2d conv3;
        public final BatchNorm2d bn3;
        public final ReLU relu = new ReLU(true);
        /** A 1x1 convolution and batch norm matching the input to the output, or null when it already matches. */
        public final Sequential downsample;

        Bottleneck(long inplanes, long planes, long stride, Sequential downsample) {
            conv1 = conv1x1(inplanes, planes, 1);
            bn1 = new BatchNorm2d(planes);
            conv2 = conv3x3(planes, planes, stride);
            bn2 = new BatchNorm2d(planes);
            conv3 = conv1x1(planes, planes * EXPANSION, 1);
            bn3 = new BatchNorm2d(planes * EXPANSION);
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
