package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.SoftMarginLoss(reduction='mean')}: {@code log(1 + exp(-y * x))}; {@code forward(input, target)}. */
public class SoftMarginLoss extends Module {
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.SoftMarginLoss()} with PyTorch's defaults. */
    public SoftMarginLoss() { this(Reduction.MEAN); }

    /** {@code nn.SoftMarginLoss(reduction)}. */
    public SoftMarginLoss(Reduction reduction) {
        this.reduction = reduction.checkNotBatchmean();
    }

    @Override
    public Tensor forward(Tensor a, Tensor b) { return Functional.softMarginLoss(a, b, reduction); }
}
