package dev.torch4j.vision.models.detection;

import dev.torch4j.vision.models.ObjectDetection;
import dev.torch4j.vision.models.Weights;
import dev.torch4j.vision.transforms.Transform;

import java.util.List;
import java.util.Map;

/**
 * Pretrained weights of a detection model ({@link FasterRCNNResNet50FPNWeights}, ...): what every torchvision COCO
 * detection entry shares, COCO's categories and the {@link ObjectDetection} preset, with its own box mAP.
 */
public interface DetectionWeights extends Weights {
    /** {@code meta["_metrics"]["COCO-val2017"]["box_map"]}. */
    double boxMap();

    /** {@code meta["categories"]}: COCO's 91 names, {@code "__background__"} first and {@code "N/A"} where COCO skips an id. */
    @Override
    default List<String> categories() { return Coco.CATEGORIES; }

    /** {@code meta["_metrics"]["COCO-val2017"]}: {@code box_map}. */
    @Override
    default Map<String, Double> metrics() { return Map.of("box_map", boxMap()); }

    /** {@code transforms()}: torchvision's {@code ObjectDetection} preset (float32 in [0, 1]). */
    @Override
    default Transform transforms() { return new ObjectDetection(); }
}
