package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;

import java.util.Map;
import java.util.TreeMap;

/** {@code MultiStepLR(optimizer, milestones, gamma=0.1)}: multiplies the lr by gamma at each milestone epoch. */
public class MultiStepLR extends LRScheduler {
    private final Map<Integer, Integer> milestones = new TreeMap<>(); // epoch -> count (a milestone may repeat)
    /** The {@code gamma} argument. */
    public final double gamma;

    /** {@code MultiStepLR(optimizer, milestones)}; other arguments take PyTorch's defaults. */
    public MultiStepLR(Optimizer optimizer, int[] milestones) { this(optimizer, milestones, 0.1); }

    /** {@code MultiStepLR(optimizer, milestones, gamma)}; other arguments take PyTorch's defaults. */
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer, -1);
        for (int m : milestones) this.milestones.merge(m, 1, Integer::sum);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] closedFormLr() {
        int passed = 0; // bisect_right over the milestones, each counted as often as given
        for (var e : milestones.entrySet()) if (e.getKey() <= lastEpoch) passed += e.getValue();
        return baseScaled(Math.pow(gamma, passed));
    }

    @Override
    protected double[] computeLr() {
        Integer n = milestones.get(lastEpoch);
        return n == null ? groupLrs() : scaled(Math.pow(gamma, n));
    }
}
