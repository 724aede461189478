package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code MNASNet0_5_Weights}: pretrained weights for {@link MNASNet#mnasnet0_5} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum MNASNet0_5Weights implements Weights {
    /** {@code MNASNet0_5_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/mnasnet0.5_top1_67.823-3ffadce67e.pth", 2218512L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 67.734, 87.49));

    /** {@code MNASNet0_5_Weights.DEFAULT}. */
    public static final MNASNet0_5Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    MNASNet0_5Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
