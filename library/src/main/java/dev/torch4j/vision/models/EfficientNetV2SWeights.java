package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code EfficientNet_V2_S_Weights}: pretrained weights for {@link EfficientNet#efficientnetV2S} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum EfficientNetV2SWeights implements Weights {
    /** {@code EfficientNet_V2_S_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/efficientnet_v2_s-dd5fe13b.pth", 21458488L,
            33, 33, true, 384, 384, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 84.228, 96.878));

    /** {@code EfficientNet_V2_S_Weights.DEFAULT}. */
    public static final EfficientNetV2SWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    EfficientNetV2SWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
