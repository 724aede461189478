package dev.torch4j.vision.models.detection;

/**
 * torchvision's {@code MaskRCNN_ResNet50_FPN_V2_Weights}: pretrained weights for {@link MaskRCNN#maskrcnnResnet50FpnV2} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum MaskRCNNResNet50FPNV2Weights implements DetectionWeights {
    /** {@code MaskRCNN_ResNet50_FPN_V2_Weights.COCO_V1}. */
    COCO_V1(new Spec("https://download.pytorch.org/models/maskrcnn_resnet50_fpn_v2_coco-73cbd019.pth", 46359409L,
            1, 1, false, 0, 0, null, null, null, Double.NaN, Double.NaN), 47.4, 41.8);

    /** {@code MaskRCNN_ResNet50_FPN_V2_Weights.DEFAULT}. */
    public static final MaskRCNNResNet50FPNV2Weights DEFAULT = COCO_V1;

    private final Spec spec;
    private final double boxMap;
    private final double maskMap;

    MaskRCNNResNet50FPNV2Weights(Spec spec, double boxMap, double maskMap) {
        this.spec = spec;
        this.boxMap = boxMap;
        this.maskMap = maskMap;
    }

    @Override
    public Spec spec() { return spec; }

    @Override
    public double boxMap() { return boxMap; }

    /** {@code meta["_metrics"]["COCO-val2017"]["mask_map"]}: the mask mAP. */
    public double maskMap() { return maskMap; }

    /** {@code meta["_metrics"]["COCO-val2017"]}: {@code box_map} and {@code mask_map}. */
    @Override
    public java.util.Map<String, Double> metrics() { return java.util.Map.of("box_map", boxMap, "mask_map", maskMap); }
}
