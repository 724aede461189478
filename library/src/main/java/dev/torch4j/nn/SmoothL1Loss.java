package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.SmoothL1Loss(reduction='mean', beta=1.0)}: squared below {@code beta} (scaled by 1/beta), absolute
 * above; {@code forward(input, target)}.
 */
public class SmoothL1Loss extends Module {
    /** The {@code reduction} argument. */
    public final Reduction reduction;
    /** The {@code beta} argument. */
    public final double beta;

    /** {@code nn.SmoothL1Loss()} with PyTorch's defaults. */
    public SmoothL1Loss() { this(Reduction.MEAN, 1.0); }

    /** {@code nn.SmoothL1Loss(reduction, beta)}; other arguments take PyTorch's defaults. */
    public SmoothL1Loss(Reduction reduction, double beta) {
        this.reduction = reduction.checkNotBatchmean();
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Functional.smoothL1Loss(input, target, reduction, beta); }
}
