package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code EfficientNet_B0_Weights}: pretrained weights for {@link EfficientNet#efficientnetB0} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum EfficientNetB0Weights implements Weights {
    /** {@code EfficientNet_B0_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/efficientnet_b0_rwightman-3dd342df.pth", 5288548L,
            1, 1, true, 224, 256, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 77.692, 93.532));

    /** {@code EfficientNet_B0_Weights.DEFAULT}. */
    public static final EfficientNetB0Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    EfficientNetB0Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
