package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;
import dev.torch4j.optim.ParamGroup;

import java.util.List;
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

    private final double[] base, max;
    private final double totalSize, stepRatio;
    private final DoubleUnaryOperator scale;
    private final boolean scaleByCycle, cycleMomentum;

    /** {@code CyclicLR(optimizer, base_lr, max_lr)} with PyTorch's other defaults. */
    public CyclicLR(Optimizer optimizer, double baseLr, double maxLr) { this(optimizer, baseLr, maxLr, options()); }

    /** {@code CyclicLR(optimizer, base_lr, max_lr, **o)}: the same base and max for every group. */
    public CyclicLR(Optimizer optimizer, double baseLr, double maxLr, Options o) {
        super(prepare(optimizer, baseLr, o), -1);
        int n = optimizer.paramGroups().size();
        this.base = new double[n];
        this.max = new double[n];
        java.util.Arrays.fill(base, baseLr);
        java.util.Arrays.fill(max, maxLr);
        double up = o.stepSizeUp(), down = o.stepSizeDown() > 0 ? o.stepSizeDown() : up;
        this.totalSize = up + down;
        this.stepRatio = up / totalSize;
        if (o.scaleFn() != null) {
            this.scale = o.scaleFn();
            this.scaleByCycle = o.scaleMode().equals("cycle");
        } else {
            double gamma = o.gamma();
            this.scale = switch (o.mode()) {
                case "triangular" -> x -> 1.0;
                case "triangular2" -> x -> 1 / Math.pow(2.0, x - 1);
                default -> x -> Math.pow(gamma, x);
            };
            this.scaleByCycle = !o.mode().equals("exp_range");
        }
        this.cycleMomentum = o.cycleMomentum();
        initialStep();
    }

    /** PyTorch's constructor work before the base class: checks, lr = base_lr, momentum = max_momentum. */
    private static Optimizer prepare(Optimizer optimizer, double baseLr, Options o) {
        if (o.scaleFn() == null && !List.of("triangular", "triangular2", "exp_range").contains(o.mode())) {
            throw new IllegalArgumentException("mode is invalid and scale_fn is None");
        }
        if (o.cycleMomentum()) checkCyclableMomentum(optimizer);
        for (ParamGroup g : optimizer.paramGroups()) {
            g.set("lr", baseLr);
            if (o.cycleMomentum()) startMomentum(g, o.maxMomentum(), o.baseMomentum());
        }
        return optimizer;
    }

    @Override
    protected double[] computeLr() {
        double cycle = Math.floor(1 + lastEpoch / totalSize);
        double x = 1.0 + lastEpoch / totalSize - cycle;
        double factor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
        double s = scale.applyAsDouble(scaleByCycle ? cycle : lastEpoch);
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = base[i] + (max[i] - base[i]) * factor * s;
            if (!cycleMomentum) continue;
            ParamGroup g = groups.get(i);
            double mMax = g.getDouble("max_momentum"), mBase = g.getDouble("base_momentum");
            double momentum = mMax - (mMax - mBase) * factor * s;
            setMomentum(g, momentum);
        }
        return lrs;
    }
}
