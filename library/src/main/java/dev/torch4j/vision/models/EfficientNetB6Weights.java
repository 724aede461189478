package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code EfficientNet_B6_Weights}: pretrained weights for {@link EfficientNet#efficientnetB6} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum EfficientNetB6Weights implements Weights {
    /** {@code EfficientNet_B6_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/efficientnet_b6_lukemelas-c76e70fd.pth", 43040704L,
            1, 1, true, 528, 528, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 84.008, 96.916));

    /** {@code EfficientNet_B6_Weights.DEFAULT}. */
    public static final EfficientNetB6Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    EfficientNetB6Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
