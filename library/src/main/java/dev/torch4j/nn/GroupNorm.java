package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

/** {@code nn.GroupNorm(num_groups, num_channels, eps=1e-05, affine=True)}: see {@link Functional#groupNorm}. */
public class GroupNorm extends Module {
    /** The {@code num_groups, num_channels} arguments. */
    public final long numGroups, numChannels;
    /** The {@code eps} argument. */
    public final double eps;
    /** The {@code affine} argument. */
    public final boolean affine;
    /** The per-channel scale (ones), or null without affine. */
    public Tensor weight;
    /** The per-channel shift (zeros), or null without affine. */
    public Tensor bias;

    /** {@code nn.GroupNorm(num_groups, num_channels)}. */
    public GroupNorm(long numGroups, long numChannels) { this(numGroups, numChannels, 1e-5, true, TensorOptions.DEFAULT); }

    /** {@code nn.GroupNorm(num_groups, num_channels, eps, affine)}. */
    public GroupNorm(long numGroups, long numChannels, double eps, boolean affine) { this(numGroups, numChannels, eps, affine, TensorOptions.DEFAULT); }

    /** {@code nn.GroupNorm(num_groups, num_channels, eps, affine, device=, dtype=)}. */
    public GroupNorm(long numGroups, long numChannels, double eps, boolean affine, TensorOptions options) {
        if (numGroups <= 0 || numChannels % numGroups != 0) throw new IllegalArgumentException("num_channels must be divisible by num_groups");
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.affine = affine;
        TensorOptions o = options.requiresGrad(false);
        if (affine) {
            weight = Parameter.of(Torch.ones(Torch.shape(numChannels), o));
            bias = Parameter.of(Torch.zeros(Torch.shape(numChannels), o));
        }
    }

    @Override
    public Tensor forward(Tensor input) { return Functional.groupNorm(input, numGroups, weight, bias, eps); }

    @Override
    public String extraRepr() { return numGroups + ", " + numChannels + ", eps=" + Py.repr(eps) + ", affine=" + Py.repr(affine); }
}
