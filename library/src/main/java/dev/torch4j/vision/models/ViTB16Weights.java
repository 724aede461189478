package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ViT_B_16_Weights}: pretrained weights for {@link VisionTransformer#vitB16} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ViTB16Weights implements Weights {
    /** {@code ViT_B_16_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/vit_b_16-c867db91.pth", 86567656L,
            224, 224, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 81.072, 95.318)),
    /** {@code ViT_B_16_Weights.IMAGENET1K_SWAG_E2E_V1}. */
    IMAGENET1K_SWAG_E2E_V1(new Spec("https://download.pytorch.org/models/vit_b_16_swag-9ac1b537.pth", 86859496L,
            384, 384, true, 384, 384, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 85.304, 97.65)),
    /** {@code ViT_B_16_Weights.IMAGENET1K_SWAG_LINEAR_V1}. */
    IMAGENET1K_SWAG_LINEAR_V1(new Spec("https://download.pytorch.org/models/vit_b_16_lc_swag-4e70ced5.pth", 86567656L,
            224, 224, true, 224, 224, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 81.886, 96.18));

    /** {@code ViT_B_16_Weights.DEFAULT}. */
    public static final ViTB16Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    ViTB16Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
