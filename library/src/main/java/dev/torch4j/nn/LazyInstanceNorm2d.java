package dev.torch4j.nn;

import dev.torch4j.TensorOptions;

/**
 * {@code nn.LazyInstanceNorm2d(eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)} (PyTorch's defaults here, unlike
 * the eager {@code InstanceNorm2d}'s): a {@link InstanceNorm2d} whose
 * {@code num_features} is dim 1 of its first input when it has affine parameters or running statistics to size
 * (otherwise it stays 0, as in PyTorch); the module prints as a {@code InstanceNorm2d} after its first forward pass.
 */
public class LazyInstanceNorm2d extends InstanceNorm2d {
    /** PyTorch's defaults: affine and tracked, unlike the eager module's. */
    public LazyInstanceNorm2d() { this(1e-5, 0.1, true, true, TensorOptions.DEFAULT); }

    /** {@code nn.LazyInstanceNorm2d(eps, momentum, affine, track_running_stats, device=, dtype=)}. */
    public LazyInstanceNorm2d(double eps, double momentum, boolean affine, boolean trackRunningStats, TensorOptions options) {
        super(eps, momentum, affine, trackRunningStats, options, true);
    }

    @Override
    public String className() { return lazyName() ? "LazyInstanceNorm2d" : "InstanceNorm2d"; }
}
