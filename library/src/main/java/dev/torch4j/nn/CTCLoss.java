package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.CTCLoss(blank=0, reduction='mean', zero_infinity=False)}; {@code forward(log_probs, targets,
 * input_lengths, target_lengths)} with the lengths as int tensors.
 */
public class CTCLoss extends Module {
    /** The {@code blank} argument: the blank label's index. */
    public final int blank;
    /** The {@code reduction} argument. */
    public final Reduction reduction;
    /** The {@code zero_infinity} argument. */
    public final boolean zeroInfinity;

    /** {@code nn.CTCLoss()} with PyTorch's defaults. */
    public CTCLoss() { this(0, Reduction.MEAN, false); }

    /** {@code nn.CTCLoss(blank, reduction, zero_infinity)}. */
    public CTCLoss(int blank, Reduction reduction, boolean zeroInfinity) {
        this.blank = blank;
        this.reduction = reduction.checkNotBatchmean();
        this.zeroInfinity = zeroInfinity;
    }

    /** {@code forward(log_probs, targets, input_lengths, target_lengths)}. */
    @Override
    public Tensor forward(Tensor... inputs) {
        if (inputs.length != 4) {
            throw new IllegalArgumentException("CTCLoss.forward() takes 4 tensors (log_probs, targets, input_lengths, "
                    + "target_lengths), got " + inputs.length);
        }
        return Functional.ctcLoss(inputs[0], inputs[1], inputs[2], inputs[3], blank, reduction, zeroInfinity);
    }
}
