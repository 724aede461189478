package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code ConvNeXt_Tiny_Weights}: pretrained weights for {@link ConvNeXt#convnextTiny} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum ConvNeXtTinyWeights implements Weights {
    /** {@code ConvNeXt_Tiny_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/convnext_tiny-983f1562.pth", 28589128L,
            32, 32, true, 224, 236, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 82.52, 96.146));

    /** {@code ConvNeXt_Tiny_Weights.DEFAULT}. */
    public static final ConvNeXtTinyWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    ConvNeXtTinyWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
