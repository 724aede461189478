package dev.torch4j.vision.datasets;

import dev.torch4j.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code torchvision.datasets.CIFAR100(root, train, transform, target_transform)} without {@code download}: as
 * {@link CIFAR10} (a subclass, as in torchvision), with 100 classes, from {@code <root>/cifar-100-python/train},
 * {@code test} and {@code meta} or the archive {@code <root>/cifar-100-python.tar.gz}. Labels are the fine labels
 * and {@link #classes()} their names ({@code fine_label_names}), as torchvision has them.
 */
public final class CIFAR100 extends CIFAR10 {
    private static final Layout LAYOUT = new Layout("CIFAR100", "cifar-100-python", "cifar-100-python.tar.gz",
            "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz", List.of("train"), List.of("test"), "meta",
            "fine_label_names");

    /** {@code CIFAR100(root, train=True)}: the training set, without transforms. */
    public CIFAR100(Path root) throws IOException { this(root, true, null, null); }

    /** {@code CIFAR100(root, train)}: the training ({@code true}) or test set, without transforms. */
    public CIFAR100(Path root, boolean train) throws IOException { this(root, train, null, null); }

    /** {@code CIFAR100(root, train, transform)}; a null transform leaves images as they are. */
    public CIFAR100(Path root, boolean train, UnaryOperator<Tensor> transform) throws IOException { this(root, train, transform, null); }

    /** {@code CIFAR100(root, train, transform, target_transform)}; see {@link CIFAR10}. */
    public CIFAR100(Path root, boolean train, UnaryOperator<Tensor> transform, UnaryOperator<Tensor> targetTransform) throws IOException {
        super(LAYOUT, root, train, transform, targetTransform);
    }
}
