package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.CosineEmbeddingLoss(margin=0.0, reduction='mean')}; {@code forward(x1, x2, y)} with targets 1 and -1. */
public class CosineEmbeddingLoss extends Module {
    /** The {@code margin} argument. */
    public final double margin;
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.CosineEmbeddingLoss()} with PyTorch's defaults. */
    public CosineEmbeddingLoss() { this(0.0, Reduction.MEAN); }

    /** {@code nn.CosineEmbeddingLoss(margin)}; other arguments take PyTorch's defaults. */
    public CosineEmbeddingLoss(double margin) { this(margin, Reduction.MEAN); }

    /** {@code nn.CosineEmbeddingLoss(margin, reduction)}. */
    public CosineEmbeddingLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = reduction.checkNotBatchmean();
    }

    @Override
    public Tensor forward(Tensor... in) {
        if (in.length != 3) throw new IllegalArgumentException("CosineEmbeddingLoss.forward takes 3 tensors, got " + in.length);
        return Functional.cosineEmbeddingLoss(in[0], in[1], in[2], margin, reduction);
    }
}
