package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code Wide_ResNet101_2_Weights}: pretrained weights for {@link ResNet#wideResnet101_2} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum WideResNet101_2Weights implements Weights {
    /** {@code Wide_ResNet101_2_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/wide_resnet101_2-32ee1156.pth", 126886696L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 78.848, 94.284)),
    /** {@code Wide_ResNet101_2_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/wide_resnet101_2-d733dc28.pth", 126886696L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 82.51, 96.02));

    /** {@code Wide_ResNet101_2_Weights.DEFAULT}. */
    public static final WideResNet101_2Weights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    WideResNet101_2Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
