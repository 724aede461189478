package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code DenseNet121_Weights}: pretrained weights for {@link DenseNet#densenet121} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum DenseNet121Weights implements Weights {
    /** {@code DenseNet121_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/densenet121-a639ec97.pth", 7978856L,
            29, 29, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 74.434, 91.972));

    /** {@code DenseNet121_Weights.DEFAULT}. */
    public static final DenseNet121Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    DenseNet121Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
