package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code RegNet_X_16GF_Weights}: pretrained weights for {@link RegNet#regnetX_16gf} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum RegNetX_16GFWeights implements Weights {
    /** {@code RegNet_X_16GF_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/regnet_x_16gf-2007eb11.pth", 54278536L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 80.058, 94.944)),
    /** {@code RegNet_X_16GF_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/regnet_x_16gf-ba3796d7.pth", 54278536L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 82.716, 96.196));

    /** {@code RegNet_X_16GF_Weights.DEFAULT}. */
    public static final RegNetX_16GFWeights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    RegNetX_16GFWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
