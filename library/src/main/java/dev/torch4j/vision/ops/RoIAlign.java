package dev.torch4j.vision.ops;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Py;

/** {@code torchvision.ops.RoIAlign(output_size, spatial_scale, sampling_ratio, aligned)}: {@link RoiOps#roiAlign} as a module; call it with the input and the {@code [K, 5]} rois. */
public class RoIAlign extends Module {
    /** The output's (height, width). */
    public final long[] outputSize;
    /** The factor from box to feature-map coordinates. */
    public final double spatialScale;
    /** Samples per bin side; -1 (or 0) for {@code ceil(roi size / bins)}. */
    public final int samplingRatio;
    /** Whether boxes are shifted by half a pixel. */
    public final boolean aligned;
    private final boolean square;

    /** {@code RoIAlign(output_size, ...)} with a square output, printed as one number. */
    public RoIAlign(long outputSize, double spatialScale, int samplingRatio, boolean aligned) {
        this(new long[] {outputSize, outputSize}, spatialScale, samplingRatio, aligned, true);
    }

    /** {@code RoIAlign((oh, ow), spatial_scale, sampling_ratio, aligned)}. */
    public RoIAlign(long[] outputSize, double spatialScale, int samplingRatio, boolean aligned) {
        this(outputSize, spatialScale, samplingRatio, aligned, false);
    }

    private RoIAlign(long[] outputSize, double spatialScale, int samplingRatio, boolean aligned, boolean square) {
        this.outputSize = outputSize.clone();
        this.spatialScale = spatialScale;
        this.samplingRatio = samplingRatio;
        this.aligned = aligned;
        this.square = square;
    }

    @Override
    public Tensor forward(Tensor input, Tensor rois) {
        return RoiOps.roiAlign(input, rois, outputSize[0], outputSize[1], spatialScale, samplingRatio, aligned);
    }

    /** The output size as torchvision prints what it was given: {@code 7} or {@code (3, 2)}. */
    static String size(long[] outputSize, boolean square) { return square ? Long.toString(outputSize[0]) : Py.tuple(outputSize); }

    @Override
    public String toString() {
        return "RoIAlign(output_size=" + size(outputSize, square) + ", spatial_scale=" + Py.repr(spatialScale) + ", sampling_ratio="
                + samplingRatio + ", aligned=" + Py.repr(aligned) + ")";
    }
}
