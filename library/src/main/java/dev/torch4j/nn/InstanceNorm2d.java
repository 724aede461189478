package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

/**
 * {@code nn.InstanceNorm2d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)} over
 * {@code (N, C, H, W)} or unbatched {@code (C, H, W)}: see {@link Functional#instanceNorm}. With running stats, eval
 * mode normalises with them.
 */
public class InstanceNorm2d extends Module {
    /** The {@code num_features} argument. */
    public final long numFeatures;
    /** The {@code eps, momentum} arguments. */
    public final double eps, momentum;
    /** The {@code affine, track_running_stats} arguments. */
    public final boolean affine, trackRunningStats;
    /** The scale (ones), or null without affine. */
    public Tensor weight;
    /** The shift (zeros), or null without affine. */
    public Tensor bias;

    /** {@code nn.InstanceNorm2d(num_features)}. */
    public InstanceNorm2d(long numFeatures) { this(numFeatures, 1e-5, 0.1, false, false, TensorOptions.DEFAULT); }

    /** {@code nn.InstanceNorm2d(num_features, eps, momentum, affine, track_running_stats)}. */
    public InstanceNorm2d(long numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        this(numFeatures, eps, momentum, affine, trackRunningStats, TensorOptions.DEFAULT);
    }

    /** {@code nn.InstanceNorm2d(..., device=, dtype=)}. */
    public InstanceNorm2d(long numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats, TensorOptions options) {
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

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 3 && input.dim() != 4) throw new IllegalArgumentException("expected 3D or 4D input (got " + input.dim() + "D input)");
        boolean unbatched = input.dim() == 3;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        if (x.size(1) != numFeatures && affine) {
            throw new IllegalArgumentException("expected input's size at dim=1 to match num_features (" + numFeatures + "), but got: " + x.size(1) + ".");
        }
        Tensor y = Functional.instanceNorm(x, runningMean(), runningVar(), weight, bias, isTraining() || !trackRunningStats, momentum, eps);
        return unbatched ? y.squeeze(0) : y;
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + Py.repr(eps) + ", momentum=" + Py.repr(momentum) + ", affine=" + Py.repr(affine)
                + ", track_running_stats=" + Py.repr(trackRunningStats);
    }
}
