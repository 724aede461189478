package dev.torch4j.vision.models.detection;

/**
 * torchvision's {@code FasterRCNN_MobileNet_V3_Large_FPN_Weights}: pretrained weights for {@link FasterRCNN#fasterrcnnMobilenetV3LargeFpn} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum FasterRCNNMobileNetV3LargeFPNWeights implements DetectionWeights {
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

    @Override
    public double boxMap() { return boxMap; }
}
