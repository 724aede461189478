package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;

/**
 * {@code LinearLR(optimizer, start_factor=1/3, end_factor=1.0, total_iters=5)}: scales the lr linearly from
 * start_factor to end_factor over total_iters epochs.
 */
public class LinearLR extends LRScheduler {
    /** The {@code start_factor, end_factor} arguments. */
    public double startFactor, endFactor;
    /** The {@code total_iters} argument. */
    public int totalIters;

    /** {@code LinearLR(optimizer)}; other arguments take PyTorch's defaults. */
    public LinearLR(Optimizer optimizer) { this(optimizer, 1.0 / 3, 1.0, 5); }

    /** {@code LinearLR(optimizer, start_factor, end_factor, total_iters)}; other arguments take PyTorch's defaults. */
    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer, -1);
        if (startFactor > 1.0 || startFactor <= 0) {
            throw new IllegalArgumentException("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
        }
        if (endFactor > 1.0 || endFactor < 0) {
            throw new IllegalArgumentException("Ending multiplicative factor expected to be between 0 and 1.");
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    @Override
    protected void stateFields(StateFields f) {
        f.real("start_factor", () -> startFactor, v -> startFactor = v).real("end_factor", () -> endFactor, v -> endFactor = v)
                .integer("total_iters", () -> totalIters, v -> totalIters = v);
        super.stateFields(f);
    }

    @Override
    protected double[] closedFormLr() {
        return baseScaled(startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch) / totalIters);
    }

    @Override
    protected double[] computeLr() {
        if (lastEpoch == 0) return scaled(startFactor);
        if (lastEpoch > totalIters) return groupLrs();
        return scaled(1.0 + (endFactor - startFactor)
                / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor)));
    }
}
