package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.BCELoss(weight=None, reduction='mean')}: binary cross entropy of probabilities in [0, 1] (logs clamped
 * at -100, as PyTorch does). The weight is a buffer named {@code weight}.
 */
public class BCELoss extends Module {
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.BCELoss()} with PyTorch's defaults. */
    public BCELoss() { this(null, Reduction.MEAN); }

    /** {@code nn.BCELoss(weight, reduction)}; other arguments take PyTorch's defaults. */
    public BCELoss(Tensor weight, Reduction reduction) {
        registerBuffer("weight", weight);
        this.reduction = reduction.checkNotBatchmean();
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.binaryCrossEntropy(input, target, buffer("weight"), reduction);
    }
}
