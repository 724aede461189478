package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code Wide_ResNet50_2_Weights}: pretrained weights for {@link ResNet#wideResnet50_2} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum WideResNet50_2Weights implements Weights {
    /** {@code Wide_ResNet50_2_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/wide_resnet50_2-95faca4d.pth", 68883240L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 78.468, 94.086)),
    /** {@code Wide_ResNet50_2_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/wide_resnet50_2-9ba9bcbe.pth", 68883240L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 81.602, 95.758));

    /** {@code Wide_ResNet50_2_Weights.DEFAULT}. */
    public static final WideResNet50_2Weights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    WideResNet50_2Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
