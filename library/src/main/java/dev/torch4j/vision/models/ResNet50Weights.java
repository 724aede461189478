package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ResNet50_Weights}: pretrained weights for {@link ResNet#resnet50} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ResNet50Weights implements Weights {
    /** {@code ResNet50_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/resnet50-0676ba61.pth", 25557032L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 76.13, 92.862)),
    /** {@code ResNet50_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/resnet50-11ad3fa6.pth", 25557032L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 80.858, 95.434));

    /** {@code ResNet50_Weights.DEFAULT}. */
    public static final ResNet50Weights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    ResNet50Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
