package dev.torch4j.nn;

import dev.torch4j.TensorOptions;

/**
 * {@code nn.LazyBatchNorm1d(eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)}: a {@link BatchNorm1d} whose
 * {@code num_features} is the channel dim (dim 1) of its first input. Until then the weight, bias and running
 * statistics are empty placeholders; the first forward pass (or a loaded state dict) gives them their size, set as
 * {@code reset_parameters} sets them, and the module then prints as a {@code BatchNorm1d}. Create optimizers after that.
 */
public class LazyBatchNorm1d extends BatchNorm1d {
    /** PyTorch's defaults. */
    public LazyBatchNorm1d() { this(1e-5, 0.1, true, true, TensorOptions.DEFAULT); }

    /** {@code nn.LazyBatchNorm1d(eps, momentum, affine, track_running_stats, device=, dtype=)}; a null momentum: a cumulative average. */
    public LazyBatchNorm1d(double eps, Double momentum, boolean affine, boolean trackRunningStats, TensorOptions options) {
        super(eps, momentum, affine, trackRunningStats, options, true);
    }

    @Override
    public String className() { return lazyName() ? "LazyBatchNorm1d" : "BatchNorm1d"; }
}
