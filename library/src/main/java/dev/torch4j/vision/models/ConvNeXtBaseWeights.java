package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ConvNeXt_Base_Weights}: pretrained weights for {@link ConvNeXt#convnextBase} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ConvNeXtBaseWeights implements Weights {
    /** {@code ConvNeXt_Base_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/convnext_base-6075fbad.pth", 88591464L,
            32, 32, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 84.062, 96.87));

    /** {@code ConvNeXt_Base_Weights.DEFAULT}. */
    public static final ConvNeXtBaseWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    ConvNeXtBaseWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
