package dev.torch4j.vision.models.video;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {@code R2Plus1D_18_Weights}: Kinetics-400 weights for {@link VideoResNet#r2plus1d_18} (written by
 * scripts/codegen/vision_weights.py from torchvision 0.14.1).
 */
public enum R2Plus1D_18Weights implements VideoWeights {
    /** {@code R2Plus1D_18_Weights.KINETICS400_V1}. */
    KINETICS400_V1(new Spec("https://download.pytorch.org/models/r2plus1d_18-91a641e6.pth", 31505325L,
            1, 1, false, 112, 128, InterpolationMode.BILINEAR,
            new double[] {0.43216, 0.394666, 0.37645}, new double[] {0.22803, 0.22145, 0.216989}, 67.463, 86.175),
            new long[] {128, 171}, 1);

    /** {@code R2Plus1D_18_Weights.DEFAULT}. */
    public static final R2Plus1D_18Weights DEFAULT = KINETICS400_V1;

    private final Spec spec;
    private final long[] resizeSize;
    private final long minTemporalSize;

    R2Plus1D_18Weights(Spec spec, long[] resizeSize, long minTemporalSize) {
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
