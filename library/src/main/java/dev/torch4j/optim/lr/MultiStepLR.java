package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;

import java.util.Map;
import java.util.TreeMap;

/** {@code MultiStepLR(optimizer, milestones, gamma=0.1)}: multiplies the lr by gamma at each milestone epoch. */
public class MultiStepLR extends LRScheduler {
    private final Map<Integer, Integer> milestones = new TreeMap<>(); // epoch -> count (a milestone may repeat)
    /** The {@code gamma} argument. */
    public double gamma;

    /** {@code MultiStepLR(optimizer, milestones)}; other arguments take PyTorch's defaults. */
    public MultiStepLR(Optimizer optimizer, int[] milestones) { this(optimizer, milestones, 0.1); }

    /** {@code MultiStepLR(optimizer, milestones, gamma)}; other arguments take PyTorch's defaults. */
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer, -1);
        for (int m : milestones) this.milestones.merge(m, 1, Integer::sum);
        this.gamma = gamma;
        initialStep();
    }

    /**
     * {@code "milestones"}, PyTorch's {@code Counter} (epoch: count), written as a {@link dev.torch4j.io.PyCounter} (so
     * {@code Torch.save} writes a Counter); read from any map of counts or from a list of epochs, repeats counted.
     */
    @Override
    protected void stateFields(StateFields f) {
        f.field("milestones", () -> {
            Map<Object, Object> out = new dev.torch4j.io.PyCounter();
            milestones.forEach((epoch, n) -> out.put((long) epoch, (long) n));
            return out;
        }, v -> {
            Map<Integer, Integer> m = new TreeMap<>();
            if (v instanceof Map<?, ?> counts) {
                counts.forEach((epoch, n) -> m.merge(StateFields.asInt("milestones", epoch), StateFields.asInt("milestones", n), Integer::sum));
            } else {
                for (int epoch : StateFields.asInts("milestones", v)) m.merge(epoch, 1, Integer::sum);
            }
            milestones.clear();
            milestones.putAll(m);
        }).real("gamma", () -> gamma, v -> gamma = v);
        super.stateFields(f);
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
