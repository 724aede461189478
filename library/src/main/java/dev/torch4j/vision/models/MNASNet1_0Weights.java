package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code MNASNet1_0_Weights}: pretrained weights for {@link MNASNet#mnasnet1_0} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum MNASNet1_0Weights implements Weights {
    /** {@code MNASNet1_0_Weights.IMAGENET1K_V1}. */
    IMAGENET1K_V1(new Spec("https://download.pytorch.org/models/mnasnet1.0_top1_73.512-f206786ef8.pth", 4383312L,
            1, 1, true, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 73.456, 91.51));

    /** {@code MNASNet1_0_Weights.DEFAULT}. */
    public static final MNASNet1_0Weights DEFAULT = IMAGENET1K_V1;

    private final Spec spec;

    MNASNet1_0Weights(Spec spec) { this.spec = spec; }

    @Override
    public Spec spec() { return spec; }
}
