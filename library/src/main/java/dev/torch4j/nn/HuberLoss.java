package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.HuberLoss(reduction='mean', delta=1.0)}: squared below {@code delta}, linear above. */
public class HuberLoss extends Module {
    /** The {@code reduction} argument. */
    public final Reduction reduction;
    /** The {@code delta} argument. */
    public final double delta;

    /** {@code nn.HuberLoss()} with PyTorch's defaults. */
    public HuberLoss() { this(Reduction.MEAN, 1.0); }

    /** {@code nn.HuberLoss(reduction, delta)}; other arguments take PyTorch's defaults. */
    public HuberLoss(Reduction reduction, double delta) {
        this.reduction = reduction.checkNotBatchmean();
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Functional.huberLoss(input, target, reduction, delta); }
}
