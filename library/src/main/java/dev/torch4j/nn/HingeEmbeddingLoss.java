package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.HingeEmbeddingLoss(margin=1.0, reduction='mean')}; {@code forward(input, target)} with targets 1 and -1. */
public class HingeEmbeddingLoss extends Module {
    /** The {@code margin} argument. */
    public final double margin;
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.HingeEmbeddingLoss()} with PyTorch's defaults. */
    public HingeEmbeddingLoss() { this(1.0, Reduction.MEAN); }

    /** {@code nn.HingeEmbeddingLoss(margin)}; other arguments take PyTorch's defaults. */
    public HingeEmbeddingLoss(double margin) { this(margin, Reduction.MEAN); }

    /** {@code nn.HingeEmbeddingLoss(margin, reduction)}. */
    public HingeEmbeddingLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = reduction.checkNotBatchmean();
    }

    @Override
    public Tensor forward(Tensor a, Tensor b) { return Functional.hingeEmbeddingLoss(a, b, margin, reduction); }
}
