package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.L1Loss(reduction='mean')}: the absolute error; {@code forward(input, target)}. */
public class L1Loss extends Module {
    public final Reduction reduction;

    public L1Loss() { this(Reduction.MEAN); }

    public L1Loss(Reduction reduction) { this.reduction = reduction.checkNotBatchmean(); }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Functional.l1Loss(input, target, reduction); }
}
