package dev.torch4j.vision.datasets;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;
import dev.torch4j.data.Dataset;
import dev.torch4j.data.Example;
import dev.torch4j.io.Pickle;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code torchvision.datasets.CIFAR10(root, train, transform, target_transform)} without {@code download}: the
 * 50,000 training or 10,000 test 32x32 colour images of ten classes, read from the files you bring, either as
 * torchvision leaves them ({@code <root>/cifar-10-batches-py/data_batch_1} ... {@code data_batch_5},
 * {@code test_batch}, {@code batches.meta}: the "python version" of the dataset, pickles written by Python 2) or as
 * the archive {@code <root>/cifar-10-python.tar.gz} itself, read without extracting it. The pickles are read by
 * torch4j's restricted unpickler ({@link Pickle}), which never runs code named by a file. Unlike torchvision, the
 * files' MD5 sums are not checked; damaged files fail to parse instead.
 *
 * <p>Item {@code i} is an {@link Example} {@code (image, label)}: the image a uint8 {@code [3, 32, 32]} tensor (what
 * {@code pil_to_tensor} gives for torchvision's PIL image; {@link dev.torch4j.vision.transforms.Transforms#toTensor()}
 * makes it torchvision's {@code ToTensor()} output), the label a 0-d int64 tensor; then {@code transform} and
 * {@code targetTransform}, when given. Without transforms, items are views of the loaded images, so write only to
 * copies.
 *
 * <pre>{@code
 * var transform = new Compose(Transforms.toTensor(),
 *         Transforms.normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5}));
 * var trainset = new CIFAR10(Path.of("data"), true, transform);
 * var trainloader = new DataLoader<>(trainset, DataLoader.options(4).shuffle(true));
 * }</pre>
 */
public class CIFAR10 implements Dataset<Example> {
    /** Where a CIFAR variant keeps its files, and what they are called. */
    record Layout(String name, String baseFolder, String archive, String url, List<String> trainFiles, List<String> testFiles,
                  String metaFile, String metaKey) {}

    private static final Layout LAYOUT = new Layout("CIFAR10", "cifar-10-batches-py", "cifar-10-python.tar.gz",
            "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
            List.of("data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5"), List.of("test_batch"),
            "batches.meta", "label_names");

    private static final int H = 32, W = 32, C = 3;

    private final Layout layout;
    private final Path root;
    private final boolean train;
    private final UnaryOperator<Tensor> transform, targetTransform;
    /** uint8 [N, 3, 32, 32]: the pickles' row layout (channel planes), so an item is a contiguous view. */
    private final Tensor images;
    private final Tensor targets;
    private final List<String> classes;
    private final Map<String, Integer> classToIdx;

    /** {@code CIFAR10(root, train=True)}: the training set, without transforms. */
    public CIFAR10(Path root) throws IOException { this(root, true, null, null); }

    /** {@code CIFAR10(root, train)}: the training ({@code true}) or test set, without transforms. */
    public CIFAR10(Path root, boolean train) throws IOException { this(root, train, null, null); }

    /** {@code CIFAR10(root, train, transform)}; a null transform leaves images as they are. */
    public CIFAR10(Path root, boolean train, UnaryOperator<Tensor> transform) throws IOException { this(root, train, transform, null); }

    /**
     * {@code CIFAR10(root, train, transform, target_transform)}; null transforms leave items as they are.
     *
     * @throws FileNotFoundException when neither the folder's files nor the archive are there (the message lists the
     *                               paths tried and where to get the dataset)
     * @throws IOException           when a file is not a CIFAR batch (the message names it and what is wrong)
     */
    public CIFAR10(Path root, boolean train, UnaryOperator<Tensor> transform, UnaryOperator<Tensor> targetTransform) throws IOException {
        this(LAYOUT, root, train, transform, targetTransform);
    }

