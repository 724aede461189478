package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.PoissonNLLLoss(log_input=True, full=False, eps=1e-08, reduction='mean')}; {@code forward(input, target)}. */
public class PoissonNLLLoss extends Module {
    /** The {@code log_input} argument. */
    public final boolean logInput;
    /** The {@code full} argument. */
    public final boolean full;
    /** The {@code eps} argument. */
    public final double eps;
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.PoissonNLLLoss()} with PyTorch's defaults. */
    public PoissonNLLLoss() { this(true, false, 1e-8, Reduction.MEAN); }

    /** {@code nn.PoissonNLLLoss(logInput)}; other arguments take PyTorch's defaults. */
    public PoissonNLLLoss(boolean logInput) { this(logInput, false, 1e-8, Reduction.MEAN); }

    /** {@code nn.PoissonNLLLoss(logInput, full)}; other arguments take PyTorch's defaults. */
    public PoissonNLLLoss(boolean logInput, boolean full) { this(logInput, full, 1e-8, Reduction.MEAN); }

    /** {@code nn.PoissonNLLLoss(logInput, full, eps)}; other arguments take PyTorch's defaults. */
    public PoissonNLLLoss(boolean logInput, boolean full, double eps) { this(logInput, full, eps, Reduction.MEAN); }

    /** {@code nn.PoissonNLLLoss(log_input, full, eps, reduction)}. */
    public PoissonNLLLoss(boolean logInput, boolean full, double eps, Reduction reduction) {
        this.logInput = logInput;
        this.full = full;
        this.eps = eps;
        this.reduction = reduction.checkNotBatchmean();
    }

    @Override
    public Tensor forward(Tensor a, Tensor b) { return Functional.poissonNllLoss(a, b, logInput, full, eps, reduction); }
}
