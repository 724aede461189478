package dev.torch4j.vision.models.video;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code S3D_Weights}: Kinetics-400 weights for {@link S3D#s3d} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum S3DWeights implements VideoWeights {
    /** {@code S3D_Weights.KINETICS400_V1}. */
    KINETICS400_V1(new Spec("https://download.pytorch.org/models/s3d-d76dad2f.pth", 8320048L,
            224, 224, false, 224, 256, InterpolationMode.BILINEAR,
            new double[] {0.43216, 0.394666, 0.37645}, new double[] {0.22803, 0.22145, 0.216989}, 68.368, 88.05),
            new long[] {256, 256}, 14);

    /** {@code S3D_Weights.DEFAULT}. */
    public static final S3DWeights DEFAULT = KINETICS400_V1;

    private final Spec spec;
    private final long[] resizeSize;
    private final long minTemporalSize;

    S3DWeights(Spec spec, long[] resizeSize, long minTemporalSize) {
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