    CIFAR10(Layout layout, Path root, boolean train, UnaryOperator<Tensor> transform, UnaryOperator<Tensor> targetTransform)
            throws IOException {
        this.layout = layout;
        this.root = Objects.requireNonNull(root, "root");
        this.train = train;
        this.transform = transform;
        this.targetTransform = targetTransform;
        List<String> batches = train ? layout.trainFiles() : layout.testFiles();
        Map<String, Object> pickles = readPickles(batches);
        this.classes = classes(pickles.get(layout.metaFile()));
        List<Tensor> data = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        for (String b : batches) readBatch(b, pickles.get(b), data, labels);
        this.images = Torch.cat(data, 0).view(-1, C, H, W);
        this.targets = Torch.tensor(labels.stream().mapToLong(Long::longValue).toArray());
        Map<String, Integer> idx = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) idx.put(classes.get(i), i);
        this.classToIdx = java.util.Collections.unmodifiableMap(idx);
    }

    /** Each file unpickled, from the extracted folder when all of them are there, else from the archive. */
    private Map<String, Object> readPickles(List<String> batches) throws IOException {
        List<String> names = new ArrayList<>(batches);
        names.add(layout.metaFile());
        Path folder = root.resolve(layout.baseFolder());
        Path archive = root.resolve(layout.archive());
        Map<String, Object> out = new LinkedHashMap<>();
        List<Path> missing = new ArrayList<>();
        for (String n : names) if (!Files.isRegularFile(folder.resolve(n))) missing.add(folder.resolve(n));
        if (missing.isEmpty()) {
            for (String n : names) out.put(n, Pickle.load(folder.resolve(n), "latin1"));
            return out;
        }
        if (!Files.isRegularFile(archive)) {
            throw new FileNotFoundException(layout.name() + ": " + missing.get(0) + " not found, nor the archive " + archive
                    + ". torch4j does not download datasets: get " + layout.url() + " and put it in " + root
                    + " as it is, or extracted (" + folder + ")");
        }
        Set<String> members = new LinkedHashSet<>();
        for (String n : names) members.add(layout.baseFolder() + "/" + n);
        Map<String, byte[]> bytes = TarGz.read(archive, members);
        for (String n : names) {
            byte[] b = bytes.get(layout.baseFolder() + "/" + n);
            if (b == null) throw new IOException(archive + " holds no " + layout.baseFolder() + "/" + n + ": is it the " + layout.name() + " archive?");
            out.put(n, Pickle.loads(b, "latin1", archive + "!" + layout.baseFolder() + "/" + n));
        }
        return out;
    }

    private List<String> classes(Object meta) throws IOException {
        String where = layout.baseFolder() + "/" + layout.metaFile();
        if (!(meta instanceof Map<?, ?> m) || !(m.get(layout.metaKey()) instanceof List<?> names)) {
            throw new IOException(where + ": expected a dict with a list '" + layout.metaKey() + "'");
        }
        List<String> out = new ArrayList<>();
        for (Object o : names) {
            if (!(o instanceof String s)) throw new IOException(where + ": '" + layout.metaKey() + "' holds a non-string");
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** torchvision's reading of one batch: its {@code data} rows and its {@code labels} (or {@code fine_labels}). */
    private void readBatch(String name, Object pickle, List<Tensor> data, List<Long> labels) throws IOException {
        String where = layout.baseFolder() + "/" + name;
        if (!(pickle instanceof Map<?, ?> m)) throw new IOException(where + ": expected a dict, got " + describe(pickle));
        if (!(m.get("data") instanceof Tensor d) || d.dtype() != DType.UINT8 || d.dim() != 2 || d.size(1) != C * H * W) {
            Object d = m.get("data");
            throw new IOException(where + ": 'data' should be a uint8 array [N, 3072], got "
                    + (d instanceof Tensor t ? t.dtype().pyName() + " " + Shapes.str(t.shapeArray()) : describe(d)));
        }
        Object ls = m.containsKey("labels") ? m.get("labels") : m.get("fine_labels");
        if (!(ls instanceof List<?> list) || list.size() != d.size(0)) {
            throw new IOException(where + ": expected a list of " + d.size(0) + " labels ('labels' or 'fine_labels'), got "
                    + (ls instanceof List<?> l ? l.size() + " labels" : describe(ls)));
        }
        for (Object o : list) {
            if (!(o instanceof Long v) || v < 0 || v >= classes.size()) {
                throw new IOException(where + ": label " + o + " is not a class index in [0, " + classes.size() + ")");
            }
            labels.add(v);
        }
        data.add(d);
    }

    private static String describe(Object o) {
        return o == null ? "nothing" : o.getClass().getSimpleName();
    }

    @Override
    public Example get(long index) {
        if (index < 0 || index >= size()) throw new IndexOutOfBoundsException("index " + index + " is out of bounds for dimension 0 with size " + size());
        Tensor img = images.select(0, index);
        Tensor target = targets.select(0, index);
        if (transform != null) img = transform.apply(img);
        if (targetTransform != null) target = targetTransform.apply(target);
        return new Example(img, target);
    }

    @Override
    public long size() { return images.size(0); }

    /** {@code CIFAR10.data}: every image, uint8 {@code [N, 32, 32, 3]} (height, width, channel, as torchvision's). */
    public Tensor data() { return images.permute(0, 2, 3, 1); }

    /** {@code CIFAR10.targets}: every label, int64 {@code [N]}. */
    public Tensor targets() { return targets; }

    /** {@code CIFAR10.classes}: the class names from the dataset's meta file ({@code "airplane"}, ...). */
    public List<String> classes() { return classes; }

    /** {@code CIFAR10.class_to_idx}: each class name's index. */
    public Map<String, Integer> classToIdx() { return classToIdx; }

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
    public String toString() { return VisionRepr.of(layout.name(), size(), root, train, transform, targetTransform); }
}
