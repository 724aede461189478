package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * The spatial-transformer functions of {@code torch.nn.functional} ({@code affine_grid}, {@code grid_sample}), kept
 * out of {@link Functional}'s file and reached through it (Functional extends LossFunctions extends this).
 */
abstract class SamplingFunctions {
    SamplingFunctions() {}

    /**
     * {@code F.affine_grid(theta, size, align_corners=False)}: the sampling grid {@code (N, H, W, 2)} of the affine
     * maps theta {@code (N, 2, 3)} over an output of size {@code (N, C, H, W)}.
     */
    public static Tensor affineGrid(Tensor theta, long[] size) { return GridSample.affineGrid(theta, size, false); }

    /** {@code F.affine_grid(theta, size, align_corners)}. */
    public static Tensor affineGrid(Tensor theta, long[] size, boolean alignCorners) {
        return GridSample.affineGrid(theta, size, alignCorners);
    }

    /**
     * {@code F.grid_sample(input, grid)}: bilinear, zeros padding, align_corners=False: the output
     * {@code (N, C, Ho, Wo)} samples input {@code (N, C, H, W)} at the grid's {@code (x, y)} in [-1, 1].
     */
    public static Tensor gridSample(Tensor input, Tensor grid) { return GridSample.gridSample(input, grid, "bilinear", "zeros", false); }

    /** {@code F.grid_sample(input, grid, mode, padding_mode, align_corners)}: mode "bilinear" or "nearest". */
    public static Tensor gridSample(Tensor input, Tensor grid, String mode, String paddingMode, boolean alignCorners) {
        return GridSample.gridSample(input, grid, mode, paddingMode, alignCorners);
    }
}
