package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code RegNet_X_400MF_Weights}: pretrained weights for {@link RegNet#regnetX_400mf} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RegNetX_400MFWeights implements Weights {
    /** {@code RegNet_X_400MF_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/regnet_x_400mf-adf1edd5.pth", 5495976L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 72.834, 90.95)),
    /** {@code RegNet_X_400MF_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/regnet_x_400mf-62229a5f.pth", 5495976L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 74.864, 92.322));

    /** {@code RegNet_X_400MF_Weights.DEFAULT}. */
    public static final RegNetX_400MFWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    RegNetX_400MFWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
