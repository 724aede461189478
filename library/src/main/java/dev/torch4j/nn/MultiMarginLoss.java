package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.MultiMarginLoss(p=1, margin=1, weight=None, reduction='mean')}: the multi-class hinge loss;
 * {@code forward(input, target)}. The class weights are a buffer named {@code weight}.
 */
public class MultiMarginLoss extends Module {
    /** The {@code p} argument (1 or 2). */
    public final int p;
    /** The {@code margin} argument. */
    public final double margin;
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.MultiMarginLoss()} with PyTorch's defaults. */
    public MultiMarginLoss() { this(1, 1.0, null, Reduction.MEAN); }

    /** {@code nn.MultiMarginLoss(p, margin, weight, reduction)}; a null weight weighs classes equally. */
    public MultiMarginLoss(int p, double margin, Tensor weight, Reduction reduction) {
        if (p != 1 && p != 2) throw new IllegalArgumentException("only p == 1 and p == 2 supported");
        this.p = p;
        this.margin = margin;
        registerBuffer("weight", weight);
        this.reduction = reduction.checkNotBatchmean();
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.multiMarginLoss(input, target, p, margin, buffer("weight"), reduction);
    }
}
