package dev.torch4j.vision.datasets;

import dev.torch4j.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code torchvision.datasets.EMNIST(root, split, train, transform, target_transform)} without {@code download}:
 * the extended MNIST handwritten characters of one of six splits ({@code byclass}, {@code bymerge},
 * {@code balanced}, {@code letters}, {@code digits}, {@code mnist}), read from the IDX files torchvision extracts,
 * {@code emnist-<split>-<train|test>-images-idx3-ubyte} and {@code -labels-idx1-ubyte} (plain or {@code .gz}),
 * looked for in {@code <root>/EMNIST/raw}, then in {@code root}.
 *
 * <p>Items are as {@link MNIST}'s: a uint8 {@code [1, 28, 28]} image and a 0-d int64 label. As in torchvision, the
 * images are left as the files store them, which is transposed (the characters appear mirrored and rotated a
 * quarter turn; {@code img.transpose(-2, -1)} shows them upright). Labels index {@link #classes()}; in the
 * {@code letters} split they run from 1 ({@code "a"}), 0 being {@code "N/A"}.
 */
public final class EMNIST extends MNIST {
    /** torchvision's {@code EMNIST.splits}. */
    public static final List<String> SPLITS = List.of("byclass", "bymerge", "balanced", "letters", "digits", "mnist");

    private final String split;

    /** {@code EMNIST(root, split, train=True)}. */
    public EMNIST(Path root, String split) throws IOException { this(root, split, true, null, null); }

    /** {@code EMNIST(root, split, train)}: the training ({@code true}) or test set of {@code split}. */
    public EMNIST(Path root, String split, boolean train) throws IOException { this(root, split, train, null, null); }

    /**
     * {@code EMNIST(root, split, train, transform, target_transform)}; null transforms leave items as they are.
     *
     * @throws IllegalArgumentException for a split not in {@link #SPLITS} (torchvision's message)
     * @throws IOException              when a file is missing (the message lists the paths tried) or not a valid IDX file
     */
    public EMNIST(Path root, String split, boolean train, UnaryOperator<Tensor> transform, UnaryOperator<Tensor> targetTransform)
            throws IOException {
        super("EMNIST", classesOf(split), root, train, load("EMNIST", root, prefix(split, train) + "-images-idx3-ubyte",
                prefix(split, train) + "-labels-idx1-ubyte", 1), transform, targetTransform);
        this.split = split;
    }

    private static String prefix(String split, boolean train) { return "emnist-" + split + "-" + (train ? "train" : "test"); }

    /**
     * torchvision's {@code EMNIST.classes_split_dict[split]}: {@code byclass} the 62 sorted digits and letters
     * ({@code "0"} to {@code "9"}, {@code "A"} to {@code "Z"}, {@code "a"} to {@code "z"}); {@code bymerge} and
     * {@code balanced} the 47 left after merging the lowercase letters shaped like their capitals (c, i, j, k, l, m, o,
     * p, s, u, v, w, x, y, z); {@code letters} {@code "N/A"} then {@code "a"} to {@code "z"}; {@code digits} and
     * {@code mnist} the ten digits.
     *
     * @throws IllegalArgumentException for a split not in {@link #SPLITS}
     */
    public static List<String> classesOf(String split) {
        verifyStrArg(split, "split", SPLITS);
        String merged = "cijklmopsuvwxyz";
        List<String> out = new ArrayList<>();
        switch (split) {
            case "letters" -> {
                out.add("N/A");
                for (char c = 'a'; c <= 'z'; c++) out.add(String.valueOf(c));
            }
            case "digits", "mnist" -> { for (char c = '0'; c <= '9'; c++) out.add(String.valueOf(c)); }
            default -> {
                String all = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"; // sorted, as Python sorts
                for (char c : all.toCharArray()) {
                    if (split.equals("byclass") || merged.indexOf(c) < 0) out.add(String.valueOf(c));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The split's name ({@code EMNIST.split}). */
    public String split() { return split; }
}
