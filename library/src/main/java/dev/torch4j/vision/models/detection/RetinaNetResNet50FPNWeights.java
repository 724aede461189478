package dev.torch4j.vision.models.detection;

/**
 * torchvision's {@code RetinaNet_ResNet50_FPN_Weights}: pretrained weights for {@link RetinaNet#retinanetResnet50Fpn} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RetinaNetResNet50FPNWeights implements DetectionWeights {
    /** {@code RetinaNet_ResNet50_FPN_Weights.COCO_V1}. */
    COCO_V1(new Spec("https://download.pytorch.org/models/retinanet_resnet50_fpn_coco-eeacb38b.pth", 34014999L,
            1, 1, false, 0, 0, null, null, null, Double.NaN, Double.NaN), 36.4);

    /** {@code RetinaNet_ResNet50_FPN_Weights.DEFAULT}. */
    public static final RetinaNetResNet50FPNWeights DEFAULT = COCO_V1;

    private final Spec spec;
    private final double boxMap;

    RetinaNetResNet50FPNWeights(Spec spec, double boxMap) {
        this.spec = spec;
        this.boxMap = boxMap;
    }

    @Override
    public Spec spec() { return spec; }

    @Override
    public double boxMap() { return boxMap; }
}
