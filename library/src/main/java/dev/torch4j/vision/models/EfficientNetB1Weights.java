package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code EfficientNet_B1_Weights}: pretrained weights for {@link EfficientNet#efficientnetB1} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum EfficientNetB1Weights implements Weights {
    /** {@code EfficientNet_B1_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/efficientnet_b1_rwightman-533bc792.pth", 7794184L,
            1, 1, true, 240, 256, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 78.642, 94.186)),
    /** {@code EfficientNet_B1_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/efficientnet_b1-c27df63c.pth", 7794184L,
            1, 1, true, 240, 255, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 79.838, 94.934));

    /** {@code EfficientNet_B1_Weights.DEFAULT}. */
    public static final EfficientNetB1Weights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    EfficientNetB1Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
