package dev.torch4j.vision.models.detection;

/**
 * torchvision's {@code FasterRCNN_MobileNet_V3_Large_320_FPN_Weights}: pretrained weights for {@link FasterRCNN#fasterrcnnMobilenetV3Large320Fpn} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum FasterRCNNMobileNetV3Large320FPNWeights implements DetectionWeights {
    /** {@code FasterRCNN_MobileNet_V3_Large_320_FPN_Weights.COCO_V1}. */
    COCO_V1(new Spec("https://download.pytorch.org/models/fasterrcnn_mobilenet_v3_large_320_fpn-907ea3f9.pth", 19386354L,
            1, 1, false, 0, 0, null, null, null, Double.NaN, Double.NaN), 22.8);

    /** {@code FasterRCNN_MobileNet_V3_Large_320_FPN_Weights.DEFAULT}. */
    public static final FasterRCNNMobileNetV3Large320FPNWeights DEFAULT = COCO_V1;

    private final Spec spec;
    private final double boxMap;

    FasterRCNNMobileNetV3Large320FPNWeights(Spec spec, double boxMap) {
        this.spec = spec;
        this.boxMap = boxMap;
    }

    @Override
    public Spec spec() { return spec; }

    @Override
    public double boxMap() { return boxMap; }
}
