package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.HuberLoss(reduction='mean', delta=1.0)}: squared below {@code delta}, linear above. */
public class HuberLoss extends Module {
    public final Reduction reduction;
    public final double delta;

    public HuberLoss() { this(Reduction.MEAN, 1.0); }

    public HuberLoss(Reduction reduction, double delta) {
        this.reduction = reduction.checkNotBatchmean();
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Functional.huberLoss(input, target, reduction, delta); }
}
