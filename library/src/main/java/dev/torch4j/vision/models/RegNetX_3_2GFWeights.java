package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code RegNet_X_3_2GF_Weights}: pretrained weights for {@link RegNet#regnetX_3_2gf} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RegNetX_3_2GFWeights implements Weights {
    /** {@code RegNet_X_3_2GF_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/regnet_x_3_2gf-f342aeae.pth", 15296552L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 78.364, 93.992)),
    /** {@code RegNet_X_3_2GF_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/regnet_x_3_2gf-7071aa85.pth", 15296552L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 81.196, 95.43));

    /** {@code RegNet_X_3_2GF_Weights.DEFAULT}. */
    public static final RegNetX_3_2GFWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    RegNetX_3_2GFWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
