package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

/**
 * {@code nn.BatchNorm1d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)} over
 * {@code (N, C)} or {@code (N, C, L)}: in training mode it normalises with the batch statistics and updates the
 * buffers {@code running_mean}, {@code running_var} and {@code num_batches_tracked}; in eval mode it uses the
 * running statistics. A null momentum means a cumulative average.
 */
public class BatchNorm1d extends Module {
    /** The {@code num_features} argument. */
    public final long numFeatures;
    /** The {@code eps} argument. */
    public final double eps;
    /** The running-average factor, or null for a cumulative average. */
    public final Double momentum;
    /** The {@code affine, track_running_stats} arguments. */
    public final boolean affine, trackRunningStats;
    /** The scale (ones), or null without affine. */
    public Tensor weight;
    /** The shift (zeros), or null without affine. */
    public Tensor bias;

    /** {@code nn.BatchNorm1d(num_features)}; other arguments take PyTorch's defaults. */
    public BatchNorm1d(long numFeatures) { this(numFeatures, 1e-5, 0.1, true, true, TensorOptions.DEFAULT); }

    /** {@code nn.BatchNorm1d(num_features, eps, momentum, affine, track_running_stats)}; other arguments take PyTorch's defaults. */
    public BatchNorm1d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        this(numFeatures, eps, momentum, affine, trackRunningStats, TensorOptions.DEFAULT);
    }

    /** {@code nn.BatchNorm1d(num_features, eps, momentum, affine, track_running_stats, device=, dtype=)}. */
    public BatchNorm1d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        TensorOptions o = options.requiresGrad(false);
        if (affine) {
            weight = Parameter.of(Torch.ones(Torch.shape(numFeatures), o));
            bias = Parameter.of(Torch.zeros(Torch.shape(numFeatures), o));
        }
        // buffers keep PyTorch's snake_case names, so they are registered explicitly rather than as fields
        if (trackRunningStats) {
            registerBuffer("running_mean", Torch.zeros(Torch.shape(numFeatures), o));
            registerBuffer("running_var", Torch.ones(Torch.shape(numFeatures), o));
            registerBuffer("num_batches_tracked", Torch.zeros(Torch.shape(), Torch.dtype(DType.INT64)));
        }
    }

    /** The {@code running_mean} buffer, or null. */
    public Tensor runningMean() { return buffer("running_mean"); }

    /** The {@code running_var} buffer, or null. */
    public Tensor runningVar() { return buffer("running_var"); }

    /** The {@code num_batches_tracked} buffer (int64, 0-d), or null. */
    public Tensor numBatchesTracked() { return buffer("num_batches_tracked"); }

    /** Zeroes the running mean and count and sets the running variance to one. */
    public void resetRunningStats() {
        if (!trackRunningStats) return;
        try (var g = GradMode.noGrad()) {
            runningMean().zero_();
            runningVar().fill_(1);
            numBatchesTracked().zero_();
        }
    }

    /** Rejects inputs of the wrong rank with PyTorch's message ({@code (N, C)} or {@code (N, C, L)} here). */
    protected void checkInputDim(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException("expected 2D or 3D input (got " + input.dim() + "D input)");
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInputDim(input);
        double factor = momentum == null ? 0.0 : momentum;
        if (isTraining() && trackRunningStats) {
            Tensor n = numBatchesTracked();
            try (var g = GradMode.noGrad()) {
                n.add_(1L);
            }
            factor = momentum == null ? 1.0 / n.item() : momentum;
        }
        boolean useBatchStats = isTraining() || runningMean() == null;
        boolean passStats = !isTraining() || trackRunningStats;
        return Functional.batchNorm(input, passStats ? runningMean() : null, passStats ? runningVar() : null, weight, bias,
                useBatchStats, factor, eps);
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + Py.repr(eps) + ", momentum=" + (momentum == null ? "None" : Py.repr(momentum))
                + ", affine=" + Py.repr(affine) + ", track_running_stats=" + Py.repr(trackRunningStats);
    }
}
