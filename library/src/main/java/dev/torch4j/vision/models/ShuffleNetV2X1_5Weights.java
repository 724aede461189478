package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ShuffleNet_V2_X1_5_Weights}: pretrained weights for {@link ShuffleNetV2#shufflenetV2X1_5} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ShuffleNetV2X1_5Weights implements Weights {
    /** {@code ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/shufflenetv2_x1_5-3c479a10.pth", 3503624L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 72.996, 91.086));

    /** {@code ShuffleNet_V2_X1_5_Weights.DEFAULT}. */
    public static final ShuffleNetV2X1_5Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    ShuffleNetV2X1_5Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
