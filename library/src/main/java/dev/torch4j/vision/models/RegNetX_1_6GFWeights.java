package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code RegNet_X_1_6GF_Weights}: pretrained weights for {@link RegNet#regnetX_1_6gf} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RegNetX_1_6GFWeights implements Weights {
    /** {@code RegNet_X_1_6GF_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/regnet_x_1_6gf-e3633e7f.pth", 9190136L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 77.04, 93.44)),
    /** {@code RegNet_X_1_6GF_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/regnet_x_1_6gf-a12f2b72.pth", 9190136L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 79.668, 94.922));

    /** {@code RegNet_X_1_6GF_Weights.DEFAULT}. */
    public static final RegNetX_1_6GFWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    RegNetX_1_6GFWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
