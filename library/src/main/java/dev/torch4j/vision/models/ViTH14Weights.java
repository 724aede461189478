package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ViT_H_14_Weights}: pretrained weights for {@link VisionTransformer#vitH14} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ViTH14Weights implements Weights {
    /** {@code ViT_H_14_Weights.IMAGENET1K_SWAG_E2E_V1}. */
    IMAGENET1K_SWAG_E2E_V1(new Spec("https://download.pytorch.org/models/vit_h_14_swag-80465313.pth", 633470440L,
            518, 518, true, 518, 518, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 88.552, 98.694)),
    /** {@code ViT_H_14_Weights.IMAGENET1K_SWAG_LINEAR_V1}. */
    IMAGENET1K_SWAG_LINEAR_V1(new Spec("https://download.pytorch.org/models/vit_h_14_lc_swag-c1eb923e.pth", 632045800L,
            224, 224, true, 224, 224, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 85.708, 97.73));

    /** {@code ViT_H_14_Weights.DEFAULT}. */
    public static final ViTH14Weights DEFAULT = IMAGENET1K_SWAG_E2E_V1;

    private final Spec spec;

    ViTH14Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
