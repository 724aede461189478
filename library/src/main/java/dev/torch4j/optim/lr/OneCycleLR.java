package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;
import dev.torch4j.optim.ParamGroup;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code OneCycleLR(optimizer, max_lr, total_steps)}: the 1cycle policy, stepped once per batch. The lr rises from
 * {@code max_lr / div_factor} to {@code max_lr} over {@code pct_start} of the steps and anneals to
 * {@code initial_lr / final_div_factor}; momentum (or Adam's beta1) cycles the other way between
 * {@code max_momentum} and {@code base_momentum}. Options mirror PyTorch's keyword arguments.
 */
public class OneCycleLR extends LRScheduler {
    /** OneCycleLR's keyword arguments besides max_lr and total_steps. */
    public record Options(double pctStart, String annealStrategy, boolean cycleMomentum, double baseMomentum,
                          double maxMomentum, double divFactor, double finalDivFactor, boolean threePhase) {
        /** Sets {@code pct_start}. */
        public Options pctStart(double v) { return new Options(v, annealStrategy, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase); }

        /** Sets {@code anneal_strategy}. */
        public Options annealStrategy(String v) { return new Options(pctStart, v, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase); }

        /** Sets {@code cycle_momentum}. */
        public Options cycleMomentum(boolean v) { return new Options(pctStart, annealStrategy, v, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase); }

        /** Sets {@code base_momentum}. */
        public Options baseMomentum(double v) { return new Options(pctStart, annealStrategy, cycleMomentum, v, maxMomentum, divFactor, finalDivFactor, threePhase); }

        /** Sets {@code max_momentum}. */
        public Options maxMomentum(double v) { return new Options(pctStart, annealStrategy, cycleMomentum, baseMomentum, v, divFactor, finalDivFactor, threePhase); }

        /** Sets {@code div_factor}. */
        public Options divFactor(double v) { return new Options(pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum, v, finalDivFactor, threePhase); }

        /** Sets {@code final_div_factor}. */
        public Options finalDivFactor(double v) { return new Options(pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum, divFactor, v, threePhase); }

        /** Sets {@code three_phase}. */
        public Options threePhase(boolean v) { return new Options(pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, v); }
    }

    /** PyTorch's defaults: pct_start=0.3, 'cos', cycle_momentum=True, 0.85..0.95, div_factor=25, final_div_factor=1e4. */
    public static Options options() { return new Options(0.3, "cos", true, 0.85, 0.95, 25.0, 1e4, false); }

    private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {}

    /** The {@code total_steps} argument. */
    public final int totalSteps;
    private final List<Phase> phases = new ArrayList<>();
    private final boolean cos, cycleMomentum;

    /** {@code OneCycleLR(optimizer, max_lr, total_steps)}; other arguments take PyTorch's defaults. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) { this(optimizer, maxLr, totalSteps, options()); }

    /** {@code OneCycleLR(optimizer, max_lr, total_steps, o)}; other arguments take PyTorch's defaults. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, Options o) {
        super(prepare(optimizer, maxLr, totalSteps, o), -1);
        this.totalSteps = totalSteps;
        if (o.threePhase()) {
            phases.add(new Phase(o.pctStart() * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"));
            phases.add(new Phase(2 * o.pctStart() * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"));
            phases.add(new Phase(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"));
        } else {
            phases.add(new Phase(o.pctStart() * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"));
            phases.add(new Phase(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"));
        }
        this.cos = o.annealStrategy().equals("cos");
        this.cycleMomentum = o.cycleMomentum();
        initialStep();
    }

    /** PyTorch's constructor work before the base class runs: checks, and the per-group lr and momentum keys. */
    private static Optimizer prepare(Optimizer optimizer, double maxLr, int totalSteps, Options o) {
        if (totalSteps <= 0) throw new IllegalArgumentException("Expected positive integer total_steps, but got " + totalSteps);
        if (o.pctStart() < 0 || o.pctStart() > 1) {
            throw new IllegalArgumentException("Expected float between 0 and 1 pct_start, but got " + dev.torch4j.nn.Py.repr(o.pctStart()));
        }
        if (!o.annealStrategy().equals("cos") && !o.annealStrategy().equals("linear")) {
            throw new IllegalArgumentException("anneal_strategy must be one of 'cos' or 'linear', instead got " + o.annealStrategy());
        }
        if (o.cycleMomentum()) checkCyclableMomentum(optimizer);
        for (ParamGroup g : optimizer.paramGroups()) {
            g.set("initial_lr", maxLr / o.divFactor());
            g.set("max_lr", maxLr);
            g.set("min_lr", g.getDouble("initial_lr") / o.finalDivFactor());
            if (o.cycleMomentum()) startMomentum(g, o.maxMomentum(), o.baseMomentum());
        }
        return optimizer;
    }

    private double anneal(double start, double end, double pct) {
        if (cos) return end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
        return (end - start) * pct + start;
    }

    @Override
    protected double[] computeLr() {
        int step = lastEpoch;
        if (step > totalSteps) {
            throw new IllegalStateException("Tried to step " + step + " times. The specified number of total steps is " + totalSteps);
        }
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            double start = 0, lr = 0, momentum = 0;
            for (int i = 0; i < phases.size(); i++) {
                Phase ph = phases.get(i);
                if (step <= ph.endStep() || i == phases.size() - 1) {
                    double pct = (step - start) / (ph.endStep() - start);
                    lr = anneal(g.getDouble(ph.startLr()), g.getDouble(ph.endLr()), pct);
                    if (cycleMomentum) momentum = anneal(g.getDouble(ph.startMomentum()), g.getDouble(ph.endMomentum()), pct);
                    break;
                }
                start = ph.endStep();
            }
            lrs[gi] = lr;
            if (cycleMomentum) setMomentum(g, momentum);
        }
        return lrs;
    }
}
