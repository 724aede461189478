package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;

/** {@code ConstantLR(optimizer, factor=1/3, total_iters=5)}: the lr times {@code factor} until epoch {@code total_iters}. */
public class ConstantLR extends LRScheduler {
    /** The {@code factor} argument. */
    public double factor;
    /** The {@code total_iters} argument. */
    public int totalIters;

    /** {@code ConstantLR(optimizer)} with PyTorch's defaults. */
    public ConstantLR(Optimizer optimizer) { this(optimizer, 1.0 / 3, 5); }

    /** {@code ConstantLR(optimizer, factor, total_iters)}. */
    public ConstantLR(Optimizer optimizer, double factor, int totalIters) {
        super(optimizer, -1);
        if (factor > 1.0 || factor < 0) {
            throw new IllegalArgumentException("Constant multiplicative factor expected to be between 0 and 1.");
        }
        this.factor = factor;
        this.totalIters = totalIters;
        initialStep();
    }

    @Override
    protected void stateFields(StateFields f) {
        f.real("factor", () -> factor, v -> factor = v).integer("total_iters", () -> totalIters, v -> totalIters = v);
        super.stateFields(f);
    }

    @Override
    protected double[] closedFormLr() { return baseScaled(factor + (lastEpoch >= totalIters ? 1 - factor : 0)); }

    @Override
    protected double[] computeLr() {
        if (lastEpoch == 0) return scaled(factor);
        if (lastEpoch != totalIters) return groupLrs();
        if (factor == 0) { // the lr is 0 and cannot be scaled back: PyTorch's 1.0 / factor raises
            throw new ArithmeticException("ConstantLR with factor 0 cannot restore the lr at total_iters (PyTorch: float division by zero)");
        }
        return scaled(1.0 / factor);
    }
}
