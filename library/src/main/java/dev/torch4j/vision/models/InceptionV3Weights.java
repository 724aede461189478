package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code Inception_V3_Weights}: pretrained weights for {@link Inception3#inceptionV3} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum InceptionV3Weights implements Weights {
    /** {@code Inception_V3_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/inception_v3_google-0cc3c7bd.pth", 27161264L,
            75, 75, true, 299, 342, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 77.294, 93.45));

    /** {@code Inception_V3_Weights.DEFAULT}. */
    public static final InceptionV3Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    InceptionV3Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
