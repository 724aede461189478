package dev.torch4j.vision.datasets;

import dev.torch4j.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code torchvision.datasets.KMNIST(root, train, transform, target_transform)} without {@code download}:
 * Kuzushiji-MNIST: 28x28 grayscale images of ten cursive Japanese (hiragana) characters, in MNIST's IDX files ({@code train-images-idx3-ubyte}, ..., plain or {@code .gz}) looked for in
 * {@code <root>/KMNIST/raw}, then in {@code root}. Items are as {@link MNIST}'s: a uint8 {@code [1, 28, 28]}
 * image and a 0-d int64 label.
 */
public final class KMNIST extends MNIST {
    private static final List<String> CLASSES = List.of("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo");

    /** {@code KMNIST(root, train=True)}. */
    public KMNIST(Path root) throws IOException { this(root, true, null, null); }

    /** {@code KMNIST(root, train)}: the training ({@code true}) or test set. */
    public KMNIST(Path root, boolean train) throws IOException { this(root, train, null, null); }

    /**
     * {@code KMNIST(root, train, transform, target_transform)}; null transforms leave items as they are.
     *
     * @throws IOException when a file is missing (the message lists the paths tried) or not a valid IDX file
     */
    public KMNIST(Path root, boolean train, UnaryOperator<Tensor> transform, UnaryOperator<Tensor> targetTransform) throws IOException {
        super("KMNIST", CLASSES, root, train, transform, targetTransform);
    }
}
