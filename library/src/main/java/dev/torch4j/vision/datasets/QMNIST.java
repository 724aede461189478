package dev.torch4j.vision.datasets;

import dev.torch4j.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code torchvision.datasets.QMNIST(root, what, compat, train, transform, target_transform)} without
 * {@code download}: the QMNIST reconstruction of MNIST, whose label files carry eight integers per image (the
 * digit, the NIST class and writer ids and more; see the QMNIST page). Files, as torchvision names them after
 * extraction (plain or {@code .gz}), in {@code <root>/QMNIST/raw} or {@code root}:
 * {@code qmnist-train-images-idx3-ubyte} / {@code qmnist-train-labels-idx2-int} for {@code "train"},
 * {@code qmnist-test-*} for {@code "test"}, {@code "test10k"} (its first 10,000 items) and {@code "test50k"} (the
 * rest), {@code xnist-*} for {@code "nist"} (torchvision downloads those as {@code .xz}: decompress them first).
 *
 * <p>Item {@code i} is a uint8 {@code [1, 28, 28]} image and, with {@code compat} (the default), its digit as a
 * 0-d int64 tensor, else the int64 {@code [8]} row of the label file. The int32 label file is read as the IDX
 * format says (big-endian values): torchvision 0.14 reverses the element order instead of each value's bytes, so its
 * QMNIST labels are garbled; 0.15's fixed reader gives these.
 */
public final class QMNIST extends MNIST {
    /** The values {@code what} takes: {@code "train"}, {@code "test"}, {@code "test10k"}, {@code "test50k"}, {@code "nist"}. */
    public static final List<String> SUBSETS = List.of("train", "test", "test10k", "test50k", "nist");

    private final String what;
    private final boolean compat;

    /** {@code QMNIST(root)}: the training set, digits as targets. */
    public QMNIST(Path root) throws IOException { this(root, null, true, true, null, null); }

    /** {@code QMNIST(root, what)}; a null {@code what} is the training set. */
    public QMNIST(Path root, String what) throws IOException { this(root, what, true, true, null, null); }

    /**
     * {@code QMNIST(root, what, compat, train, transform, target_transform)}: {@code what} null picks
     * {@code "train"} or {@code "test"} by {@code train}; null transforms leave items as they are.
     *
     * @throws IllegalArgumentException for a {@code what} not in {@link #SUBSETS} (torchvision's message)
     * @throws IOException              when a file is missing or not a valid IDX file of images and 2-d integer labels
     */
    public QMNIST(Path root, String what, boolean compat, boolean train, UnaryOperator<Tensor> transform,
                  UnaryOperator<Tensor> targetTransform) throws IOException {
        String subset = whatOf(what, train);
        super("QMNIST", MNIST.CLASSES, root, train, read(root, subset), transform, targetTransform);
        this.what = subset;
        this.compat = compat;
    }

    private static String whatOf(String what, boolean train) {
        return MNIST.verifyStrArg(what == null ? (train ? "train" : "test") : what, "what", SUBSETS);
    }

    private static Tensor[] read(Path root, String what) throws IOException {
        String stem = switch (what) {
            case "train" -> "qmnist-train";
            case "nist" -> "xnist";
            default -> "qmnist-test";
        };
        Tensor[] dt = load("QMNIST", root, stem + "-images-idx3-ubyte", stem + "-labels-idx2-int", 2);
        long n = dt[0].size(0), split = Math.min(10000, n);
        if (what.equals("test10k")) return new Tensor[] {dt[0].narrow(0, 0, split).clone(), dt[1].narrow(0, 0, split).clone()};
        if (what.equals("test50k")) return new Tensor[] {dt[0].narrow(0, split, n - split).clone(), dt[1].narrow(0, split, n - split).clone()};
        return dt;
    }

    @Override
    Tensor target(long index) {
        Tensor row = targets().select(0, index);
        return compat ? row.select(0, 0) : row;
    }

    /** {@code QMNIST.targets}: every label row, int64 {@code [N, 8]}. */
    @Override
    public Tensor targets() { return super.targets(); }

    /** The subset read ({@code QMNIST.what}). */
    public String what() { return what; }

    /** Whether targets are digits ({@code true}) or whole label rows ({@code QMNIST.compat}). */
    public boolean compat() { return compat; }

    /** torchvision's repr, whose split line is {@code what}. */
    @Override
    public String toString() { return VisionRepr.ofSplit("QMNIST", size(), root(), what, transform(), targetTransform()); }
}
