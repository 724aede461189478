package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code RegNet_X_32GF_Weights}: pretrained weights for {@link RegNet#regnetX_32gf} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RegNetX_32GFWeights implements Weights {
    /** {@code RegNet_X_32GF_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/regnet_x_32gf-9d47f8d0.pth", 107811560L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 80.622, 95.248)),
    /** {@code RegNet_X_32GF_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/regnet_x_32gf-6eb8fdc6.pth", 107811560L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 83.014, 96.288));

    /** {@code RegNet_X_32GF_Weights.DEFAULT}. */
    public static final RegNetX_32GFWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    RegNetX_32GFWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
