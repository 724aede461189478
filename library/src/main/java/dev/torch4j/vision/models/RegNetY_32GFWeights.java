package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code RegNet_Y_32GF_Weights}: pretrained weights for {@link RegNet#regnetY_32gf} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RegNetY_32GFWeights implements Weights {
    /** {@code RegNet_Y_32GF_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/regnet_y_32gf-4dee3f7a.pth", 145046770L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 80.878, 95.34)),
    /** {@code RegNet_Y_32GF_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/regnet_y_32gf-8db6d4b5.pth", 145046770L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 83.368, 96.498)),
    /** {@code RegNet_Y_32GF_Weights.IMAGENET1K_SWAG_E2E_V1}. */
    IMAGENET1K_SWAG_E2E_V1(new Spec("https://download.pytorch.org/models/regnet_y_32gf_swag-04fdfa75.pth", 145046770L,
            1, 1, true, 384, 384, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 86.838, 98.362)),
    /** {@code RegNet_Y_32GF_Weights.IMAGENET1K_SWAG_LINEAR_V1}. */
    IMAGENET1K_SWAG_LINEAR_V1(new Spec("https://download.pytorch.org/models/regnet_y_32gf_lc_swag-e1583746.pth", 145046770L,
            1, 1, true, 224, 224, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 84.622, 97.48));

    /** {@code RegNet_Y_32GF_Weights.DEFAULT}. */
    public static final RegNetY_32GFWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    RegNetY_32GFWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
