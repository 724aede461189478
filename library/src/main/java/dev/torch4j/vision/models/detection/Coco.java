package dev.torch4j.vision.models.detection;

import dev.torch4j.vision.models.Weights;
import java.util.List;

/** torchvision's {@code _COCO_CATEGORIES}, read once from the library's resources (written by scripts/codegen/vision_weights.py). */
final class Coco {
    private Coco() {}

    static final List<String> CATEGORIES = Weights.readCategories(Coco.class, "coco_categories.txt");
}
