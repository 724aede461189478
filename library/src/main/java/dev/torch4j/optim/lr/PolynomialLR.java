package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;

/** {@code PolynomialLR(optimizer, total_iters=5, power=1.0)}: the lr decays as {@code (1 - epoch / total_iters)^power} to 0. */
public class PolynomialLR extends LRScheduler {
    /** The {@code total_iters} argument. */
    public int totalIters;
    /** The {@code power} argument. */
    public double power;

    /** {@code PolynomialLR(optimizer)} with PyTorch's defaults. */
    public PolynomialLR(Optimizer optimizer) { this(optimizer, 5, 1.0); }

    /** {@code PolynomialLR(optimizer, total_iters, power)}. */
    public PolynomialLR(Optimizer optimizer, int totalIters, double power) {
        super(optimizer, -1);
        this.totalIters = totalIters;
        this.power = power;
        initialStep();
    }

    @Override
    protected void stateFields(StateFields f) {
        f.integer("total_iters", () -> totalIters, v -> totalIters = v).real("power", () -> power, v -> power = v);
        super.stateFields(f);
    }

    @Override
    protected double[] closedFormLr() {
        return baseScaled(Math.pow(1.0 - (double) Math.min(totalIters, lastEpoch) / totalIters, power));
    }

    @Override
    protected double[] computeLr() {
        if (lastEpoch == 0 || lastEpoch > totalIters) return groupLrs();
        double decay = Math.pow((1.0 - (double) lastEpoch / totalIters) / (1.0 - (double) (lastEpoch - 1) / totalIters), power);
        return scaled(decay);
    }
}
