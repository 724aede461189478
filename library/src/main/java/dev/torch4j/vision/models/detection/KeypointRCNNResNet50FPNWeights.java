package dev.torch4j.vision.models.detection;

/**
 * torchvision's {@code KeypointRCNN_ResNet50_FPN_Weights}: pretrained weights for {@link KeypointRCNN#keypointrcnnResnet50Fpn} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum KeypointRCNNResNet50FPNWeights implements DetectionWeights {
    /** {@code KeypointRCNN_ResNet50_FPN_Weights.COCO_LEGACY}. */
    COCO_LEGACY(new Spec("https://download.pytorch.org/models/keypointrcnn_resnet50_fpn_coco-9f466800.pth", 59137258L,
            1, 1, false, 0, 0, null, null, null, Double.NaN, Double.NaN), 50.6, 61.1),
    /** {@code KeypointRCNN_ResNet50_FPN_Weights.COCO_V1}. */
    COCO_V1(new Spec("https://download.pytorch.org/models/keypointrcnn_resnet50_fpn_coco-fc266e95.pth", 59137258L,
            1, 1, false, 0, 0, null, null, null, Double.NaN, Double.NaN), 54.6, 65.0);

    /** {@code KeypointRCNN_ResNet50_FPN_Weights.DEFAULT}. */
    public static final KeypointRCNNResNet50FPNWeights DEFAULT = COCO_V1;

    private final Spec spec;
    private final double boxMap;
    private final double kpMap;

    KeypointRCNNResNet50FPNWeights(Spec spec, double boxMap, double kpMap) {
        this.spec = spec;
        this.boxMap = boxMap;
        this.kpMap = kpMap;
    }

    @Override
    public Spec spec() { return spec; }

    @Override
    public double boxMap() { return boxMap; }

    /** {@code meta["_metrics"]["COCO-val2017"]["kp_map"]}: the keypoint mAP. */
    public double kpMap() { return kpMap; }

    /** {@code meta["_metrics"]["COCO-val2017"]}: {@code box_map} and {@code kp_map}. */
    @Override
    public java.util.Map<String, Double> metrics() { return java.util.Map.of("box_map", boxMap, "kp_map", kpMap); }

    /** {@code meta["categories"]}. */
    @Override
    public java.util.List<String> categories() { return java.util.List.of("no person", "person"); }

    /** {@code meta["keypoint_names"]}. */
    public java.util.List<String> keypointNames() {
        return java.util.List.of("nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder",
                "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip",
                "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle");
    }
}
