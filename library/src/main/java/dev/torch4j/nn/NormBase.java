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
    /** The {@code num_features} argument (0 in a lazy norm until its first input). */
    public long numFeatures;
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
        this(numFeatures, eps, momentum, affine, trackRunningStats, options, false);
    }

    /** Lazy: num_features unknown, the parameters and running statistics empty placeholders until the first input. */
    NormBase(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options,
             boolean lazy) {
        // PyTorch infers num_features only when something needs it: without affine or running stats it stays 0
        this.lazyPending = lazy && (affine || trackRunningStats);
        this.lazyNamed = lazy;
        this.numFeatures = lazy ? 0 : numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        TensorOptions o = options.requiresGrad(false);
        if (affine) {
            weight = lazy ? UninitializedParameter.of(o) : Parameter.of(Torch.ones(Torch.shape(numFeatures), o));
            bias = lazy ? UninitializedParameter.of(o) : Parameter.of(Torch.zeros(Torch.shape(numFeatures), o));
        }
        // buffers keep PyTorch's snake_case names, so they are registered explicitly rather than as fields
        if (trackRunningStats) {
            registerBuffer("running_mean", Torch.zeros(Torch.shape(this.numFeatures), o));
            registerBuffer("running_var", Torch.ones(Torch.shape(this.numFeatures), o));
            registerBuffer("num_batches_tracked", Torch.zeros(Torch.shape(), Torch.dtype(DType.INT64)));
        }
    }

    /** A lazy norm waiting for its first input; not a Tensor or Module field, so never registered. */
    private boolean lazyPending;
    /** A lazy norm before its first input or load: PyTorch swaps its class then, whatever was materialized. */
    private boolean lazyNamed;

    /** True while a lazy norm still prints as {@code Lazy...} (before its first forward pass or load). */
    protected boolean lazyName() { return lazyNamed; }

    /** {@code has_uninitialized_params()}: true for a lazy norm before its first input (or state dict). */
    public boolean hasUninitializedParams() { return lazyPending; }

    /** A lazy norm's first input gives num_features (its dim 1, as PyTorch's _LazyNormBase reads it). */
    protected void materializeIfLazy(Tensor input) {
        if (lazyPending) materialize(input.size(1));
        lazyNamed = false;
    }

    /** The parameters and running statistics at num_features, set as reset_parameters does (ones, zeros, 0 and 1). */
    private void materialize(long features) {
        lazyPending = false;
        numFeatures = features;
        if (affine) {
            try (var g = GradMode.noGrad()) {
                UninitializedParameter.materialize(weight, features).fill_(1);
                UninitializedParameter.materialize(bias, features).zero_();
            }
        }
        if (trackRunningStats) {
            TensorOptions b = UninitializedParameter.optionsOf(runningMean());
            registerBuffer("running_mean", Torch.zeros(Torch.shape(features), b));
            registerBuffer("running_var", Torch.ones(Torch.shape(features), b));
            try (var g = GradMode.noGrad()) {
                numBatchesTracked().zero_();
            }
        }
    }

    /**
     * Takes num_features from a checkpoint, as PyTorch's lazy load hook does (a no-op once materialized). A state dict
     * without num_batches_tracked (saved before PyTorch 0.4.1) keeps this module's count, as PyTorch 2.x's
     * {@code _load_from_state_dict} does for a dict without version metadata (1.13 resets it to 0).
     */
    @Override
    protected void beforeLoadStateDict(java.util.Map<String, Tensor> stateDict, String prefix) {
        if (numBatchesTracked() != null) stateDict.putIfAbsent(prefix + "num_batches_tracked", numBatchesTracked().clone());
        lazyNamed = false;
        if (!lazyPending) return;
        Tensor t = stateDict.get(prefix + (affine ? "weight" : "running_mean"));
        if (t != null && t.dim() == 1) materialize(t.size(0));
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

    /** {@inheritDoc} BatchNorm's and InstanceNorm's version 2 added num_batches_tracked. */
    @Override
    protected int stateDictVersion() { return 2; }
}
