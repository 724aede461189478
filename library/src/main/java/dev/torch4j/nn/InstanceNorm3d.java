package dev.torch4j.nn;

import dev.torch4j.TensorOptions;

/**
 * {@code nn.InstanceNorm3d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)} over
 * {@code (N, C, D, H, W)} or unbatched {@code (C, D, H, W)}: {@link InstanceNorm2d}'s normalisation per sample and channel.
 */
public class InstanceNorm3d extends InstanceNorm2d {
    /** {@code nn.InstanceNorm3d(num_features)}. */
    public InstanceNorm3d(long numFeatures) { super(numFeatures); }

    /** {@code nn.InstanceNorm3d(num_features, eps, momentum, affine, track_running_stats)}. */
    public InstanceNorm3d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** {@code nn.InstanceNorm3d(..., device=, dtype=)}. */
    public InstanceNorm3d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, options);
    }

    /** {@link LazyInstanceNorm3d}'s. */
    InstanceNorm3d(double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options, boolean lazy) {
        super(eps, momentum, affine, trackRunningStats, options, lazy);
    }

    @Override
    int batchedDims() { return 5; }
}
