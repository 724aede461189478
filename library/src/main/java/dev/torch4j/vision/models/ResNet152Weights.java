package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ResNet152_Weights}: pretrained weights for {@link ResNet#resnet152} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ResNet152Weights implements Weights {
    /** {@code ResNet152_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/resnet152-394f9c45.pth", 60192808L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 78.312, 94.046)),
    /** {@code ResNet152_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/resnet152-f82ba261.pth", 60192808L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 82.284, 96.002));

    /** {@code ResNet152_Weights.DEFAULT}. */
    public static final ResNet152Weights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    ResNet152Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
