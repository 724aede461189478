package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code DenseNet169_Weights}: pretrained weights for {@link DenseNet#densenet169} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum DenseNet169Weights implements Weights {
    /** {@code DenseNet169_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/densenet169-b2777c0a.pth", 14149480L,
            29, 29, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 75.6, 92.806));

    /** {@code DenseNet169_Weights.DEFAULT}. */
    public static final DenseNet169Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    DenseNet169Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
