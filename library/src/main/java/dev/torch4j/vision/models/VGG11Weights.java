package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code VGG11_Weights}: pretrained weights for {@link VGG#vgg11} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum VGG11Weights implements Weights {
    /** {@code VGG11_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/vgg11-8a719046.pth", 132863336L,
            32, 32, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 69.02, 88.628));

    /** {@code VGG11_Weights.DEFAULT}. */
    public static final VGG11Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    VGG11Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
