package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.GaussianNLLLoss(full=False, eps=1e-06, reduction='mean')}; {@code forward(input, target, var)}. */
public class GaussianNLLLoss extends Module {
    /** The {@code full} argument. */
    public final boolean full;
    /** The {@code eps} argument. */
    public final double eps;
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.GaussianNLLLoss()} with PyTorch's defaults. */
    public GaussianNLLLoss() { this(false, 1e-6, Reduction.MEAN); }

    /** {@code nn.GaussianNLLLoss(full)}; other arguments take PyTorch's defaults. */
    public GaussianNLLLoss(boolean full) { this(full, 1e-6, Reduction.MEAN); }

    /** {@code nn.GaussianNLLLoss(full, eps)}; other arguments take PyTorch's defaults. */
    public GaussianNLLLoss(boolean full, double eps) { this(full, eps, Reduction.MEAN); }

    /** {@code nn.GaussianNLLLoss(full, eps, reduction)}. */
    public GaussianNLLLoss(boolean full, double eps, Reduction reduction) {
        this.full = full;
        this.eps = eps;
        this.reduction = reduction.checkNotBatchmean();
    }

    @Override
    public Tensor forward(Tensor... in) {
        if (in.length != 3) throw new IllegalArgumentException("GaussianNLLLoss.forward takes 3 tensors, got " + in.length);
        return Functional.gaussianNllLoss(in[0], in[1], in[2], full, eps, reduction);
    }
}
