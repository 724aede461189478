package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;

/** {@code StepLR(optimizer, step_size, gamma=0.1)}: multiplies the lr by gamma every {@code step_size} epochs. */
public class StepLR extends LRScheduler {
    /** The {@code step_size} argument. */
    public int stepSize;
    /** The {@code gamma} argument. */
    public double gamma;

    /** {@code StepLR(optimizer, step_size)}; other arguments take PyTorch's defaults. */
    public StepLR(Optimizer optimizer, int stepSize) { this(optimizer, stepSize, 0.1); }

    /** {@code StepLR(optimizer, step_size, gamma)}; other arguments take PyTorch's defaults. */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer, -1);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected void stateFields(StateFields f) {
        f.integer("step_size", () -> stepSize, v -> stepSize = v).real("gamma", () -> gamma, v -> gamma = v);
        super.stateFields(f);
    }

    @Override
    protected double[] closedFormLr() { return baseScaled(Math.pow(gamma, Math.floorDiv(lastEpoch, stepSize))); }

    @Override
    protected double[] computeLr() {
        if (lastEpoch == 0 || lastEpoch % stepSize != 0) return groupLrs();
        return scaled(gamma);
    }
}
