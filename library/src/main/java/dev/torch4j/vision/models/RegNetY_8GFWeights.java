package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code RegNet_Y_8GF_Weights}: pretrained weights for {@link RegNet#regnetY_8gf} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RegNetY_8GFWeights implements Weights {
    /** {@code RegNet_Y_8GF_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/regnet_y_8gf-d0d0e4a8.pth", 39381472L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 80.032, 95.048)),
    /** {@code RegNet_Y_8GF_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/regnet_y_8gf-dc2b1b54.pth", 39381472L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 82.828, 96.33));

    /** {@code RegNet_Y_8GF_Weights.DEFAULT}. */
    public static final RegNetY_8GFWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    RegNetY_8GFWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
