package dev.torch4j.vision.models.detection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** torchvision's {@code _COCO_CATEGORIES}, read once from the library's resources (written by scripts/codegen/vision_weights.py). */
final class Coco {
    private Coco() {}

    static final List<String> CATEGORIES = read();

    private static List<String> read() {
        try (var in = Coco.class.getResourceAsStream("coco_categories.txt")) {
            if (in == null) throw new IllegalStateException("coco_categories.txt is missing from the library");
            return List.copyOf(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
