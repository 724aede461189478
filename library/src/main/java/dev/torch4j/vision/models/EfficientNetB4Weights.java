package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code EfficientNet_B4_Weights}: pretrained weights for {@link EfficientNet#efficientnetB4} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum EfficientNetB4Weights implements Weights {
    /** {@code EfficientNet_B4_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/efficientnet_b4_rwightman-7eb33cd5.pth", 19341616L,
            1, 1, true, 380, 384, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 83.384, 96.594));

    /** {@code EfficientNet_B4_Weights.DEFAULT}. */
    public static final EfficientNetB4Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    EfficientNetB4Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
