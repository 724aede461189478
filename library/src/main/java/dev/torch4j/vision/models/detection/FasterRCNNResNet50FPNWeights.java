package dev.torch4j.vision.models.detection;

import dev.torch4j.vision.models.ObjectDetection;
import dev.torch4j.vision.models.Weights;
import dev.torch4j.vision.transforms.Transform;

import java.util.List;
import java.util.Map;

/**
 * torchvision's {@code FasterRCNN_ResNet50_FPN_Weights}: pretrained weights for {@link FasterRCNN#fasterrcnnResnet50Fpn} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1): COCO's categories, the
 * {@link ObjectDetection} preset, and the box mAP on COCO-val2017.
 */
public enum FasterRCNNResNet50FPNWeights implements Weights {
    /** {@code FasterRCNN_ResNet50_FPN_Weights.COCO_V1}. */
    COCO_V1(new Spec("https://download.pytorch.org/models/fasterrcnn_resnet50_fpn_coco-258fb6c6.pth", 41755286L,
            1, 1, false, 0, 0, null, null, null, Double.NaN, Double.NaN), 37.0);

    /** {@code FasterRCNN_ResNet50_FPN_Weights.DEFAULT}. */
    public static final FasterRCNNResNet50FPNWeights DEFAULT = COCO_V1;

    private final Spec spec;
    private final double boxMap;

    FasterRCNNResNet50FPNWeights(Spec spec, double boxMap) {
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
