package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ShuffleNet_V2_X1_0_Weights}: pretrained weights for {@link ShuffleNetV2#shufflenetV2X1_0} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ShuffleNetV2X1_0Weights implements Weights {
    /** {@code ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/shufflenetv2_x1-5666bf0f80.pth", 2278604L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 69.362, 88.316));

    /** {@code ShuffleNet_V2_X1_0_Weights.DEFAULT}. */
    public static final ShuffleNetV2X1_0Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    ShuffleNetV2X1_0Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
