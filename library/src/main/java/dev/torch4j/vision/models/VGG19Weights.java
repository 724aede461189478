package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code VGG19_Weights}: pretrained weights for {@link VGG#vgg19} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum VGG19Weights implements Weights {
    /** {@code VGG19_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/vgg19-dcbb9e9d.pth", 143667240L,
            32, 32, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 72.376, 90.876));

    /** {@code VGG19_Weights.DEFAULT}. */
    public static final VGG19Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    VGG19Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
