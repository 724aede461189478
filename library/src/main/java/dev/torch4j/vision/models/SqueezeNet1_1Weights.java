package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code SqueezeNet1_1_Weights}: pretrained weights for {@link SqueezeNet#squeezenet1_1} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum SqueezeNet1_1Weights implements Weights {
    /** {@code SqueezeNet1_1_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/squeezenet1_1-b8a52dc0.pth", 1235496L,
            17, 17, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 58.178, 80.624));

    /** {@code SqueezeNet1_1_Weights.DEFAULT}. */
    public static final SqueezeNet1_1Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    SqueezeNet1_1Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
