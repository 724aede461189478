package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ConvNeXt_Large_Weights}: pretrained weights for {@link ConvNeXt#convnextLarge} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ConvNeXtLargeWeights implements Weights {
    /** {@code ConvNeXt_Large_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/convnext_large-ea097f82.pth", 197767336L,
            32, 32, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 84.414, 96.976));

    /** {@code ConvNeXt_Large_Weights.DEFAULT}. */
    public static final ConvNeXtLargeWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    ConvNeXtLargeWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
