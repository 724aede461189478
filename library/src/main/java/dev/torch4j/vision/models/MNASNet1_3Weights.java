package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code MNASNet1_3_Weights}: pretrained weights for {@link MNASNet#mnasnet1_3} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum MNASNet1_3Weights implements Weights {
    /** {@code MNASNet1_3_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/mnasnet1_3-a4c69d6f.pth", 6282256L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 76.506, 93.522));

    /** {@code MNASNet1_3_Weights.DEFAULT}. */
    public static final MNASNet1_3Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    MNASNet1_3Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
