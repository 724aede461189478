package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code Swin_V2_B_Weights}: pretrained weights for {@link SwinTransformer#swinV2B} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum SwinV2BWeights implements Weights {
    /** {@code Swin_V2_B_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/swin_v2_b-781e5279.pth", 87930848L,
            256, 256, true, 256, 272, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 84.112, 96.864));

    /** {@code Swin_V2_B_Weights.DEFAULT}. */
    public static final SwinV2BWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    SwinV2BWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
