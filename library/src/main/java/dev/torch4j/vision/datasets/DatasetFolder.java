package dev.torch4j.vision.datasets;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.data.Dataset;
import dev.torch4j.data.Example;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * {@code torchvision.datasets.DatasetFolder(root, loader, extensions, transform, target_transform, is_valid_file)}:
 * samples arranged as {@code root/<class>/.../<file>}. Classes are the sub-folders of {@code root}, sorted
 * ({@code classToIdx} numbers them in that order); samples are found as torchvision's {@code make_dataset} finds
 * them: class by class in sorted order, each class folder walked (following links) with its folders in sorted path
 * order and the files of each sorted by name, keeping a file whose lower-cased name ends with one of
 * {@code extensions} (or, instead, that {@code isValidFile} accepts).
 *
 * <p>Item {@code i} is an {@link Example}: {@code loader(path)} and the class index as a 0-d int64 tensor, then
 * {@code transform} and {@code targetTransform} when given.
 */
public sealed class DatasetFolder implements Dataset<Example> permits ImageFolder {
    /** Reads one sample file ({@code loader} in torchvision). */
    @FunctionalInterface
    public interface Loader {
        /** The sample stored at {@code path}. */
        Tensor load(Path path) throws IOException;
    }

    /** One sample: its file and class index ({@code samples[i]} in torchvision). */
    public record Sample(Path path, int classIndex) {}

    private final Path root;
    private final Loader loader;
    private final List<String> extensions;
    private final UnaryOperator<Tensor> transform, targetTransform;
    private final List<String> classes;
    private final Map<String, Integer> classToIdx;
    private final List<Sample> samples;

    /**
     * {@code DatasetFolder(root, loader, extensions, transform, target_transform, is_valid_file)}: exactly one of
     * {@code extensions} (e.g. {@code List.of(".npy")}) and {@code isValidFile} must be given.
     *
     * @throws FileNotFoundException    when {@code root} has no class folder, or a class has no valid file
     * @throws IllegalArgumentException when both or neither of {@code extensions} and {@code isValidFile} are given
     */
    public DatasetFolder(Path root, Loader loader, List<String> extensions, UnaryOperator<Tensor> transform,
                         UnaryOperator<Tensor> targetTransform, Predicate<Path> isValidFile) throws IOException {
        this.root = Objects.requireNonNull(root, "root");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.extensions = extensions == null ? null : List.copyOf(extensions);
        this.transform = transform;
        this.targetTransform = targetTransform;
        this.classes = findClasses(root);
        Map<String, Integer> idx = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) idx.put(classes.get(i), i);
        this.classToIdx = Collections.unmodifiableMap(idx);
        this.samples = makeDataset(root, classToIdx, this.extensions, isValidFile);
    }

    /** torchvision's {@code find_classes}: the sub-folders of {@code directory}, sorted. */
    public static List<String> findClasses(Path directory) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path p : (Iterable<Path>) entries::iterator) if (Files.isDirectory(p)) found.add(p.getFileName().toString());
        }
        if (found.isEmpty()) throw new FileNotFoundException("Couldn't find any class folder in " + directory + ".");
        Collections.sort(found);
        return List.copyOf(found);
    }

    /** Whether the lower-cased file name ends with one of {@code extensions} ({@code has_file_allowed_extension}). */
    public static boolean hasFileAllowedExtension(Path file, List<String> extensions) {
        String name = file.toString().toLowerCase(Locale.ROOT);
        for (String e : extensions) if (name.endsWith(e)) return true;
        return false;
    }

    /** torchvision's {@code make_dataset}. */
    static List<Sample> makeDataset(Path directory, Map<String, Integer> classToIdx, List<String> extensions, Predicate<Path> isValidFile)
            throws IOException {
        if (classToIdx.isEmpty()) throw new IllegalArgumentException("'class_to_index' must have at least one entry to collect any samples.");
        if ((extensions == null) == (isValidFile == null)) {
            throw new IllegalArgumentException("Both extensions and is_valid_file cannot be None or not None at the same time");
        }
        Predicate<Path> valid = extensions != null ? p -> hasFileAllowedExtension(p, extensions) : isValidFile;
        List<Sample> out = new ArrayList<>();
        TreeSet<String> empty = new TreeSet<>(classToIdx.keySet());
        for (String cls : new TreeSet<>(classToIdx.keySet())) {
            Path dir = directory.resolve(cls);
            if (!Files.isDirectory(dir)) continue;
            List<Path> folders;
            try (Stream<Path> walk = Files.walk(dir, Integer.MAX_VALUE, FileVisitOption.FOLLOW_LINKS)) {
                folders = new ArrayList<>(walk.filter(Files::isDirectory).toList());
            }
            folders.sort((a, b) -> a.toString().compareTo(b.toString())); // sorted(os.walk(...)): by the folder's path string
            for (Path folder : folders) {
                List<Path> files;
                try (Stream<Path> list = Files.list(folder)) {
                    files = new ArrayList<>(list.filter(p -> !Files.isDirectory(p)).toList());
                }
                files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
                for (Path f : files) {
                    if (valid.test(f)) {
                        out.add(new Sample(f, classToIdx.get(cls)));
                        empty.remove(cls);
                    }
                }
            }
        }
        if (!empty.isEmpty()) {
            String msg = "Found no valid file for the classes " + String.join(", ", empty) + ". ";
            if (extensions != null) msg += "Supported extensions are: " + String.join(", ", extensions);
            throw new FileNotFoundException(msg);
        }
        return List.copyOf(out);
    }

    /**
     * The sample at {@code index}: the loaded file and its class index (0-d int64), transformed.
     *
     * @throws UncheckedIOException when the loader fails
     */
    @Override
    public Example get(long index) {
        if (index < 0 || index >= size()) throw new IndexOutOfBoundsException("index " + index + " is out of range for " + size() + " samples");
        Sample s = samples.get((int) index);
        Tensor sample;
        try {
            sample = loader.load(s.path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tensor target = Torch.tensor((long) s.classIndex());
        if (transform != null) sample = transform.apply(sample);
        if (targetTransform != null) target = targetTransform.apply(target);
        return new Example(sample, target);
    }

    @Override
    public long size() { return samples.size(); }

    /** {@code classes}: the class folder names, sorted. */
    public List<String> classes() { return classes; }

    /** {@code class_to_idx}: each class name's index, in sorted order. */
    public Map<String, Integer> classToIdx() { return classToIdx; }

    /** {@code samples}: every (path, class index), in torchvision's order. */
    public List<Sample> samples() { return samples; }

    /** {@code targets}: each sample's class index. */
    public List<Integer> targets() { return samples.stream().map(Sample::classIndex).toList(); }

    /** The folder given as {@code root}. */
    public Path root() { return root; }

    /** The extensions files are kept by, or null when an {@code isValidFile} predicate decides. */
    public List<String> extensions() { return extensions; }

    String reprName() { return "DatasetFolder"; }

    /** torchvision's {@code VisionDataset} repr: the size, root and transforms. */
    @Override
    public String toString() { return VisionRepr.of(reprName(), size(), root, null, transform, targetTransform); }
}
