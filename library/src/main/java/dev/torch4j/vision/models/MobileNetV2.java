package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU6;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.ops.Conv2dNormActivation;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code torchvision.models.MobileNetV2} ({@link #mobilenetV2()}) without pretrained weights: inverted residual
 * blocks of depthwise convolutions, torchvision's module names ({@code features.1.conv.0.0.weight}, ...), repr and
 * initialisation, so after {@code manualSeed} the weights equal torchvision's and its state dicts load.
 */
public class MobileNetV2 extends Module {
    /** The convolutional trunk: a stem, the inverted residual blocks, and a 1x1 convolution to {@link #lastChannel}. */
    public final Sequential features;
    /** Dropout and the linear classifier; replace it to fine-tune for other classes. */
    public Sequential classifier;
    /** The trunk's output channels (1280 at width 1). */
    public final long lastChannel;

    private static final int[][] SETTING = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

    /** {@code mobilenet_v2()}: 1000 classes, width 1. */
    public static MobileNetV2 mobilenetV2() { return new MobileNetV2(1000, 1.0, 0.2); }

    /** {@code mobilenet_v2(num_classes=n)}. */
    public static MobileNetV2 mobilenetV2(long numClasses) { return new MobileNetV2(numClasses, 1.0, 0.2); }

    /**
     * {@code mobilenetV2(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static MobileNetV2 mobilenetV2(MobileNetV2Weights weights) {
        return weights == null ? mobilenetV2() : Weights.load(mobilenetV2(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code MobileNetV2(num_classes, width_mult, dropout=...)} with torchvision's block settings and rounding to 8. */
    public MobileNetV2(long numClasses, double widthMult, double dropout) {
        long inputChannel = makeDivisible(32 * widthMult, 8);
        this.lastChannel = makeDivisible(1280 * Math.max(1.0, widthMult), 8);
        List<Module> layers = new ArrayList<>();
        layers.add(convNormActivation(3, inputChannel, 3, 2, 1));
        for (int[] tcns : SETTING) {
            long out = makeDivisible(tcns[1] * widthMult, 8);
            for (int i = 0; i < tcns[2]; i++) {
                layers.add(new InvertedResidual(inputChannel, out, i == 0 ? tcns[3] : 1, tcns[0]));
                inputChannel = out;
            }
        }
        layers.add(convNormActivation(inputChannel, lastChannel, 1, 1, 1));
        this.features = new Sequential(layers.toArray(Module[]::new));
        this.classifier = new Sequential(new Dropout(dropout), new Linear(lastChannel, numClasses));
        initialise(this);
    }

    /** torchvision's MobileNet initialisation: convolutions kaiming-normal (fan_out), batch norms 1 and 0, linears N(0, 0.01). */
    static void initialise(Module model) {
        for (Module m : model.modules()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight, 0, "fan_out", "leaky_relu", null);
                if (c.bias != null) Init.zeros_(c.bias);
            } else if (m instanceof BatchNorm2d b) {
                Init.ones_(b.weight);
                Init.zeros_(b.bias);
            } else if (m instanceof Linear l) {
                Init.normal_(l.weight, 0, 0.01);
                Init.zeros_(l.bias);
            }
        }
    }

    /** torchvision's {@code _make_divisible}: the nearest multiple of {@code divisor}, never more than 10% below {@code v}. */
    static long makeDivisible(double v, int divisor) {
        long n = Math.max(divisor, (long) (v + divisor / 2.0) / divisor * divisor);
        return n < 0.9 * v ? n + divisor : n;
    }

    @Override
    public Tensor forward(Tensor x) {
        x = features.call(x);
        x = Functional.adaptiveAvgPool2d(x, 1, 1);
        x = x.flatten(1);
        return classifier.call(x);
    }

    /** torchvision's {@code Conv2dNormActivation} as MobileNetV2 builds it: no bias, batch norm, ReLU6 in place. */
    private static Conv2dNormActivation convNormActivation(long in, long out, long kernel, long stride, long groups) {
        return new Conv2dNormActivation(in, out, Conv2dNormActivation.options().kernelSize(kernel).stride(stride).groups(groups)
                .activationLayer(ReLU6::new));
    }

    /** torchvision's {@code InvertedResidual}: expand (1x1), depthwise 3x3, project (1x1); the input added when shapes allow. */
    public static final class InvertedResidual extends Module {
        /** The block's layers. */
        public final Sequential conv;
        private final boolean useResConnect;

        InvertedResidual(long inp, long oup, long stride, int expandRatio) {
            long hidden = Math.round(inp * (double) expandRatio);
            this.useResConnect = stride == 1 && inp == oup;
            List<Module> layers = new ArrayList<>();
            if (expandRatio != 1) layers.add(convNormActivation(inp, hidden, 1, 1, 1));
            layers.add(convNormActivation(hidden, hidden, 3, stride, hidden));
            layers.add(new Conv2d(hidden, oup, 1, Conv2d.options().bias(false)));
            layers.add(new BatchNorm2d(oup));
            this.conv = new Sequential(layers.toArray(Module[]::new));
        }

        @Override
        public Tensor forward(Tensor x) { return useResConnect ? x.add(conv.call(x)) : conv.call(x); }
    }
}
