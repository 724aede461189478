package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.autograd.GradMode;

/**
 * {@code nn.BatchNorm1d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)} over
 * {@code (N, C)} or {@code (N, C, L)}: in training mode it normalises with the batch statistics and updates the
 * buffers {@code running_mean}, {@code running_var} and {@code num_batches_tracked}; in eval mode it uses the
 * running statistics. A null momentum means a cumulative average.
 */
public class BatchNorm1d extends NormBase {
    /** {@code nn.BatchNorm1d(num_features)}; other arguments take PyTorch's defaults. */
    public BatchNorm1d(long numFeatures) { this(numFeatures, 1e-5, 0.1, true, true, TensorOptions.DEFAULT); }

    /** {@code nn.BatchNorm1d(num_features, eps, momentum, affine, track_running_stats)}; other arguments take PyTorch's defaults. */
    public BatchNorm1d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        this(numFeatures, eps, momentum, affine, trackRunningStats, TensorOptions.DEFAULT);
    }

    /** {@code nn.BatchNorm1d(num_features, eps, momentum, affine, track_running_stats, device=, dtype=)}. */
    public BatchNorm1d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, options);
    }

    /** {@link LazyBatchNorm1d}'s (and its subclasses'): num_features from the first input. */
    BatchNorm1d(double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options, boolean lazy) {
        super(0, eps, momentum, affine, trackRunningStats, options, lazy);
    }

    /** Rejects inputs of the wrong rank with PyTorch's message ({@code (N, C)} or {@code (N, C, L)} here). */
    protected void checkInputDim(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException("expected 2D or 3D input (got " + input.dim() + "D input)");
        }
    }

    /**
     * The running statistics' update factor of this call: momentum, or with a null momentum the cumulative
     * {@code 1 / num_batches_tracked}; counts the batch in training mode when tracking (PyTorch's forward does both).
     */
    protected double exponentialAverageFactor() {
        double factor = momentum == null ? 0.0 : momentum;
        if (isTraining() && trackRunningStats) {
            Tensor n = numBatchesTracked();
            try (var g = GradMode.noGrad()) {
                n.add_(1L);
            }
            factor = momentum == null ? 1.0 / n.item() : momentum;
        }
        return factor;
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInputDim(input);
        materializeIfLazy(input);
        double factor = exponentialAverageFactor();
        boolean useBatchStats = isTraining() || runningMean() == null;
        boolean passStats = !isTraining() || trackRunningStats;
        return Functional.batchNorm(input, passStats ? runningMean() : null, passStats ? runningVar() : null, weight, bias,
                useBatchStats, factor, eps);
    }
}
