package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code GoogLeNet_Weights}: pretrained weights for {@link GoogLeNet#googlenet} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum GoogLeNetWeights implements Weights {
    /** {@code GoogLeNet_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/googlenet-1378be20.pth", 6624904L,
            15, 15, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 69.778, 89.53));

    /** {@code GoogLeNet_Weights.DEFAULT}. */
    public static final GoogLeNetWeights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    GoogLeNetWeights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
