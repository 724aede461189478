package dev.torch4j.vision.models.segmentation;

import dev.torch4j.vision.transforms.InterpolationMode;

import java.util.Map;

/**
 * torchvision's {@code LRASPP_MobileNet_V3_Large_Weights}: pretrained weights for {@link LRASPP#lrasppMobilenetV3Large} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum LRASPPMobileNetV3LargeWeights implements SegmentationWeights {
    /** {@code LRASPP_MobileNet_V3_Large_Weights.COCO_WITH_VOC_LABELS_V1}. */
    COCO_WITH_VOC_LABELS_V1(new Spec("https://download.pytorch.org/models/lraspp_mobilenet_v3_large-d234d4ea.pth", 3221538L,
            1, 1, false, 0, 520, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, Double.NaN, Double.NaN), 57.9, 91.2);

    /** {@code LRASPP_MobileNet_V3_Large_Weights.DEFAULT}. */
    public static final LRASPPMobileNetV3LargeWeights DEFAULT = COCO_WITH_VOC_LABELS_V1;

    private final Spec spec;
    private final double miou, pixelAcc;

    LRASPPMobileNetV3LargeWeights(Spec spec, double miou, double pixelAcc) {
        this.spec = spec;
        this.miou = miou;
        this.pixelAcc = pixelAcc;
    }

    @Override
    public Spec spec() { return spec; }

    @Override
    public Map<String, Double> metrics() { return Map.of("miou", miou, "pixel_acc", pixelAcc); }
}
