package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code Swin_B_Weights}: pretrained weights for {@link SwinTransformer#swinB} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum SwinBWeights implements Weights {
    /** {@code Swin_B_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/swin_b-68c6b09e.pth", 87768224L,
            224, 224, true, 224, 238, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 83.582, 96.64));

    /** {@code Swin_B_Weights.DEFAULT}. */
    public static final SwinBWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    SwinBWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
