package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code EfficientNet_B3_Weights}: pretrained weights for {@link EfficientNet#efficientnetB3} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum EfficientNetB3Weights implements Weights {
    /** {@code EfficientNet_B3_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/efficientnet_b3_rwightman-cf984f9c.pth", 12233232L,
            1, 1, true, 300, 320, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 82.008, 96.054));

    /** {@code EfficientNet_B3_Weights.DEFAULT}. */
    public static final EfficientNetB3Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    EfficientNetB3Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
