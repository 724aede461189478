package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;

import java.util.Map;
import java.util.TreeMap;

/** {@code MultiStepLR(optimizer, milestones, gamma=0.1)}: multiplies the lr by gamma at each milestone epoch. */
public class MultiStepLR extends LRScheduler {
    private final Map<Integer, Integer> milestones = new TreeMap<>(); // epoch -> count (a milestone may repeat)
    public final double gamma;

    public MultiStepLR(Optimizer optimizer, int[] milestones) { this(optimizer, milestones, 0.1); }

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer, -1);
        for (int m : milestones) this.milestones.merge(m, 1, Integer::sum);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        Integer n = milestones.get(lastEpoch);
        return n == null ? groupLrs() : scaled(Math.pow(gamma, n));
    }
}
