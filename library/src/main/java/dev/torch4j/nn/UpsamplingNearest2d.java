package dev.torch4j.nn;

/** {@code nn.UpsamplingNearest2d(size=None, scale_factor=None)}: {@link Upsample} in "nearest" mode (PyTorch deprecates it for Upsample). */
public class UpsamplingNearest2d extends Upsample {
    /** {@code nn.UpsamplingNearest2d(size=size)}: one value or {@code {h, w}}. */
    public UpsamplingNearest2d(long[] size) { super(size, null, "nearest", null, null); }

    /** {@code nn.UpsamplingNearest2d(scale_factor=scaleFactor)}. */
    public UpsamplingNearest2d(double scaleFactor) { super(null, new double[] {scaleFactor}, "nearest", null, null); }
}
