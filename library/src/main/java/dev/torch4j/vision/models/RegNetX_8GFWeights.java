package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code RegNet_X_8GF_Weights}: pretrained weights for {@link RegNet#regnetX_8gf} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RegNetX_8GFWeights implements Weights {
    /** {@code RegNet_X_8GF_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/regnet_x_8gf-03ceed89.pth", 39572648L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 79.344, 94.686)),
    /** {@code RegNet_X_8GF_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/regnet_x_8gf-2b70d774.pth", 39572648L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 81.682, 95.678));

    /** {@code RegNet_X_8GF_Weights.DEFAULT}. */
    public static final RegNetX_8GFWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    RegNetX_8GFWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
