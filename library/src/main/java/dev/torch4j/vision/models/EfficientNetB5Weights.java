package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code EfficientNet_B5_Weights}: pretrained weights for {@link EfficientNet#efficientnetB5} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum EfficientNetB5Weights implements Weights {
    /** {@code EfficientNet_B5_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/efficientnet_b5_lukemelas-b6417697.pth", 30389784L,
            1, 1, true, 456, 456, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 83.444, 96.628));

    /** {@code EfficientNet_B5_Weights.DEFAULT}. */
    public static final EfficientNetB5Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    EfficientNetB5Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
