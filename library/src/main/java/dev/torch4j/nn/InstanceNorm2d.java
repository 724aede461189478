package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;

/**
 * {@code nn.InstanceNorm2d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)} over
 * {@code (N, C, H, W)} or unbatched {@code (C, H, W)}: see {@link Functional#instanceNorm}. With running stats, eval
 * mode normalises with them.
 */
public class InstanceNorm2d extends NormBase {
    /** {@code nn.InstanceNorm2d(num_features)}. */
    public InstanceNorm2d(long numFeatures) { this(numFeatures, 1e-5, 0.1, false, false, TensorOptions.DEFAULT); }

    /** {@code nn.InstanceNorm2d(num_features, eps, momentum, affine, track_running_stats)}. */
    public InstanceNorm2d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        this(numFeatures, eps, momentum, affine, trackRunningStats, TensorOptions.DEFAULT);
    }

    /** {@code nn.InstanceNorm2d(..., device=, dtype=)}. */
    public InstanceNorm2d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, options);
    }

    /** {@link LazyInstanceNorm2d}'s (and its subclasses'): num_features from the first input. */
    InstanceNorm2d(double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options, boolean lazy) {
        super(0, eps, momentum, affine, trackRunningStats, options, lazy);
    }

    /** The batched input's number of dims: 4 here, 3 for InstanceNorm1d, 5 for InstanceNorm3d. */
    int batchedDims() { return 4; }

    @Override
    public Tensor forward(Tensor input) {
        int b = batchedDims();
        if (input.dim() != b - 1 && input.dim() != b) {
            throw new IllegalArgumentException("expected " + (b - 1) + "D or " + b + "D input (got " + input.dim() + "D input)");
        }
        materializeIfLazy(input); // PyTorch's lazy norms read dim 1, batched or not
        boolean unbatched = input.dim() == b - 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        if (x.size(1) != numFeatures && affine) {
            throw new IllegalArgumentException("expected input's size at dim=" + (unbatched ? 0 : 1) + " to match num_features (" + numFeatures
                    + "), but got: " + x.size(1) + ".");
        }
        // momentum=None: PyTorch 2.x passes 0.0 (running statistics stay as they are); 1.13 fails inside instance_norm
        Tensor y = Functional.instanceNorm(x, runningMean(), runningVar(), weight, bias, isTraining() || !trackRunningStats,
                momentum == null ? 0.0 : momentum, eps);
        return unbatched ? y.squeeze(0) : y;
    }

    /** Without running stats, a checkpoint's running_mean/running_var are refused with PyTorch's own explanation. */
    @Override
    protected void beforeLoadStateDict(java.util.Map<String, Tensor> stateDict, String prefix, java.util.List<String> errorMsgs) {
        super.beforeLoadStateDict(stateDict, prefix, errorMsgs);
        if (trackRunningStats) return;
        java.util.List<String> found = new java.util.ArrayList<>();
        for (String name : new String[] {"running_mean", "running_var"}) {
            if (stateDict.remove(prefix + name) != null) found.add("\"" + prefix + name + "\"");
        }
        if (found.isEmpty()) return;
        String klass = className();
        errorMsgs.add("Unexpected running stats buffer(s) " + String.join(" and ", found) + " for " + klass + " with track_running_stats=False. "
                + "If state_dict is a checkpoint saved before 0.4.0, this may be expected because " + klass + " does not track running "
                + "stats by default since 0.4.0. Please remove these keys from state_dict. If the running stats are actually needed, "
                + "instead set track_running_stats=True in " + klass + " to enable them. See the documentation of " + klass + " for details.");
    }
}
