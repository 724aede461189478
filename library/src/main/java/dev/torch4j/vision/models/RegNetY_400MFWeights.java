package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code RegNet_Y_400MF_Weights}: pretrained weights for {@link RegNet#regnetY_400mf} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RegNetY_400MFWeights implements Weights {
    /** {@code RegNet_Y_400MF_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/regnet_y_400mf-c65dace8.pth", 4344144L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 74.046, 91.716)),
    /** {@code RegNet_Y_400MF_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/regnet_y_400mf-e6988f5f.pth", 4344144L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 75.804, 92.742));

    /** {@code RegNet_Y_400MF_Weights.DEFAULT}. */
    public static final RegNetY_400MFWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    RegNetY_400MFWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
