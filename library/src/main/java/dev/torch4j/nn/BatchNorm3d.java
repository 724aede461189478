package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;

/**
 * {@code nn.BatchNorm3d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)} over
 * {@code (N, C, D, H, W)}: {@link BatchNorm1d}'s statistics per channel over the batch and the three spatial dims.
 */
public class BatchNorm3d extends BatchNorm1d {
    /** {@code nn.BatchNorm3d(num_features)}; other arguments take PyTorch's defaults. */
    public BatchNorm3d(long numFeatures) { super(numFeatures); }

    /** {@code nn.BatchNorm3d(num_features, eps, momentum, affine, track_running_stats)}; a null momentum means a cumulative average. */
    public BatchNorm3d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** {@code nn.BatchNorm3d(..., device=, dtype=)}. */
    public BatchNorm3d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, options);
    }

    /** {@link LazyBatchNorm3d}'s. */
    BatchNorm3d(double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options, boolean lazy) {
        super(eps, momentum, affine, trackRunningStats, options, lazy);
    }

    @Override
    protected void checkInputDim(Tensor input) {
        if (input.dim() != 5) throw new IllegalArgumentException("expected 5D input (got " + input.dim() + "D input)");
    }
}
