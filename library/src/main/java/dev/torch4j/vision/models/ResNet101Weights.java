package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ResNet101_Weights}: pretrained weights for {@link ResNet#resnet101} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ResNet101Weights implements Weights {
    /** {@code ResNet101_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/resnet101-63fe2227.pth", 44549160L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 77.374, 93.546)),
    /** {@code ResNet101_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/resnet101-cd907fc2.pth", 44549160L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 81.886, 95.78));

    /** {@code ResNet101_Weights.DEFAULT}. */
    public static final ResNet101Weights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    ResNet101Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
