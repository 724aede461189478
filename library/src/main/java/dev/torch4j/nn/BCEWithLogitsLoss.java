package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.BCEWithLogitsLoss(weight=None, reduction='mean', pos_weight=None)}: sigmoid and binary cross entropy in
 * one numerically stable step. The weights are buffers named {@code weight} and {@code pos_weight}.
 */
public class BCEWithLogitsLoss extends Module {
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.BCEWithLogitsLoss()} with PyTorch's defaults. */
    public BCEWithLogitsLoss() { this(null, Reduction.MEAN, null); }

    /** {@code nn.BCEWithLogitsLoss(weight, reduction, pos_weight)}; other arguments take PyTorch's defaults. */
    public BCEWithLogitsLoss(Tensor weight, Reduction reduction, Tensor posWeight) {
        registerBuffer("weight", weight);
        registerBuffer("pos_weight", posWeight);
        this.reduction = reduction.checkNotBatchmean();
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.binaryCrossEntropyWithLogits(input, target, buffer("weight"), buffer("pos_weight"), reduction);
    }
}
