package dev.torch4j.vision.models.video;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code MViT_V1_B_Weights}: Kinetics-400 weights for {@link MViT#mvit_v1_b} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum MViTV1BWeights implements VideoWeights {
    /** {@code MViT_V1_B_Weights.KINETICS400_V1}. */
    KINETICS400_V1(new Spec("https://download.pytorch.org/models/mvit_v1_b-dbeb1030.pth", 36610672L,
            224, 224, false, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.45, 0.45, 0.45}, new double[] {0.225, 0.225, 0.225}, 78.477, 93.582),
            new long[] {256}, 16);

    /** {@code MViT_V1_B_Weights.DEFAULT}. */
    public static final MViTV1BWeights DEFAULT = KINETICS400_V1;

    private final Spec spec;
    private final long[] resizeSize;
    private final long minTemporalSize;

    MViTV1BWeights(Spec spec, long[] resizeSize, long minTemporalSize) {
        this.spec = spec;
        this.resizeSize = resizeSize;
        this.minTemporalSize = minTemporalSize;
    }

    @Override
    public Spec spec() { return spec; }

    @Override
    public long[] resizeSize() { return resizeSize.clone(); }

    @Override
    public long minTemporalSize() { return minTemporalSize; }
}
