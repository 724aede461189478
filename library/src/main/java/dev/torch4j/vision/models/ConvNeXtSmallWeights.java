package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ConvNeXt_Small_Weights}: pretrained weights for {@link ConvNeXt#convnextSmall} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ConvNeXtSmallWeights implements Weights {
    /** {@code ConvNeXt_Small_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/convnext_small-0c510722.pth", 50223688L,
            32, 32, true, 224, 230, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 83.616, 96.65));

    /** {@code ConvNeXt_Small_Weights.DEFAULT}. */
    public static final ConvNeXtSmallWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    ConvNeXtSmallWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
