package dev.torch4j.nn;

import dev.torch4j.TensorOptions;

/**
 * {@code nn.LazyInstanceNorm1d(eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)} (PyTorch's defaults here, unlike
 * the eager {@code InstanceNorm1d}'s): a {@link InstanceNorm1d} whose
 * {@code num_features} is dim 1 of its first input when it has affine parameters or running statistics to size
 * (otherwise it stays 0, as in PyTorch); the module prints as a {@code InstanceNorm1d} after its first forward pass.
 */
public class LazyInstanceNorm1d extends InstanceNorm1d {
    /** PyTorch's defaults: affine and tracked, unlike the eager module's. */
    public LazyInstanceNorm1d() { this(1e-5, 0.1, true, true, TensorOptions.DEFAULT); }

    /** {@code nn.LazyInstanceNorm1d(eps, momentum, affine, track_running_stats, device=, dtype=)}. */
    public LazyInstanceNorm1d(double eps, double momentum, boolean affine, boolean trackRunningStats, TensorOptions options) {
        super(eps, momentum, affine, trackRunningStats, options, true);
    }

    @Override
    public String className() { return lazyName() ? "LazyInstanceNorm1d" : "InstanceNorm1d"; }
}
