package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ResNet34_Weights}: pretrained weights for {@link ResNet#resnet34} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ResNet34Weights implements Weights {
    /** {@code ResNet34_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/resnet34-b627a593.pth", 21797672L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 73.314, 91.42));

    /** {@code ResNet34_Weights.DEFAULT}. */
    public static final ResNet34Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    ResNet34Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
