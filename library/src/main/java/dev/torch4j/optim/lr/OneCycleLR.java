package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;
import dev.torch4j.optim.ParamGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    public int totalSteps;
    private final List<Phase> phases = new ArrayList<>(); // _schedule_phases
    private boolean cos, cycleMomentum, useBeta1; // _anneal_func_type == "cos", cycle_momentum, use_beta1

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
        this.useBeta1 = optimizer.defaults().containsKey("betas");
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
            if (o.cycleMomentum()) startMomentum(g, o.maxMomentum(), o.baseMomentum(), optimizer.defaults().containsKey("betas"));
        }
        return optimizer;
    }

    /**
     * PyTorch 2.x's keys: {@code "total_steps"}, {@code "_schedule_phases"} (dicts of {@code end_step},
     * {@code start_lr}, {@code end_lr}, {@code start_momentum}, {@code end_momentum}; the last phase's end_step an
     * int, the others floats, as PyTorch computes them), {@code "_anneal_func_type"} ("cos" or "linear"; 1.13 kept
     * the function itself under {@code "anneal_func"}), {@code "cycle_momentum"}, with it {@code "use_beta1"}, and
     * the base class's. The lr bounds live in the optimizer's groups ({@code initial_lr}, {@code max_lr},
     * {@code min_lr}), so load the optimizer's state too.
     */
    @Override
    protected void stateFields(StateFields f) {
        f.integer("total_steps", () -> totalSteps, v -> totalSteps = v)
                .field("_schedule_phases", this::phasesState, this::loadPhases)
                .string("_anneal_func_type", () -> cos ? "cos" : "linear", v -> cos = v.equals("cos"))
                .bool("cycle_momentum", () -> cycleMomentum, v -> cycleMomentum = v)
                .bool("use_beta1", () -> useBeta1, v -> useBeta1 = v);
        super.stateFields(f);
    }

    /** PyTorch sets {@code use_beta1} only when cycling momentum: so is it written. */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> sd = super.stateDict();
        if (!cycleMomentum) sd.remove("use_beta1");
        return sd;
    }

    private List<Object> phasesState() {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            Phase ph = phases.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("end_step", i == phases.size() - 1 ? (Object) (long) ph.endStep() : (Object) ph.endStep());
            m.put("start_lr", ph.startLr());
            m.put("end_lr", ph.endLr());
            m.put("start_momentum", ph.startMomentum());
            m.put("end_momentum", ph.endMomentum());
            out.add(m);
        }
        return out;
    }

    private void loadPhases(Object v) {
        List<Phase> loaded = new ArrayList<>();
        for (Object o : StateFields.asList("_schedule_phases", v)) {
            Map<String, ?> m = StateFields.asDict("_schedule_phases", o);
            loaded.add(new Phase(StateFields.asDouble("end_step", m.get("end_step")), (String) m.get("start_lr"), (String) m.get("end_lr"),
                    (String) m.get("start_momentum"), (String) m.get("end_momentum")));
        }
        phases.clear();
        phases.addAll(loaded);
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
                    if (ph.endStep() == start) { // a phase of no steps (pct_start * total_steps - 1 == 0, say)
                        throw new ArithmeticException("OneCycleLR: phase " + i + " ends where it starts, at step " + start
                                + " (PyTorch: float division by zero)");
                    }
                    double pct = (step - start) / (ph.endStep() - start);
                    lr = anneal(g.getDouble(ph.startLr()), g.getDouble(ph.endLr()), pct);
                    if (cycleMomentum) momentum = anneal(g.getDouble(ph.startMomentum()), g.getDouble(ph.endMomentum()), pct);
                    break;
                }
                start = ph.endStep();
            }
            lrs[gi] = lr;
            if (cycleMomentum) setMomentum(g, momentum, useBeta1);
        }
        return lrs;
    }
}
