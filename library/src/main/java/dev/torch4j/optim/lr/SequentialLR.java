package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;
import dev.torch4j.optim.ParamGroup;

import java.util.Arrays;
import java.util.List;

/**
 * {@code SequentialLR(optimizer, schedulers, milestones)}: the schedulers one after another, switching at each
 * milestone epoch (where the next one starts from its epoch 0), as a warm-up followed by cosine annealing:
 *
 * <pre>{@code
 * var warmup = new LinearLR(opt, 0.1, 1.0, 5);
 * var cosine = new CosineAnnealingLR(opt, 95);
 * var sched = new SequentialLR(opt, List.of(warmup, cosine), new int[] {5});
 * }</pre>
 */
public class SequentialLR extends LRScheduler {
    private final LRScheduler[] schedulers;
    private int[] milestones;

    /** {@code SequentialLR(optimizer, schedulers, milestones)}: one milestone fewer than schedulers, all on {@code optimizer}. */
    public SequentialLR(Optimizer optimizer, List<? extends LRScheduler> schedulers, int[] milestones) {
        super(optimizer, -1);
        if (schedulers.isEmpty()) throw new IllegalArgumentException("SequentialLR expects at least one scheduler, but got no scheduler.");
        for (int i = 0; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer != optimizer) {
                throw new IllegalArgumentException("Sequential Schedulers expects all schedulers to belong to the same optimizer, but got "
                        + "schedulers at index " + i + " to be different than the optimizer passed in.");
            }
        }
        if (milestones.length != schedulers.size() - 1) {
            throw new IllegalArgumentException("Sequential Schedulers expects number of schedulers provided to be one more than the number "
                    + "of milestone points, but got number of schedulers " + schedulers.size() + " and the number of milestones to be equal to "
                    + milestones.length);
        }
        this.schedulers = schedulers.toArray(LRScheduler[]::new);
        this.milestones = milestones.clone();
        this.lastEpoch = 0;
        // back to the initial rates, and each scheduler's own first step undone; the first one steps again
        for (ParamGroup g : optimizer.paramGroups()) g.setLr(g.getDouble("initial_lr"));
        for (LRScheduler s : this.schedulers) s.lastEpoch -= 1;
        this.schedulers[0].initialStep();
        setLrs(this.schedulers[0].lastLr());
    }

    /**
     * PyTorch's keys: {@code "_milestones"}, {@code "last_epoch"}, {@code "_last_lr"} and {@code "_schedulers"}, the
     * children's state dicts. A child that started at a milestone has counted that step in its {@code _step_count},
     * as 1.13 counts it (newer PyTorch, stepping the child through {@code _update_lr(0)}, does not; the count
     * matters only to CosineAnnealingLR, when it is 1).
     */
    @Override
    protected void stateFields(StateFields f) {
        f.field("_milestones", () -> StateFields.list(milestones), v -> milestones = StateFields.asInts("_milestones", v))
                .integer("last_epoch", () -> lastEpoch, v -> lastEpoch = v)
                .reals("_last_lr", this::lastLr, this::restoreLastLr);
        childrenField(f, schedulers);
    }

    @Override
    protected double[] computeLr() { throw new UnsupportedOperationException("SequentialLR delegates to its schedulers"); }

    /** The next epoch: the scheduler whose range holds it steps (from its epoch 0 at its milestone). */
    @Override
    public void step() {
        stepCount++;
        lastEpoch++;
        int idx = 0;
        while (idx < milestones.length && milestones[idx] <= lastEpoch) idx++; // bisect_right
        LRScheduler s = schedulers[idx];
        if (idx > 0 && milestones[idx - 1] == lastEpoch) s.step(0);
        else s.step();
        setLrs(s.lastLr());
    }

    /** The milestones. */
    public int[] milestones() { return Arrays.copyOf(milestones, milestones.length); }
}
