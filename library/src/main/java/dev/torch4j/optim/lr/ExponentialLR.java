package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;

/** {@code ExponentialLR(optimizer, gamma)}: multiplies the lr by gamma every epoch. */
public class ExponentialLR extends LRScheduler {
    /** The {@code gamma} argument. */
    public double gamma;

    /** {@code ExponentialLR(optimizer, gamma)}; other arguments take PyTorch's defaults. */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer, -1);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected void stateFields(StateFields f) {
        f.real("gamma", () -> gamma, v -> gamma = v);
        super.stateFields(f);
    }

    @Override
    protected double[] closedFormLr() { return baseScaled(Math.pow(gamma, lastEpoch)); }

    @Override
    protected double[] computeLr() { return lastEpoch == 0 ? groupLrs() : scaled(gamma); }
}
