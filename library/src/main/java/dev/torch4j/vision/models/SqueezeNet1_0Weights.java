package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code SqueezeNet1_0_Weights}: pretrained weights for {@link SqueezeNet#squeezenet1_0} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum SqueezeNet1_0Weights implements Weights {
    /** {@code SqueezeNet1_0_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/squeezenet1_0-b66bff10.pth", 1248424L,
            21, 21, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 58.092, 80.42));

    /** {@code SqueezeNet1_0_Weights.DEFAULT}. */
    public static final SqueezeNet1_0Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    SqueezeNet1_0Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
