package dev.torch4j.optim.lr;

import java.util.List;

/**
 * {@code ChainedScheduler(schedulers)}: every step steps each scheduler in turn, so their effects multiply (a
 * constant warm-up factor together with an exponential decay, say). All must drive the same optimizer.
 */
public class ChainedScheduler extends LRScheduler {
    private final LRScheduler[] schedulers;

    /** {@code ChainedScheduler(schedulers)}. */
    public ChainedScheduler(List<? extends LRScheduler> schedulers) {
        super(first(schedulers).optimizer, 0);
        for (int i = 1; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer != optimizer) {
                throw new IllegalArgumentException("ChainedScheduler expects all schedulers to belong to the same optimizer, but got "
                        + "scheduler at index " + i + " to be different than the optimizer passed in.");
            }
        }
        this.schedulers = schedulers.toArray(LRScheduler[]::new);
        setLrs(groupLrs());
    }

    private static LRScheduler first(List<? extends LRScheduler> schedulers) {
        if (schedulers.isEmpty()) throw new IllegalArgumentException("ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.");
        return schedulers.getFirst();
    }

    /** PyTorch's keys: {@code "_last_lr"} and {@code "_schedulers"}, the children's state dicts. */
    @Override
    protected void stateFields(StateFields f) {
        f.reals("_last_lr", this::lastLr, this::restoreLastLr);
        childrenField(f, schedulers);
    }

    @Override
    protected double[] computeLr() { throw new UnsupportedOperationException("ChainedScheduler delegates to its schedulers"); }

    /** Steps every scheduler, in order. */
    @Override
    public void step() {
        stepCount++;
        lastEpoch++;
        for (LRScheduler s : schedulers) s.step();
        setLrs(groupLrs());
    }
}
