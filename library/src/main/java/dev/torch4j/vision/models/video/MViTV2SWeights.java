package dev.torch4j.vision.models.video;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code MViT_V2_S_Weights}: Kinetics-400 weights for {@link MViT#mvit_v2_s} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum MViTV2SWeights implements VideoWeights {
    /** {@code MViT_V2_S_Weights.KINETICS400_V1}. */
    KINETICS400_V1(new Spec("https://download.pytorch.org/models/mvit_v2_s-ae3be167.pth", 34537744L,
            224, 224, false, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.45, 0.45, 0.45}, new double[] {0.225, 0.225, 0.225}, 80.757, 94.665),
            new long[] {256}, 16);

    /** {@code MViT_V2_S_Weights.DEFAULT}. */
    public static final MViTV2SWeights DEFAULT = KINETICS400_V1;

    private final Spec spec;
    private final long[] resizeSize;
    private final long minTemporalSize;

    MViTV2SWeights(Spec spec, long[] resizeSize, long minTemporalSize) {
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
