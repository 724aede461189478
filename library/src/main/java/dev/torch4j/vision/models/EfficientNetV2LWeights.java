package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code EfficientNet_V2_L_Weights}: pretrained weights for {@link EfficientNet#efficientnetV2L} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum EfficientNetV2LWeights implements Weights {
    /** {@code EfficientNet_V2_L_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/efficientnet_v2_l-59c71312.pth", 118515272L,
            33, 33, true, 480, 480, InterpolationMode.BICUBIC,
            new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5}, 85.808, 97.788));

    /** {@code EfficientNet_V2_L_Weights.DEFAULT}. */
    public static final EfficientNetV2LWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    EfficientNetV2LWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
