package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

/**
 * What the batch and instance norms share (PyTorch's {@code _NormBase}): the affine parameters, the running
 * statistics buffers under PyTorch's names, and the repr.
 */
public abstract class NormBase extends Module {
    /** The {@code num_features} argument. */
    public final long numFeatures;
    /** The {@code eps} argument. */
    public final double eps;
    /** The running-average factor, or null for a cumulative average; settable, as PyTorch's attribute (update_bn does). */
    public Double momentum;
    /** The {@code affine, track_running_stats} arguments. */
    public final boolean affine, trackRunningStats;
    /** The scale (ones), or null without affine. */
    public Tensor weight;
    /** The shift (zeros), or null without affine. */
    public Tensor bias;

    protected NormBase(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats,
                       TensorOptions options) {
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

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + Py.repr(eps) + ", momentum=" + (momentum == null ? "None" : Py.repr(momentum))
                + ", affine=" + Py.repr(affine) + ", track_running_stats=" + Py.repr(trackRunningStats);
    }
}
