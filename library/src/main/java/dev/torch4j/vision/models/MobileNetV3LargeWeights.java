package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code MobileNet_V3_Large_Weights}: pretrained weights for {@link MobileNetV3#mobilenetV3Large} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum MobileNetV3LargeWeights implements Weights {
    /** {@code MobileNet_V3_Large_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/mobilenet_v3_large-8738ca79.pth", 5483032L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 74.042, 91.34)),
    /** {@code MobileNet_V3_Large_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/mobilenet_v3_large-5c1a4163.pth", 5483032L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 75.274, 92.566));

    /** {@code MobileNet_V3_Large_Weights.DEFAULT}. */
    public static final MobileNetV3LargeWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    MobileNetV3LargeWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
