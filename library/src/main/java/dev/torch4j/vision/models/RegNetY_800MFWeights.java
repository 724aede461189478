package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code RegNet_Y_800MF_Weights}: pretrained weights for {@link RegNet#regnetY_800mf} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RegNetY_800MFWeights implements Weights {
    /** {@code RegNet_Y_800MF_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/regnet_y_800mf-1b27b58c.pth", 6432512L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 76.42, 93.136)),
    /** {@code RegNet_Y_800MF_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/regnet_y_800mf-58fc7688.pth", 6432512L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 78.828, 94.502));

    /** {@code RegNet_Y_800MF_Weights.DEFAULT}. */
    public static final RegNetY_800MFWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    RegNetY_800MFWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
