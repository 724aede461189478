package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.MultiLabelSoftMarginLoss(weight=None, reduction='mean')}: per sample, the mean over classes of the binary
 * cross entropy of {@code sigmoid(input)} against 0/1 targets; {@code forward(input, target)}. The class weights are
 * a buffer named {@code weight}.
 */
public class MultiLabelSoftMarginLoss extends Module {
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.MultiLabelSoftMarginLoss()} with PyTorch's defaults. */
    public MultiLabelSoftMarginLoss() { this(null, Reduction.MEAN); }

    /** {@code nn.MultiLabelSoftMarginLoss(weight, reduction)}; a null weight weighs classes equally. */
    public MultiLabelSoftMarginLoss(Tensor weight, Reduction reduction) {
        registerBuffer("weight", weight);
        this.reduction = reduction.checkNotBatchmean();
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.multilabelSoftMarginLoss(input, target, buffer("weight"), reduction);
    }
}
