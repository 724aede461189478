package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code VGG16_Weights}: pretrained weights for {@link VGG#vgg16} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum VGG16Weights implements Weights {
    /** {@code VGG16_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/vgg16-397923af.pth", 138357544L,
            32, 32, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 71.592, 90.382)),
    /** {@code VGG16_Weights.IMAGENET1K_FEATURES}. */
    IMAGENET1K_FEATURES(new Spec("https://download.pytorch.org/models/vgg16_features-amdegroot-88682ab5.pth", 138357544L,
            32, 32, false, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.48235, 0.45882, 0.40784}, new double[] {0.00392156862745098, 0.00392156862745098, 0.00392156862745098}, Double.NaN, Double.NaN));

    /** {@code VGG16_Weights.DEFAULT}. */
    public static final VGG16Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    VGG16Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
