package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ResNet18_Weights}: pretrained weights for {@link ResNet#resnet18} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ResNet18Weights implements Weights {
    /** {@code ResNet18_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/resnet18-f37072fd.pth", 11689512L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 69.758, 89.078));

    /** {@code ResNet18_Weights.DEFAULT}. */
    public static final ResNet18Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    ResNet18Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
