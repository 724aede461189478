package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code EfficientNet_B7_Weights}: pretrained weights for {@link EfficientNet#efficientnetB7} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum EfficientNetB7Weights implements Weights {
    /** {@code EfficientNet_B7_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/efficientnet_b7_lukemelas-dcc49843.pth", 66347960L,
            1, 1, true, 600, 600, InterpolationMode.BICUBIC,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 84.122, 96.908));

    /** {@code EfficientNet_B7_Weights.DEFAULT}. */
    public static final EfficientNetB7Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    EfficientNetB7Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
