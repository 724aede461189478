package dev.torch4j.nn;

import dev.torch4j.TensorOptions;

/**
 * {@code nn.InstanceNorm1d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)} over
 * {@code (N, C, L)} or unbatched {@code (C, L)}: {@link InstanceNorm2d}'s normalisation per sample and channel.
 */
public class InstanceNorm1d extends InstanceNorm2d {
    /** {@code nn.InstanceNorm1d(num_features)}. */
    public InstanceNorm1d(long numFeatures) { super(numFeatures); }

    /** {@code nn.InstanceNorm1d(num_features, eps, momentum, affine, track_running_stats)}. */
    public InstanceNorm1d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** {@code nn.InstanceNorm1d(..., device=, dtype=)}. */
    public InstanceNorm1d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, options);
    }

    /** {@link LazyInstanceNorm1d}'s. */
    InstanceNorm1d(double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options, boolean lazy) {
        super(eps, momentum, affine, trackRunningStats, options, lazy);
    }

    @Override
    int batchedDims() { return 3; }
}
