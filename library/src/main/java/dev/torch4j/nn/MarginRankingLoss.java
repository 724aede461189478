package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.MarginRankingLoss(margin=0.0, reduction='mean')}: {@code max(0, -y * (x1 - x2) + margin)}; {@code forward(x1, x2, y)}. */
public class MarginRankingLoss extends Module {
    /** The {@code margin} argument. */
    public final double margin;
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.MarginRankingLoss()} with PyTorch's defaults. */
    public MarginRankingLoss() { this(0.0, Reduction.MEAN); }

    /** {@code nn.MarginRankingLoss(margin)}; other arguments take PyTorch's defaults. */
    public MarginRankingLoss(double margin) { this(margin, Reduction.MEAN); }

    /** {@code nn.MarginRankingLoss(margin, reduction)}. */
    public MarginRankingLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = reduction.checkNotBatchmean();
    }

    @Override
    public Tensor forward(Tensor... in) {
        if (in.length != 3) throw new IllegalArgumentException("MarginRankingLoss.forward takes 3 tensors, got " + in.length);
        return Functional.marginRankingLoss(in[0], in[1], in[2], margin, reduction);
    }
}
