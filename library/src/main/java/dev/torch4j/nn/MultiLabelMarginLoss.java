package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.MultiLabelMarginLoss(reduction='mean')}: the multi-label hinge loss over class-index targets ended by -1;
 * {@code forward(input, target)}.
 */
public class MultiLabelMarginLoss extends Module {
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.MultiLabelMarginLoss()} with PyTorch's default reduction. */
    public MultiLabelMarginLoss() { this(Reduction.MEAN); }

    /** {@code nn.MultiLabelMarginLoss(reduction)}. */
    public MultiLabelMarginLoss(Reduction reduction) { this.reduction = reduction.checkNotBatchmean(); }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Functional.multilabelMarginLoss(input, target, reduction); }
}
