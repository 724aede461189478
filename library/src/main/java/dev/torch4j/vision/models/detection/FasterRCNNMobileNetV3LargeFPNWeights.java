package dev.torch4j.vision.models.detection;

import dev.torch4j.vision.models.ObjectDetection;
import dev.torch4j.vision.models.Weights;
import dev.torch4j.vision.transforms.Transform;

import java.util.List;
import java.util.Map;

/**
 * torchvision's {@code FasterRCNN_MobileNet_V3_Large_FPN_Weights}: pretrained weights for {@link FasterRCNN#fasterrcnnMobilenetV3LargeFpn} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1): COCO's categories, the
 * {@link ObjectDetection} preset, and the box mAP on COCO-val2017.
 */
public enum FasterRCNNMobileNetV3LargeFPNWeights implements Weights {
    /** {@code FasterRCNN_MobileNet_V3_Large_FPN_Weights.COCO_V1}. */
    COCO_V1(new Spec("https://download.pytorch.org/models/fasterrcnn_mobilenet_v3_large_fpn-fb6a3cc7.pth", 19386354L,
            1, 1, false, 0, 0, null, null, null, Double.NaN, Double.NaN), 32.8);

    /** {@code FasterRCNN_MobileNet_V3_Large_FPN_Weights.DEFAULT}. */
    public static final FasterRCNNMobileNetV3LargeFPNWeights DEFAULT = COCO_V1;

    private final Spec spec;
    private final double boxMap;

    FasterRCNNMobileNetV3LargeFPNWeights(Spec spec, double boxMap) {
        this.spec = spec;
        this.boxMap = boxMap;
    }

    @Override
    public Spec spec() { return spec; }

    /** {@code meta["categories"]}: COCO's 91 names, {@code "__background__"} first. */
    @Override
    public List<String> categories() { return Coco.CATEGORIES; }

    /** {@code meta["_metrics"]["COCO-val2017"]}: {@code box_map}. */
    @Override
    public Map<String, Double> metrics() { return Map.of("box_map", boxMap); }

    /** {@code transforms()}: torchvision's {@code ObjectDetection} preset (float32 in [0, 1]). */
    @Override
    public Transform transforms() { return new ObjectDetection(); }
}
