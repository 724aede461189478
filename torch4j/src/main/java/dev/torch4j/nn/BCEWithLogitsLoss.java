package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.BCEWithLogitsLoss(weight=None, reduction='mean', pos_weight=None)}: sigmoid and binary cross entropy in
 * one numerically stable step. The weights are buffers named {@code weight} and {@code pos_weight}.
 */
public class BCEWithLogitsLoss extends Module {
    public final Reduction reduction;

    public BCEWithLogitsLoss() { this(null, Reduction.MEAN, null); }

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
