package dev.torch4j.vision.ops;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Py;

/** {@code torchvision.ops.RoIPool(output_size, spatial_scale)}: {@link RoiOps#roiPool} as a module; call it with the input and the {@code [K, 5]} rois. */
public class RoIPool extends Module {
    /** The output's (height, width). */
    public final long[] outputSize;
    /** The factor from box to feature-map coordinates. */
    public final double spatialScale;
    private final boolean square;

    /** {@code RoIPool(output_size, spatial_scale)} with a square output. */
    public RoIPool(long outputSize, double spatialScale) {
        this.outputSize = new long[] {outputSize, outputSize};
        this.spatialScale = spatialScale;
        this.square = true;
    }

    /** {@code RoIPool((oh, ow), spatial_scale)}. */
    public RoIPool(long[] outputSize, double spatialScale) {
        this.outputSize = outputSize.clone();
        this.spatialScale = spatialScale;
        this.square = false;
    }

    @Override
    public Tensor forward(Tensor input, Tensor rois) { return RoiOps.roiPool(input, rois, outputSize[0], outputSize[1], spatialScale); }

    @Override
    public String toString() {
        return "RoIPool(output_size=" + RoIAlign.size(outputSize, square) + ", spatial_scale=" + Py.repr(spatialScale) + ")";
    }
}
