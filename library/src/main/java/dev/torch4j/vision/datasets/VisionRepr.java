package dev.torch4j.vision.datasets;

import java.nio.file.Path;

/** torchvision's {@code VisionDataset.__repr__}, shared by the datasets here. */
final class VisionRepr {
    private VisionRepr() {}

    /**
     * {@code Dataset NAME}, the size, the root (none when null), the split (none when null: the datasets without
     * one) and the transforms, as torchvision prints them.
     */
    static String of(String name, long size, Path root, Boolean train, Object transform, Object targetTransform) {
        return ofSplit(name, size, root, train == null ? null : train ? "Train" : "Test", transform, targetTransform);
    }

    /** As {@link #of(String, long, Path, Boolean, Object, Object)} with the split line's text (none when null). */
    static String ofSplit(String name, long size, Path root, String split, Object transform, Object targetTransform) {
        StringBuilder sb = new StringBuilder("Dataset ").append(name).append("\n    Number of datapoints: ").append(size);
        if (root != null) sb.append("\n    Root location: ").append(root);
        if (split != null) sb.append("\n    Split: ").append(split);
        if (transform != null || targetTransform != null) {
            sb.append("\n    StandardTransform");
            if (transform != null) appendTransform(sb, "Transform: ", transform);
            if (targetTransform != null) appendTransform(sb, "Target transform: ", targetTransform);
        }
        return sb.toString();
    }

    private static void appendTransform(StringBuilder sb, String head, Object t) {
        String[] lines = String.valueOf(t).split("\n", -1);
        sb.append('\n').append(head).append(lines[0]);
        for (int i = 1; i < lines.length; i++) sb.append('\n').append(" ".repeat(head.length())).append(lines[i]);
    }
}
