package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code MobileNet_V3_Small_Weights}: pretrained weights for {@link MobileNetV3#mobilenetV3Small} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum MobileNetV3SmallWeights implements Weights {
    /** {@code MobileNet_V3_Small_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/mobilenet_v3_small-047dcff4.pth", 2542856L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 67.668, 87.402));

    /** {@code MobileNet_V3_Small_Weights.DEFAULT}. */
    public static final MobileNetV3SmallWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    MobileNetV3SmallWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
