package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code RegNet_Y_16GF_Weights}: pretrained weights for {@link RegNet#regnetY_16gf} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RegNetY_16GFWeights implements Weights {
    /** {@code RegNet_Y_16GF_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/regnet_y_16gf-9e6ed7dd.pth", 83590140L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 80.424, 95.24)),
    /** {@code RegNet_Y_16GF_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/regnet_y_16gf-3e4a00f9.pth", 83590140L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 82.886, 96.328)),
    /** {@code RegNet_Y_16GF_Weights.IMAGENET1K_SWAG_E2E_V1}. */
    IMAGENET1K_SWAG_E2E_V1(new Spec("https://download.pytorch.org/models/regnet_y_16gf_swag-43afe44d.pth", 83590140L,
            1, 1, true, 384, 384, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 86.012, 98.054)),
    /** {@code RegNet_Y_16GF_Weights.IMAGENET1K_SWAG_LINEAR_V1}. */
    IMAGENET1K_SWAG_LINEAR_V1(new Spec("https://download.pytorch.org/models/regnet_y_16gf_lc_swag-f3ec0043.pth", 83590140L,
            1, 1, true, 224, 224, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 83.976, 97.244));

    /** {@code RegNet_Y_16GF_Weights.DEFAULT}. */
    public static final RegNetY_16GFWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    RegNetY_16GFWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
