package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code MobileNet_V2_Weights}: pretrained weights for {@link MobileNetV2#mobilenetV2} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum MobileNetV2Weights implements Weights {
    /** {@code MobileNet_V2_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/mobilenet_v2-b0353104.pth", 3504872L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 71.878, 90.286)),
    /** {@code MobileNet_V2_Weights.IMAGENET1K_V2}. */
    IMAGENET1K_V2(new Spec("https://download.pytorch.org/models/mobilenet_v2-7ebf99e0.pth", 3504872L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 72.154, 90.822));

    /** {@code MobileNet_V2_Weights.DEFAULT}. */
    public static final MobileNetV2Weights DEFAULT = IMAGENET1K_V2;

    private final Spec spec;

    MobileNetV2Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
