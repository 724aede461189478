package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code VGG13_BN_Weights}: pretrained weights for {@link VGG#vgg13Bn} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum VGG13BnWeights implements Weights {
    /** {@code VGG13_BN_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/vgg13_bn-abd245e5.pth", 133053736L,
            32, 32, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 71.586, 90.374));

    /** {@code VGG13_BN_Weights.DEFAULT}. */
    public static final VGG13BnWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    VGG13BnWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
