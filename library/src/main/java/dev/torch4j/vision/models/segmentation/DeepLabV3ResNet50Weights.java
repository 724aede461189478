package dev.torch4j.vision.models.segmentation;

import dev.torch4j.vision.transforms.InterpolationMode;

import java.util.Map;

/**
 * torchvision's {@code DeepLabV3_ResNet50_Weights}: pretrained weights for {@link DeepLabV3#deeplabv3Resnet50} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum DeepLabV3ResNet50Weights implements SegmentationWeights {
    /** {@code DeepLabV3_ResNet50_Weights.COCO_WITH_VOC_LABELS_V1}. */
    COCO_WITH_VOC_LABELS_V1(new Spec("https://download.pytorch.org/models/deeplabv3_resnet50_coco-cd0a2569.pth", 42004074L,
            1, 1, false, 0, 520, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, Double.NaN, Double.NaN), 66.4, 92.4);

    /** {@code DeepLabV3_ResNet50_Weights.DEFAULT}. */
    public static final DeepLabV3ResNet50Weights DEFAULT = COCO_WITH_VOC_LABELS_V1;

    private final Spec spec;
    private final double miou, pixelAcc;

    DeepLabV3ResNet50Weights(Spec spec, double miou, double pixelAcc) {
        this.spec = spec;
        this.miou = miou;
        this.pixelAcc = pixelAcc;
    }

    @Override
    public Spec spec() { return spec; }

    @Override
    public Map<String, Double> metrics() { return Map.of("miou", miou, "pixel_acc", pixelAcc); }
}
