package dev.torch4j.vision.models.detection;

/**
 * torchvision's {@code FasterRCNN_ResNet50_FPN_Weights}: pretrained weights for {@link FasterRCNN#fasterrcnnResnet50Fpn} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum FasterRCNNResNet50FPNWeights implements DetectionWeights {
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

    @Override
    public double boxMap() { return boxMap; }
}
