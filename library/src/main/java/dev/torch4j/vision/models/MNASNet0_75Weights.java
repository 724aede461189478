package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code MNASNet0_75_Weights}: pretrained weights for {@link MNASNet#mnasnet0_75} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum MNASNet0_75Weights implements Weights {
    /** {@code MNASNet0_75_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/mnasnet0_75-7090bc5f.pth", 3170208L,
            1, 1, true, 224, 232, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 71.18, 90.496));

    /** {@code MNASNet0_75_Weights.DEFAULT}. */
    public static final MNASNet0_75Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    MNASNet0_75Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
