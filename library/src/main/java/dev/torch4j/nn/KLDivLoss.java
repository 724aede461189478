package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.KLDivLoss(reduction='mean', log_target=False)}: the input holds log-probabilities; use
 * {@link Reduction#BATCHMEAN} for the mathematical KL divergence (PyTorch's 'mean' divides by every element).
 */
public class KLDivLoss extends Module {
    /** The {@code reduction} argument. */
    public final Reduction reduction;
    /** The {@code log_target} argument. */
    public final boolean logTarget;

    /** {@code nn.KLDivLoss()} with PyTorch's defaults. */
    public KLDivLoss() { this(Reduction.MEAN, false); }

    /** {@code nn.KLDivLoss(reduction, log_target)}; other arguments take PyTorch's defaults. */
    public KLDivLoss(Reduction reduction, boolean logTarget) {
        this.reduction = reduction;
        this.logTarget = logTarget;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Functional.klDiv(input, target, reduction, logTarget); }
}
