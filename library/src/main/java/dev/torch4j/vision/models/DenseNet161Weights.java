package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code DenseNet161_Weights}: pretrained weights for {@link DenseNet#densenet161} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum DenseNet161Weights implements Weights {
    /** {@code DenseNet161_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/densenet161-8d451a50.pth", 28681000L,
            29, 29, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 77.138, 93.56));

    /** {@code DenseNet161_Weights.DEFAULT}. */
    public static final DenseNet161Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    DenseNet161Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
