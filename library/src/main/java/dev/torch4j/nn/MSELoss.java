package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.MSELoss(reduction='mean')}: the squared error; {@code forward(input, target)}. */
public class MSELoss extends Module {
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.MSELoss()} with PyTorch's defaults. */
    public MSELoss() { this(Reduction.MEAN); }

    /** {@code nn.MSELoss(reduction)}; other arguments take PyTorch's defaults. */
    public MSELoss(Reduction reduction) { this.reduction = reduction.checkNotBatchmean(); }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Functional.mseLoss(input, target, reduction); }
}
