package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.L1Loss(reduction='mean')}: the absolute error; {@code forward(input, target)}. */
public class L1Loss extends Module {
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.L1Loss()} with PyTorch's defaults. */
    public L1Loss() { this(Reduction.MEAN); }

    /** {@code nn.L1Loss(reduction)}; other arguments take PyTorch's defaults. */
    public L1Loss(Reduction reduction) { this.reduction = reduction.checkNotBatchmean(); }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Functional.l1Loss(input, target, reduction); }
}
