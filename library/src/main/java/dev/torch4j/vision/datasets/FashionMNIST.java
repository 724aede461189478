package dev.torch4j.vision.datasets;

import dev.torch4j.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code torchvision.datasets.FashionMNIST(root, train, transform, target_transform)} without {@code download}:
 * Zalando's Fashion-MNIST: 28x28 grayscale images of ten kinds of clothing, in MNIST's IDX files ({@code train-images-idx3-ubyte}, ..., plain or {@code .gz}) looked for in
 * {@code <root>/FashionMNIST/raw}, then in {@code root}. Items are as {@link MNIST}'s: a uint8 {@code [1, 28, 28]}
 * image and a 0-d int64 label.
 */
public final class FashionMNIST extends MNIST {
    private static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** {@code FashionMNIST(root, train=True)}. */
    public FashionMNIST(Path root) throws IOException { this(root, true, null, null); }

    /** {@code FashionMNIST(root, train)}: the training ({@code true}) or test set. */
    public FashionMNIST(Path root, boolean train) throws IOException { this(root, train, null, null); }

    /**
     * {@code FashionMNIST(root, train, transform, target_transform)}; null transforms leave items as they are.
     *
     * @throws IOException when a file is missing (the message lists the paths tried) or not a valid IDX file
     */
    public FashionMNIST(Path root, boolean train, UnaryOperator<Tensor> transform, UnaryOperator<Tensor> targetTransform) throws IOException {
        super("FashionMNIST", CLASSES, root, train, transform, targetTransform);
    }
}
