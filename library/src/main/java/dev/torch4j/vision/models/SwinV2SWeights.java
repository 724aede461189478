package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code Swin_V2_S_Weights}: pretrained weights for {@link SwinTransformer#swinV2S} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum SwinV2SWeights implements Weights {
    /** {@code Swin_V2_S_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/swin_v2_s-637d8ceb.pth", 49737442L,
            256, 256, true, 256, 260, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 83.712, 96.816));

    /** {@code Swin_V2_S_Weights.DEFAULT}. */
    public static final SwinV2SWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    SwinV2SWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
