package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code Swin_T_Weights}: pretrained weights for {@link SwinTransformer#swinT} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum SwinTWeights implements Weights {
    /** {@code Swin_T_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/swin_t-704ceda3.pth", 28288354L,
            224, 224, true, 224, 232, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 81.474, 95.776));

    /** {@code Swin_T_Weights.DEFAULT}. */
    public static final SwinTWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    SwinTWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
