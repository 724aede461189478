package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.nn.AdaptiveAvgPool2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.MaxPool2d;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;

/**
 * {@code torchvision.models.AlexNet} ({@link #alexnet()}) without pretrained weights: five convolutions and three
 * linear layers with torchvision's module names ({@code features.0.weight}, ..., {@code classifier.6.bias}) and
 * initialisation (the layers' own defaults, drawn in construction order), so after {@code manualSeed} the weights
 * equal torchvision's and its state dicts load. Inputs of at least 63x63 pixels.
 *
 * <pre>{@code
 * AlexNet model = AlexNet.alexnet();
 * model.loadStateDict(Torch.load(Path.of("alexnet-owt-7be5be79.pth")));
 * }</pre>
 */
public class AlexNet extends Module {
    /** The convolutional trunk. */
    public final Sequential features;
    /** Pools to 6x6 whatever the input size. */
    public final AdaptiveAvgPool2d avgpool = new AdaptiveAvgPool2d(6, 6);
    /** Dropout, linear, ReLU, dropout, linear, ReLU, linear; replace it to fine-tune for other classes. */
    public Sequential classifier;

    /** {@code alexnet()}: 1000 classes. */
    public static AlexNet alexnet() { return new AlexNet(1000, 0.5); }

    /** {@code alexnet(num_classes=n)}. */
    public static AlexNet alexnet(long numClasses) { return new AlexNet(numClasses, 0.5); }

    /**
     * {@code alexnet(weights=weights)}: the model with {@code weights} loaded (downloaded once into the hub cache,
     * SHA-256 checked, see {@link Weights#getStateDict}); null builds it untrained, as {@code weights=None} does.
     */
    public static AlexNet alexnet(AlexNetWeights weights) {
        return weights == null ? alexnet() : Weights.load(alexnet(weights.numClasses()), weights, sd -> sd);
    }

    /** {@code AlexNet(num_classes, dropout)}. */
    public AlexNet(long numClasses, double dropout) {
        features = new Sequential(
                conv(3, 64, 11, 4, 2), new ReLU(true), pool(),
                conv(64, 192, 5, 1, 2), new ReLU(true), pool(),
                conv(192, 384, 3, 1, 1), new ReLU(true),
                conv(384, 256, 3, 1, 1), new ReLU(true),
                conv(256, 256, 3, 1, 1), new ReLU(true), pool());
        classifier = new Sequential(
                new Dropout(dropout), new Linear(256 * 6 * 6, 4096), new ReLU(true),
                new Dropout(dropout), new Linear(4096, 4096), new ReLU(true),
                new Linear(4096, numClasses));
    }

    private static Conv2d conv(long in, long out, long kernel, long stride, long padding) {
        return new Conv2d(in, out, kernel, Conv2d.options().stride(stride).padding(padding));
    }

    private static MaxPool2d pool() { return new MaxPool2d(3, 2); }

    @Override
    public Tensor forward(Tensor x) { return classifier.call(avgpool.call(features.call(x)).flatten(1)); }
}
