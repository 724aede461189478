package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.TripletMarginLoss(margin=1.0, p=2.0, eps=1e-06, swap=False, reduction='mean')}; {@code forward(anchor, positive, negative)}. */
public class TripletMarginLoss extends Module {
    /** The {@code margin} argument. */
    public final double margin;
    /** The {@code p} argument. */
    public final double p;
    /** The {@code eps} argument. */
    public final double eps;
    /** The {@code swap} argument. */
    public final boolean swap;
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.TripletMarginLoss()} with PyTorch's defaults. */
    public TripletMarginLoss() { this(1.0, 2.0, 1e-6, false, Reduction.MEAN); }

    /** {@code nn.TripletMarginLoss(margin)}; other arguments take PyTorch's defaults. */
    public TripletMarginLoss(double margin) { this(margin, 2.0, 1e-6, false, Reduction.MEAN); }

    /** {@code nn.TripletMarginLoss(margin, p)}; other arguments take PyTorch's defaults. */
    public TripletMarginLoss(double margin, double p) { this(margin, p, 1e-6, false, Reduction.MEAN); }

    /** {@code nn.TripletMarginLoss(margin, p, eps)}; other arguments take PyTorch's defaults. */
    public TripletMarginLoss(double margin, double p, double eps) { this(margin, p, eps, false, Reduction.MEAN); }

    /** {@code nn.TripletMarginLoss(margin, p, eps, swap)}; other arguments take PyTorch's defaults. */
    public TripletMarginLoss(double margin, double p, double eps, boolean swap) { this(margin, p, eps, swap, Reduction.MEAN); }

    /** {@code nn.TripletMarginLoss(margin, p, eps, swap, reduction)}. */
    public TripletMarginLoss(double margin, double p, double eps, boolean swap, Reduction reduction) {
        this.margin = margin;
        this.p = p;
        this.eps = eps;
        this.swap = swap;
        this.reduction = reduction.checkNotBatchmean();
    }

    @Override
    public Tensor forward(Tensor... in) {
        if (in.length != 3) throw new IllegalArgumentException("TripletMarginLoss.forward takes 3 tensors, got " + in.length);
        return Functional.tripletMarginLoss(in[0], in[1], in[2], margin, p, eps, swap, reduction);
    }
}
