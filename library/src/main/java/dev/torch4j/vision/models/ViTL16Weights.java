package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ViT_L_16_Weights}: pretrained weights for {@link VisionTransformer#vitL16} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ViTL16Weights implements Weights {
    /** {@code ViT_L_16_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/vit_l_16-852ce7e3.pth", 304326632L,
            224, 224, true, 224, 242, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 79.662, 94.638)),
    /** {@code ViT_L_16_Weights.IMAGENET1K_SWAG_E2E_V1}. */
    IMAGENET1K_SWAG_E2E_V1(new Spec("https://download.pytorch.org/models/vit_l_16_swag-4f3808c9.pth", 305174504L,
            512, 512, true, 512, 512, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 88.064, 98.512)),
    /** {@code ViT_L_16_Weights.IMAGENET1K_SWAG_LINEAR_V1}. */
    IMAGENET1K_SWAG_LINEAR_V1(new Spec("https://download.pytorch.org/models/vit_l_16_lc_swag-4d563306.pth", 304326632L,
            224, 224, true, 224, 224, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 85.146, 97.422));

    /** {@code ViT_L_16_Weights.DEFAULT}. */
    public static final ViTL16Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    ViTL16Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
