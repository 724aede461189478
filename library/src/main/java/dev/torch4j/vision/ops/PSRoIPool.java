package dev.torch4j.vision.ops;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Py;

/** {@code torchvision.ops.PSRoIPool(output_size, spatial_scale)}: {@link RoiOps#psRoiPool} as a module. */
public class PSRoIPool extends Module {
    /** The output's (height, width). */
    public final long[] outputSize;
    /** The factor from box to feature-map coordinates. */
    public final double spatialScale;
    private final boolean square;

    /** {@code PSRoIPool(output_size, spatial_scale)} with a square output. */
    public PSRoIPool(long outputSize, double spatialScale) {
        this.outputSize = new long[] {outputSize, outputSize};
        this.spatialScale = spatialScale;
        this.square = true;
    }

    /** {@code PSRoIPool((oh, ow), spatial_scale)}. */
    public PSRoIPool(long[] outputSize, double spatialScale) {
        this.outputSize = outputSize.clone();
        this.spatialScale = spatialScale;
        this.square = false;
    }

    @Override
    public Tensor forward(Tensor input, Tensor rois) { return RoiOps.psRoiPool(input, rois, outputSize[0], outputSize[1], spatialScale); }

    @Override
    public String toString() {
        return "PSRoIPool(output_size=" + RoIAlign.size(outputSize, square) + ", spatial_scale=" + Py.repr(spatialScale) + ")";
    }
}
