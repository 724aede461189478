package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code Swin_S_Weights}: pretrained weights for {@link SwinTransformer#swinS} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum SwinSWeights implements Weights {
    /** {@code Swin_S_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/swin_s-5e29d889.pth", 49606258L,
            224, 224, true, 224, 246, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 83.196, 96.36));

    /** {@code Swin_S_Weights.DEFAULT}. */
    public static final SwinSWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    SwinSWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
