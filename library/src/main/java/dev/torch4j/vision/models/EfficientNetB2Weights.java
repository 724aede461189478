package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code EfficientNet_B2_Weights}: pretrained weights for {@link EfficientNet#efficientnetB2} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum EfficientNetB2Weights implements Weights {
    /** {@code EfficientNet_B2_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/efficientnet_b2_rwightman-bcdf34b7.pth", 9109994L,
            1, 1, true, 288, 288, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 80.608, 95.31));

    /** {@code EfficientNet_B2_Weights.DEFAULT}. */
    public static final EfficientNetB2Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    EfficientNetB2Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
