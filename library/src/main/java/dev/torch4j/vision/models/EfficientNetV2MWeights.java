package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code EfficientNet_V2_M_Weights}: pretrained weights for {@link EfficientNet#efficientnetV2M} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum EfficientNetV2MWeights implements Weights {
    /** {@code EfficientNet_V2_M_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/efficientnet_v2_m-dc08266a.pth", 54139356L,
            33, 33, true, 480, 480, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 85.112, 97.156));

    /** {@code EfficientNet_V2_M_Weights.DEFAULT}. */
    public static final EfficientNetV2MWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    EfficientNetV2MWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
