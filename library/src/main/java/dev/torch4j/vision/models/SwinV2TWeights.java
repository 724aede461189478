package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code Swin_V2_T_Weights}: pretrained weights for {@link SwinTransformer#swinV2T} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum SwinV2TWeights implements Weights {
    /** {@code Swin_V2_T_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/swin_v2_t-b137f0e2.pth", 28351570L,
            256, 256, true, 256, 260, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 82.072, 96.132));

    /** {@code Swin_V2_T_Weights.DEFAULT}. */
    public static final SwinV2TWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    SwinV2TWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
