package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;

/**
 * {@code nn.BatchNorm2d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)} over
 * {@code (N, C, H, W)}: {@link BatchNorm1d}'s statistics per channel over the batch and both spatial dims.
 */
public class BatchNorm2d extends BatchNorm1d {
    /** {@code nn.BatchNorm2d(num_features)}; other arguments take PyTorch's defaults. */
    public BatchNorm2d(long numFeatures) { super(numFeatures); }

    /** {@code nn.BatchNorm2d(num_features, eps, momentum, affine, track_running_stats)}; a null momentum means a cumulative average. */
    public BatchNorm2d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** {@code nn.BatchNorm2d(..., device=, dtype=)}. */
    public BatchNorm2d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, options);
    }

    /** {@link LazyBatchNorm2d}'s. */
    BatchNorm2d(double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options, boolean lazy) {
        super(eps, momentum, affine, trackRunningStats, options, lazy);
    }

    @Override
    protected void checkInputDim(Tensor input) {
        if (input.dim() != 4) throw new IllegalArgumentException("expected 4D input (got " + input.dim() + "D input)");
    }
}
