package dev.torch4j.vision.ops;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Py;

/** {@code torchvision.ops.PSRoIAlign(output_size, spatial_scale, sampling_ratio)}: {@link RoiOps#psRoiAlign} as a module. */
public class PSRoIAlign extends Module {
    /** The output's (height, width). */
    public final long[] outputSize;
    /** The factor from box to feature-map coordinates. */
    public final double spatialScale;
    /** Samples per bin side; -1 (or 0) for {@code ceil(roi size / bins)}. */
    public final int samplingRatio;
    private final boolean square;

    /** {@code PSRoIAlign(output_size, spatial_scale, sampling_ratio)} with a square output. */
    public PSRoIAlign(long outputSize, double spatialScale, int samplingRatio) {
        this(new long[] {outputSize, outputSize}, spatialScale, samplingRatio, true);
    }

    /** {@code PSRoIAlign((oh, ow), spatial_scale, sampling_ratio)}. */
    public PSRoIAlign(long[] outputSize, double spatialScale, int samplingRatio) { this(outputSize, spatialScale, samplingRatio, false); }

    private PSRoIAlign(long[] outputSize, double spatialScale, int samplingRatio, boolean square) {
        this.outputSize = outputSize.clone();
        this.spatialScale = spatialScale;
        this.samplingRatio = samplingRatio;
        this.square = square;
    }

    @Override
    public Tensor forward(Tensor input, Tensor rois) {
        return RoiOps.psRoiAlign(input, rois, outputSize[0], outputSize[1], spatialScale, samplingRatio);
    }

    @Override
    public String toString() {
        return "PSRoIAlign(output_size=" + RoIAlign.size(outputSize, square) + ", spatial_scale=" + Py.repr(spatialScale)
                + ", sampling_ratio=" + samplingRatio + ")";
    }
}
