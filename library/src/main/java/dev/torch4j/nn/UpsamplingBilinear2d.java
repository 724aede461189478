package dev.torch4j.nn;

/**
 * {@code nn.UpsamplingBilinear2d(size=None, scale_factor=None)}: {@link Upsample} in "bilinear" mode with
 * {@code align_corners=True} (PyTorch deprecates it for Upsample).
 */
public class UpsamplingBilinear2d extends Upsample {
    /** {@code nn.UpsamplingBilinear2d(size=size)}: one value or {@code {h, w}}. */
    public UpsamplingBilinear2d(long[] size) { super(size, null, "bilinear", true, null); }

    /** {@code nn.UpsamplingBilinear2d(scale_factor=scaleFactor)}. */
    public UpsamplingBilinear2d(double scaleFactor) { super(null, new double[] {scaleFactor}, "bilinear", true, null); }
}
