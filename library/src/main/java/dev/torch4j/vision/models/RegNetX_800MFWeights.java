package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code RegNet_X_800MF_Weights}: pretrained weights for {@link RegNet#regnetX_800mf} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RegNetX_800MFWeights implements Weights {
    /** {@code RegNet_X_800MF_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/regnet_x_800mf-ad17e45c.pth", 7259656L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 75.212, 92.348)),
    /** {@code RegNet_X_800MF_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/regnet_x_800mf-94a99ebd.pth", 7259656L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 77.522, 93.826));

    /** {@code RegNet_X_800MF_Weights.DEFAULT}. */
    public static final RegNetX_800MFWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    RegNetX_800MFWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
