package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code VGG13_Weights}: pretrained weights for {@link VGG#vgg13} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum VGG13Weights implements Weights {
    /** {@code VGG13_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/vgg13-19584684.pth", 133047848L,
            32, 32, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 69.928, 89.246));

    /** {@code VGG13_Weights.DEFAULT}. */
    public static final VGG13Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    VGG13Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
