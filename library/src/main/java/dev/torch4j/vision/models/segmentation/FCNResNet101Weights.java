package dev.torch4j.vision.models.segmentation;

import dev.torch4j.vision.transforms.InterpolationMode;

import java.util.Map;

/**
 * torchvision's {@code FCN_ResNet101_Weights}: pretrained weights for {@link FCN#fcnResnet101} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum FCNResNet101Weights implements SegmentationWeights {
    /** {@code FCN_ResNet101_Weights.COCO_WITH_VOC_LABELS_V1}. */
    COCO_WITH_VOC_LABELS_V1(new Spec("https://download.pytorch.org/models/fcn_resnet101_coco-7ecb50ca.pth", 54314346L,
            1, 1, false, 0, 520, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, Double.NaN, Double.NaN), 63.7, 91.9);

    /** {@code FCN_ResNet101_Weights.DEFAULT}. */
    public static final FCNResNet101Weights DEFAULT = COCO_WITH_VOC_LABELS_V1;

    private final Spec spec;
    private final double miou, pixelAcc;

    FCNResNet101Weights(Spec spec, double miou, double pixelAcc) {
        this.spec = spec;
        this.miou = miou;
        this.pixelAcc = pixelAcc;
    }

    @Override
    public Spec spec() { return spec; }

    @Override
    public Map<String, Double> metrics() { return Map.of("miou", miou, "pixel_acc", pixelAcc); }
}
