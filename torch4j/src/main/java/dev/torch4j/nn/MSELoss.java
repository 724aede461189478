package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.MSELoss(reduction='mean')}: the squared error; {@code forward(input, target)}. */
public class MSELoss extends Module {
    public final Reduction reduction;

    public MSELoss() { this(Reduction.MEAN); }

    public MSELoss(Reduction reduction) { this.reduction = reduction.checkNotBatchmean(); }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Functional.mseLoss(input, target, reduction); }
}
