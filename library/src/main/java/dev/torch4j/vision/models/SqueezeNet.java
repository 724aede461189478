package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.AdaptiveAvgPool2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.MaxPool2d;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;

/**
 * {@code torchvision.models.SqueezeNet} ({@link #squeezenet1_0()}, {@link #squeezenet1_1()}) without pretrained
 * weights: Fire modules (a 1x1 squeeze, then 1x1 and 3x3 expansions concatenated) and a convolutional classifier,
 * with torchvision's module names ({@code features.3.expand3x3.weight}, {@code classifier.1.bias}, ...) and
 * initialisation, so after {@code manualSeed} the weights equal torchvision's and its state dicts load.
 */
public class SqueezeNet extends Module {
    /** The number of classes (the final convolution's output channels). */
    public final long numClasses;
    /** The convolutional trunk of Fire modules. */
    public final Sequential features;
    /** Dropout, the final 1x1 convolution to {@link #numClasses}, ReLU and a global average pool. */
    public Sequential classifier;

    /** {@code squeezenet1_0()}: the paper's network, 1000 classes. */
    public static SqueezeNet squeezenet1_0() { return new SqueezeNet("1_0", 1000, 0.5); }

    /** {@code squeezenet1_0(num_classes=n)}. */
    public static SqueezeNet squeezenet1_0(long numClasses) { return new SqueezeNet("1_0", numClasses, 0.5); }

    /**
     * {@code squeezenet1_0(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static SqueezeNet squeezenet1_0(SqueezeNet1_0Weights weights) {
        return weights == null ? squeezenet1_0() : Weights.load(squeezenet1_0(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code squeezenet1_1()}: 2.4x less computation than 1.0 at the same accuracy, 1000 classes. */
    public static SqueezeNet squeezenet1_1() { return new SqueezeNet("1_1", 1000, 0.5); }

    /** {@code squeezenet1_1(num_classes=n)}. */
    public static SqueezeNet squeezenet1_1(long numClasses) { return new SqueezeNet("1_1", numClasses, 0.5); }

    /**
     * {@code squeezenet1_1(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static SqueezeNet squeezenet1_1(SqueezeNet1_1Weights weights) {
        return weights == null ? squeezenet1_1() : Weights.load(squeezenet1_1(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code SqueezeNet(version, num_classes, dropout)} with version {@code "1_0"} or {@code "1_1"}. */
    public SqueezeNet(String version, long numClasses, double dropout) {
        this.numClasses = numClasses;
        features = switch (version) {
            case "1_0" -> new Sequential(
                    new Conv2d(3, 96, 7, Conv2d.options().stride(2)), new ReLU(true), pool(),
                    new Fire(96, 16, 64, 64), new Fire(128, 16, 64, 64), new Fire(128, 32, 128, 128), pool(),
                    new Fire(256, 32, 128, 128), new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192),
                    new Fire(384, 64, 256, 256), pool(),
                    new Fire(512, 64, 256, 256));
            case "1_1" -> new Sequential(
                    new Conv2d(3, 64, 3, Conv2d.options().stride(2)), new ReLU(true), pool(),
                    new Fire(64, 16, 64, 64), new Fire(128, 16, 64, 64), pool(),
                    new Fire(128, 32, 128, 128), new Fire(256, 32, 128, 128), pool(),
                    new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192), new Fire(384, 64, 256, 256),
                    new Fire(512, 64, 256, 256));
            default -> throw new IllegalArgumentException("Unsupported SqueezeNet version " + version + ": 1_0 or 1_1 expected");
        };
        Conv2d finalConv = new Conv2d(512, numClasses, 1);
        classifier = new Sequential(new Dropout(dropout), finalConv, new ReLU(true), new AdaptiveAvgPool2d(1, 1));
        // the final convolution starts small, as the classifier of the other models does
        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                if (c == finalConv) Init.normal_(c.weight, 0.0, 0.01);
                else Init.kaimingUniform_(c.weight, 0);
                if (c.bias != null) Init.constant_(c.bias, 0);
            }
        }
    }

    private static MaxPool2d pool() {
        return new MaxPool2d(new long[] {3}, new long[] {2}, new long[] {0}, new long[] {1}, false, true);
    }

    @Override
    public Tensor forward(Tensor x) { return classifier.call(features.call(x)).flatten(1); }

    /** torchvision's {@code Fire}: a 1x1 squeeze, then 1x1 and 3x3 expansions whose outputs are concatenated. */
    public static final class Fire extends Module {
        /** The input channels. */
        public final long inplanes;
        /** The 1x1 squeeze convolution. */
        public final Conv2d squeeze;
        /** ReLU after the squeeze. */
        public final ReLU squeeze_activation = new ReLU(true);
        /** The 1x1 expansion. */
        public final Conv2d expand1x1;
        /** ReLU after the 1x1 expansion. */
        public final ReLU expand1x1_activation = new ReLU(true);
        /** The 3x3 expansion (padding 1). */
        public final Conv2d expand3x3;
        /** ReLU after the 3x3 expansion. */
        public final ReLU expand3x3_activation = new ReLU(true);

        /** {@code Fire(inplanes, squeeze_planes, expand1x1_planes, expand3x3_planes)}. */
        public Fire(long inplanes, long squeezePlanes, long expand1x1Planes, long expand3x3Planes) {
            this.inplanes = inplanes;
            this.squeeze = new Conv2d(inplanes, squeezePlanes, 1);
            this.expand1x1 = new Conv2d(squeezePlanes, expand1x1Planes, 1);
            this.expand3x3 = new Conv2d(squeezePlanes, expand3x3Planes, 3, Conv2d.options().padding(1));
        }

        @Override
        public Tensor forward(Tensor x) {
            x = squeeze_activation.call(squeeze.call(x));
            return Torch.cat(new Tensor[] {expand1x1_activation.call(expand1x1.call(x)), expand3x3_activation.call(expand3x3.call(x))}, 1);
        }
    }
}
