package dev.torch4j.vision.models.detection;

/**
 * torchvision's {@code RetinaNet_ResNet50_FPN_V2_Weights}: pretrained weights for {@link RetinaNet#retinanetResnet50FpnV2} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RetinaNetResNet50FPNV2Weights implements DetectionWeights {
    /** {@code RetinaNet_ResNet50_FPN_V2_Weights.COCO_V1}. */
    COCO_V1(new Spec("https://download.pytorch.org/models/retinanet_resnet50_fpn_v2_coco-5905b1c5.pth", 38198935L,
            1, 1, false, 0, 0, null, null, null, Double.NaN, Double.NaN), 41.5);

    /** {@code RetinaNet_ResNet50_FPN_V2_Weights.DEFAULT}. */
    public static final RetinaNetResNet50FPNV2Weights DEFAULT = COCO_V1;

    private final Spec spec;
    private final double boxMap;

    RetinaNetResNet50FPNV2Weights(Spec spec, double boxMap) {
        this.spec = spec;
        this.boxMap = boxMap;
    }

    @Override
    public Spec spec() { return spec; }

    @Override
    public double boxMap() { return boxMap; }
}
