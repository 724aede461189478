package dev.torch4j.vision.datasets;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.core.Shapes;
import dev.torch4j.data.Dataset;
import dev.torch4j.data.Example;
import dev.torch4j.io.Idx;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * {@code torchvision.datasets.MNIST(root, train, transform, target_transform)} without {@code download}: the 60,000
 * training or 10,000 test digits, read from the four IDX files you bring ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each plain or
 * {@code .gz}). Each file is looked for in torchvision's folder {@code <root>/MNIST/raw} first, then in
 * {@code root} itself; a missing file is reported with every path tried.
 *
 * <p>Item {@code i} is an {@link Example} {@code (image, label)}: the image is a uint8 {@code [1, 28, 28]} tensor
 * (what {@code pil_to_tensor} gives for torchvision's PIL image; {@link dev.torch4j.vision.transforms.Transforms#toTensor()}
 * turns it into torchvision's {@code ToTensor()} output), the label a 0-d int64 tensor; then {@code transform} and
 * {@code targetTransform}, when given, are applied to them. Without transforms, items are views of {@link #data()}
 * and {@link #targets()}, so write only to copies.
 *
 * <pre>{@code
 * var train = new MNIST(Path.of("data"), true, new Compose(Transforms.toTensor(),
 *         Transforms.normalize(new double[] {0.1307}, new double[] {0.3081})));
 * for (Example batch : new DataLoader<>(train, DataLoader.options(64).shuffle(true))) {
 *     Tensor x = batch.input(), y = batch.target();   // float32 [64, 1, 28, 28], int64 [64]
 * }
 * }</pre>
 */
public sealed class MNIST implements Dataset<Example> permits FashionMNIST, KMNIST, EMNIST, QMNIST {
    /** torchvision's {@code MNIST.classes} (QMNIST's too). */
    static final List<String> CLASSES = List.of("0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
            "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine");

    private final String name;
    private final List<String> classes;
    private final Path root;
    private final boolean train;
    private final UnaryOperator<Tensor> transform, targetTransform;
    private final Tensor data, targets;

    /** {@code MNIST(root, train=True)}: the training set, without transforms. */
    public MNIST(Path root) throws IOException { this(root, true, null, null); }

    /** {@code MNIST(root, train)}: the training ({@code true}) or test set, without transforms. */
    public MNIST(Path root, boolean train) throws IOException { this(root, train, null, null); }

    /** {@code MNIST(root, train, transform)}; a null transform leaves images as they are. */
    public MNIST(Path root, boolean train, UnaryOperator<Tensor> transform) throws IOException { this(root, train, transform, null); }

    /**
     * {@code MNIST(root, train, transform, target_transform)}; null transforms leave items as they are.
     *
     * @throws FileNotFoundException when a file is in none of the folders (the message lists the paths tried)
     * @throws IOException           when a file is not a valid MNIST IDX file, or images and labels disagree in number
     */
    public MNIST(Path root, boolean train, UnaryOperator<Tensor> transform, UnaryOperator<Tensor> targetTransform) throws IOException {
        this("MNIST", CLASSES, root, train, transform, targetTransform);
    }

    /** For the MNIST-format datasets: {@code name} is torchvision's class name, also its folder under {@code root}. */
    MNIST(String name, List<String> classes, Path root, boolean train, UnaryOperator<Tensor> transform, UnaryOperator<Tensor> targetTransform)
            throws IOException {
        this(name, classes, root, train, load(name, root, (train ? "train" : "t10k") + "-images-idx3-ubyte",
                (train ? "train" : "t10k") + "-labels-idx1-ubyte", 1), transform, targetTransform);
    }

    /** Over loaded {@code {data, targets}} (see {@link #load}). */
    MNIST(String name, List<String> classes, Path root, boolean train, Tensor[] dataAndTargets, UnaryOperator<Tensor> transform,
          UnaryOperator<Tensor> targetTransform) {
        this.name = name;
        this.classes = classes;
        this.root = root;
        this.train = train;
        this.transform = transform;
        this.targetTransform = targetTransform;
        this.data = dataAndTargets[0];
        this.targets = dataAndTargets[1];
    }

    /**
     * Reads {@code {data, targets}} from the two files (found as {@link #find} does): uint8 {@code [N, H, W]}
     * images and, for {@code labelDims == 1}, uint8 {@code [N]} labels, else integer {@code [N, K]} label rows
     * (QMNIST's); labels come back as int64.
     */
    static Tensor[] load(String name, Path root, String imagesName, String labelsName, int labelDims) throws IOException {
        Objects.requireNonNull(root, "root");
        Path imagesFile = find(name, root, imagesName), labelsFile = find(name, root, labelsName);
        Tensor images = Idx.load(imagesFile), labels = Idx.load(labelsFile);
        if (images.dtype() != DType.UINT8 || images.dim() != 3) {
            throw new IOException(imagesFile + ": " + name + " images should be uint8 [N, H, W], got " + images.dtype().pyName() + " "
                    + Shapes.str(images.shapeArray()));
        }
        boolean labelsOk = labels.dim() == labelDims && (labelDims == 1 ? labels.dtype() == DType.UINT8 : !labels.isFloatingPoint());
        if (!labelsOk) {
            throw new IOException(labelsFile + ": " + name + " labels should be " + (labelDims == 1 ? "uint8 [N]" : "integer [N, K]")
                    + ", got " + labels.dtype().pyName() + " " + Shapes.str(labels.shapeArray()));
        }
        if (images.size(0) != labels.size(0)) {
            throw new IOException(name + ": " + imagesFile + " holds " + images.size(0) + " images but " + labelsFile + " holds "
                    + labels.size(0) + " labels");
        }
        return new Tensor[] {images, labels.to(DType.INT64)};
    }

    /** The first of {@code <root>/<name>/raw/<file>}, its {@code .gz}, {@code <root>/<file>}, its {@code .gz} that exists. */
    private static Path find(String name, Path root, String fileName) throws FileNotFoundException {
        List<Path> tried = new ArrayList<>();
        for (Path dir : List.of(root.resolve(name).resolve("raw"), root)) {
            for (String file : List.of(fileName, fileName + ".gz")) {
                Path p = dir.resolve(file);
                if (Files.isRegularFile(p)) return p;
                tried.add(p);
            }
        }
        throw new FileNotFoundException(name + ": " + fileName + " not found; looked for " + tried.stream().map(Path::toString)
                .reduce((a, b) -> a + ", " + b).orElseThrow() + ". torch4j does not download datasets: put the " + name + " files "
                + "(plain or .gz) in " + root.resolve(name).resolve("raw") + " or " + root);
    }

    /** torchvision's {@code verify_str_arg}: the value when it is one of {@code valid}, else its ValueError. */
    static String verifyStrArg(String value, String arg, List<String> valid) {
        if (valid.contains(value)) return value;
        throw new IllegalArgumentException("Unknown value '" + value + "' for argument " + arg + ". Valid values are {'"
                + String.join("', '", valid) + "'}.");
    }

    /** The target of item {@code index} before {@code targetTransform}. */
    Tensor target(long index) { return targets.select(0, index); }

    @Override
    public Example get(long index) {
        if (index < 0 || index >= size()) throw new IndexOutOfBoundsException("index " + index + " is out of bounds for dimension 0 with size " + size());
        Tensor img = data.select(0, index).unsqueeze(0);
        Tensor target = target(index);
        if (transform != null) img = transform.apply(img);
        if (targetTransform != null) target = targetTransform.apply(target);
        return new Example(img, target);
    }

    @Override
    public long size() { return data.size(0); }

    /** {@code MNIST.data}: every image, uint8 {@code [N, 28, 28]}. */
    public Tensor data() { return data; }

    /** {@code MNIST.targets}: every label, int64 {@code [N]}. */
    public Tensor targets() { return targets; }

    /** {@code MNIST.classes}: {@code "0 - zero"} to {@code "9 - nine"}. */
    public List<String> classes() { return classes; }

    /** The folder given as {@code root}. */
    public Path root() { return root; }

    /** Whether this is the training set ({@code train=True}). */
    public boolean train() { return train; }

    /** The image transform, or null. */
    public UnaryOperator<Tensor> transform() { return transform; }

    /** The label transform, or null. */
    public UnaryOperator<Tensor> targetTransform() { return targetTransform; }

    /** torchvision's {@code VisionDataset} repr: the size, root, split and transforms. */
    @Override
    public String toString() { return VisionRepr.of(name, size(), root, train, transform, targetTransform); }
}
