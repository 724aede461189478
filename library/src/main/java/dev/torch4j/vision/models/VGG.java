package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.nn.AdaptiveAvgPool2d;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.MaxPool2d;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code torchvision.models.VGG}: {@link #vgg11()} to {@link #vgg19Bn()}, with and without batch norm, without
 * pretrained weights. Module names ({@code features.0.weight}, ..., {@code classifier.6.bias}) and initialisation
 * are torchvision's, so after {@code manualSeed} the weights equal torchvision's and its state dicts load:
 *
 * <pre>{@code
 * VGG model = VGG.vgg16Bn();
 * model.loadStateDict(Torch.load(Path.of("vgg16_bn-6c64b313.pth")));
 * }</pre>
 */
public class VGG extends Module {
    /** In a configuration for {@link #makeLayers}: a 2x2 max pool with stride 2 instead of a convolution. */
    public static final int M = 0;

    // torchvision's configurations "A" (11 layers), "B" (13), "D" (16) and "E" (19)
    private static final int[] A = {64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M};
    private static final int[] B = {64, 64, M, 128, 128, M, 256, 256, M, 512, 512, M, 512, 512, M};
    private static final int[] D = {64, 64, M, 128, 128, M, 256, 256, 256, M, 512, 512, 512, M, 512, 512, 512, M};
    private static final int[] E = {64, 64, M, 128, 128, M, 256, 256, 256, 256, M, 512, 512, 512, 512, M, 512, 512, 512, 512, M};

    /** The convolutional trunk (see {@link #makeLayers}). */
    public final Sequential features;
    /** Pools to 7x7 whatever the input size. */
    public final AdaptiveAvgPool2d avgpool = new AdaptiveAvgPool2d(7, 7);
    /** Linear, ReLU, dropout, linear, ReLU, dropout, linear; replace it to fine-tune for other classes. */
    public Sequential classifier;

    /**
     * {@code VGG(features, num_classes=1000, init_weights=True, dropout=0.5)}: {@code features} must end with 512
     * channels. With {@code initWeights} every convolution is redrawn He-normal (fan_out), every linear layer
     * N(0, 0.01), biases zero, batch norms 1 and 0.
     */
    public VGG(Sequential features, long numClasses, boolean initWeights, double dropout) {
        this.features = features;
        this.classifier = new Sequential(
                new Linear(512 * 7 * 7, 4096), new ReLU(true), new Dropout(dropout),
                new Linear(4096, 4096), new ReLU(true), new Dropout(dropout),
                new Linear(4096, numClasses));
        if (initWeights) {
            for (Module m : modules()) {
                if (m instanceof Conv2d c) {
                    Init.kaimingNormal_(c.weight, 0, "fan_out", "relu", null);
                    if (c.bias != null) Init.constant_(c.bias, 0);
                } else if (m instanceof BatchNorm2d b) {
                    Init.constant_(b.weight, 1);
                    Init.constant_(b.bias, 0);
                } else if (m instanceof Linear l) {
                    Init.normal_(l.weight, 0, 0.01);
                    Init.constant_(l.bias, 0);
                }
            }
        }
    }

    /**
     * torchvision's {@code make_layers(cfg, batch_norm)}: for each entry a 3x3 convolution (padding 1) to that many
     * channels, then batch norm if asked, then ReLU; {@link #M} for a max pool. The input has 3 channels.
     */
    public static Sequential makeLayers(int[] cfg, boolean batchNorm) {
        List<Module> layers = new ArrayList<>();
        long in = 3;
        for (int v : cfg) {
            if (v == M) {
                layers.add(new MaxPool2d(2, 2));
                continue;
            }
            layers.add(new Conv2d(in, v, 3, Conv2d.options().padding(1)));
            if (batchNorm) layers.add(new BatchNorm2d(v));
            layers.add(new ReLU(true));
            in = v;
        }
        return new Sequential(layers.toArray(Module[]::new));
    }

    private static VGG build(int[] cfg, boolean batchNorm, long numClasses) {
        return new VGG(makeLayers(cfg, batchNorm), numClasses, true, 0.5);
    }

    /** {@code vgg11()}: configuration "A", 1000 classes. */
    public static VGG vgg11() { return vgg11(1000); }

    /** {@code vgg11(num_classes=n)}. */
    public static VGG vgg11(long numClasses) { return build(A, false, numClasses); }

    /**
     * {@code vgg11(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static VGG vgg11(VGG11Weights weights) {
        return weights == null ? vgg11() : Weights.load(vgg11(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code vgg11_bn()}: configuration "A" with batch norm, 1000 classes. */
    public static VGG vgg11Bn() { return vgg11Bn(1000); }

    /** {@code vgg11_bn(num_classes=n)}. */
    public static VGG vgg11Bn(long numClasses) { return build(A, true, numClasses); }

    /**
     * {@code vgg11Bn(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static VGG vgg11Bn(VGG11BnWeights weights) {
        return weights == null ? vgg11Bn() : Weights.load(vgg11Bn(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code vgg13()}: configuration "B", 1000 classes. */
    public static VGG vgg13() { return vgg13(1000); }

    /** {@code vgg13(num_classes=n)}. */
    public static VGG vgg13(long numClasses) { return build(B, false, numClasses); }

    /**
     * {@code vgg13(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static VGG vgg13(VGG13Weights weights) {
        return weights == null ? vgg13() : Weights.load(vgg13(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code vgg13_bn()}: configuration "B" with batch norm, 1000 classes. */
    public static VGG vgg13Bn() { return vgg13Bn(1000); }

    /** {@code vgg13_bn(num_classes=n)}. */
    public static VGG vgg13Bn(long numClasses) { return build(B, true, numClasses); }

    /**
     * {@code vgg13Bn(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static VGG vgg13Bn(VGG13BnWeights weights) {
        return weights == null ? vgg13Bn() : Weights.load(vgg13Bn(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code vgg16()}: configuration "D", 1000 classes. */
    public static VGG vgg16() { return vgg16(1000); }

    /** {@code vgg16(num_classes=n)}. */
    public static VGG vgg16(long numClasses) { return build(D, false, numClasses); }

    /**
     * {@code vgg16(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static VGG vgg16(VGG16Weights weights) {
        return weights == null ? vgg16() : Weights.load(vgg16(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code vgg16_bn()}: configuration "D" with batch norm, 1000 classes. */
    public static VGG vgg16Bn() { return vgg16Bn(1000); }

    /** {@code vgg16_bn(num_classes=n)}. */
    public static VGG vgg16Bn(long numClasses) { return build(D, true, numClasses); }

    /**
     * {@code vgg16Bn(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static VGG vgg16Bn(VGG16BnWeights weights) {
        return weights == null ? vgg16Bn() : Weights.load(vgg16Bn(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code vgg19()}: configuration "E", 1000 classes. */
    public static VGG vgg19() { return vgg19(1000); }

    /** {@code vgg19(num_classes=n)}. */
    public static VGG vgg19(long numClasses) { return build(E, false, numClasses); }

    /**
     * {@code vgg19(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static VGG vgg19(VGG19Weights weights) {
        return weights == null ? vgg19() : Weights.load(vgg19(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code vgg19_bn()}: configuration "E" with batch norm, 1000 classes. */
    public static VGG vgg19Bn() { return vgg19Bn(1000); }

    /** {@code vgg19_bn(num_classes=n)}. */
    public static VGG vgg19Bn(long numClasses) { return build(E, true, numClasses); }

    /**
     * {@code vgg19Bn(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static VGG vgg19Bn(VGG19BnWeights weights) {
        return weights == null ? vgg19Bn() : Weights.load(vgg19Bn(weights.numClasses()), weights, sd -> sd);
    }

    @Override
    public Tensor forward(Tensor x) { return classifier.call(avgpool.call(features.call(x)).flatten(1)); }
}
