package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code DenseNet201_Weights}: pretrained weights for {@link DenseNet#densenet201} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum DenseNet201Weights implements Weights {
    /** {@code DenseNet201_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/densenet201-c1103571.pth", 20013928L,
            29, 29, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 76.896, 93.37));

    /** {@code DenseNet201_Weights.DEFAULT}. */
    public static final DenseNet201Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    DenseNet201Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
