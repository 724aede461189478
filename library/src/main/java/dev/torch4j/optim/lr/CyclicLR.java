package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;
import dev.torch4j.optim.ParamGroup;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code CyclicLR(optimizer, base_lr, max_lr)}: the cyclical learning-rate policy, stepped once per batch. The lr goes
 * from {@code base_lr} up to {@code max_lr} over {@code step_size_up} steps and back over {@code step_size_down},
 * the amplitude scaled per cycle ("triangular": constant, "triangular2": halved each cycle) or per step
 * ("exp_range": {@code gamma^step}), or by a function of your own; momentum (or Adam's beta1) cycles the other way
 * between {@code max_momentum} and {@code base_momentum}.
 */
public class CyclicLR extends LRScheduler {
    /** CyclicLR's keyword arguments besides base_lr and max_lr ({@code stepSizeDown} 0: equal to step_size_up). */
    public record Options(double stepSizeUp, double stepSizeDown, String mode, double gamma, DoubleUnaryOperator scaleFn,
                          String scaleMode, boolean cycleMomentum, double baseMomentum, double maxMomentum) {
        /** Sets {@code step_size_up}. */
        public Options stepSizeUp(double v) { return new Options(v, stepSizeDown, mode, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum, maxMomentum); }

        /** Sets {@code step_size_down}. */
        public Options stepSizeDown(double v) { return new Options(stepSizeUp, v, mode, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum, maxMomentum); }

        /** Sets {@code mode}: "triangular", "triangular2" or "exp_range". */
        public Options mode(String v) { return new Options(stepSizeUp, stepSizeDown, v, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum, maxMomentum); }

        /** Sets {@code gamma} (exp_range's base). */
        public Options gamma(double v) { return new Options(stepSizeUp, stepSizeDown, mode, v, scaleFn, scaleMode, cycleMomentum, baseMomentum, maxMomentum); }

        /** Sets {@code scale_fn} and {@code scale_mode} ("cycle": of the cycle number, "iterations": of the step). */
        public Options scaleFn(DoubleUnaryOperator fn, String scaleMode) {
            return new Options(stepSizeUp, stepSizeDown, mode, gamma, fn, scaleMode, cycleMomentum, baseMomentum, maxMomentum);
        }

        /** Sets {@code cycle_momentum}. */
        public Options cycleMomentum(boolean v) { return new Options(stepSizeUp, stepSizeDown, mode, gamma, scaleFn, scaleMode, v, baseMomentum, maxMomentum); }

        /** Sets {@code base_momentum}. */
        public Options baseMomentum(double v) { return new Options(stepSizeUp, stepSizeDown, mode, gamma, scaleFn, scaleMode, cycleMomentum, v, maxMomentum); }

        /** Sets {@code max_momentum}. */
        public Options maxMomentum(double v) { return new Options(stepSizeUp, stepSizeDown, mode, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum, v); }
    }

    /** PyTorch's defaults: step_size_up=2000, "triangular", gamma=1, cycle_momentum=True, momentum 0.8..0.9. */
    public static Options options() { return new Options(2000, 0, "triangular", 1.0, null, "cycle", true, 0.8, 0.9); }

    // PyTorch 2.x's attributes, under their state-dict names: max_lrs, total_size, step_ratio, mode, gamma,
    // scale_mode, cycle_momentum, use_beta1, base_momentums, max_momentums (base_lrs is the base class's)
    private double[] maxLrs, baseMomentums, maxMomentums;
    private double totalSize, stepRatio, gamma;
    private String mode, scaleMode;
    private boolean cycleMomentum, useBeta1;
    private final DoubleUnaryOperator scaleFnCustom;

    /** {@code CyclicLR(optimizer, base_lr, max_lr)} with PyTorch's other defaults. */
    public CyclicLR(Optimizer optimizer, double baseLr, double maxLr) { this(optimizer, baseLr, maxLr, options()); }

    /** {@code CyclicLR(optimizer, base_lr, max_lr, **o)}: the same base and max for every group. */
    public CyclicLR(Optimizer optimizer, double baseLr, double maxLr, Options o) {
        super(prepare(optimizer, baseLr, o), -1);
        int n = optimizer.paramGroups().size();
        this.baseLrs = filled(n, baseLr);
        this.maxLrs = filled(n, maxLr);
        double up = o.stepSizeUp(), down = o.stepSizeDown() > 0 ? o.stepSizeDown() : up;
        this.totalSize = up + down;
        this.stepRatio = up / totalSize;
        this.mode = o.mode();
        this.gamma = o.gamma();
        this.scaleFnCustom = o.scaleFn();
        this.scaleMode = o.scaleMode();
        initScaleFn();
        this.cycleMomentum = o.cycleMomentum();
        this.useBeta1 = optimizer.defaults().containsKey("betas");
        this.baseMomentums = filled(n, o.baseMomentum());
        this.maxMomentums = filled(n, o.maxMomentum());
        initialStep();
    }

    private static double[] filled(int n, double v) {
        double[] r = new double[n];
        java.util.Arrays.fill(r, v);
        return r;
    }

    /** PyTorch's {@code _init_scale_fn}: a built-in mode fixes the scale mode (by cycle, or by iteration for exp_range). */
    private void initScaleFn() {
        if (scaleFnCustom == null) scaleMode = mode.equals("exp_range") ? "iterations" : "cycle";
    }

    private double scaleFn(double x) {
        if (scaleFnCustom != null) return scaleFnCustom.applyAsDouble(x);
        return switch (mode) {
            case "triangular" -> 1.0;
            case "triangular2" -> 1 / Math.pow(2.0, x - 1);
            default -> Math.pow(gamma, x);
        };
    }

    /**
     * PyTorch 2.x's keys: {@code "max_lrs"}, {@code "total_size"}, {@code "step_ratio"}, {@code "mode"},
     * {@code "gamma"}, {@code "scale_mode"}, {@code "cycle_momentum"}, with cycling momentum {@code "use_beta1"},
     * {@code "base_momentums"}, {@code "max_momentums"}; the base class's; and {@code "_scale_fn_custom"}, None
     * (a Java function has no attributes to save, as PyTorch saves None for a plain function; loading keeps the
     * constructed one). Loading re-derives the scale function from the loaded mode, as 2.x does (1.13's CyclicLR
     * state dict cannot be pickled: it holds a weak reference).
     */
    @Override
    protected void stateFields(StateFields f) {
        f.reals("max_lrs", () -> maxLrs, v -> maxLrs = v)
                .real("total_size", () -> totalSize, v -> totalSize = v)
                .real("step_ratio", () -> stepRatio, v -> stepRatio = v)
                .string("mode", () -> mode, v -> mode = v)
                .real("gamma", () -> gamma, v -> gamma = v)
                .string("scale_mode", () -> scaleMode, v -> scaleMode = v)
                .bool("cycle_momentum", () -> cycleMomentum, v -> cycleMomentum = v)
                .bool("use_beta1", () -> useBeta1, v -> useBeta1 = v)
                .reals("base_momentums", () -> baseMomentums, v -> baseMomentums = v)
                .reals("max_momentums", () -> maxMomentums, v -> maxMomentums = v);
        super.stateFields(f);
        f.constant("_scale_fn_custom", null);
    }

    /** PyTorch sets the momentum attributes only when cycling momentum: so are they written. */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> sd = super.stateDict();
        if (!cycleMomentum) sd.keySet().removeAll(List.of("use_beta1", "base_momentums", "max_momentums"));
        return sd;
    }

    @Override
    protected void afterLoad() { initScaleFn(); }

    /** PyTorch's constructor work before the base class: checks, lr = base_lr, momentum = max_momentum. */
    private static Optimizer prepare(Optimizer optimizer, double baseLr, Options o) {
        if (o.scaleFn() == null && !List.of("triangular", "triangular2", "exp_range").contains(o.mode())) {
            throw new IllegalArgumentException("mode is invalid and scale_fn is None");
        }
        if (o.cycleMomentum()) checkCyclableMomentum(optimizer);
        for (ParamGroup g : optimizer.paramGroups()) {
            g.set("lr", baseLr);
            if (o.cycleMomentum()) startMomentum(g, o.maxMomentum(), o.baseMomentum(), optimizer.defaults().containsKey("betas"));
        }
        return optimizer;
    }

    @Override
    protected double[] computeLr() {
        double cycle = Math.floor(1 + lastEpoch / totalSize);
        double x = 1.0 + lastEpoch / totalSize - cycle;
        double factor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
        double s = scaleFn(scaleMode.equals("cycle") ? cycle : lastEpoch);
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[Math.min(baseLrs.length, maxLrs.length)];
        for (int i = 0; i < lrs.length; i++) lrs[i] = baseLrs[i] + (maxLrs[i] - baseLrs[i]) * factor * s;
        if (cycleMomentum) {
            for (int i = 0; i < Math.min(groups.size(), Math.min(baseMomentums.length, maxMomentums.length)); i++) {
                setMomentum(groups.get(i), maxMomentums[i] - (maxMomentums[i] - baseMomentums[i]) * factor * s, useBeta1);
            }
        }
        return lrs;
    }
}
