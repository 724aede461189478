package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;
import dev.torch4j.optim.ParamGroup;

import java.util.List;
import java.util.Map;

/**
 * {@code ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10, threshold=1e-4, threshold_mode='rel',
 * cooldown=0, min_lr=0, eps=1e-8)}: multiplies the lr by factor when the metric passed to {@link #step(double)} has
 * not improved for more than {@code patience} epochs.
 */
public class ReduceLROnPlateau {
    /** The keyword arguments. */
    public record Options(String mode, double factor, int patience, double threshold, String thresholdMode, int cooldown,
                          double minLr, double eps) {
        /** Sets {@code mode}. */
        public Options mode(String v) { return new Options(v, factor, patience, threshold, thresholdMode, cooldown, minLr, eps); }

        /** Sets {@code factor}. */
        public Options factor(double v) { return new Options(mode, v, patience, threshold, thresholdMode, cooldown, minLr, eps); }

        /** Sets {@code patience}. */
        public Options patience(int v) { return new Options(mode, factor, v, threshold, thresholdMode, cooldown, minLr, eps); }

        /** Sets {@code threshold}. */
        public Options threshold(double v) { return new Options(mode, factor, patience, v, thresholdMode, cooldown, minLr, eps); }

        /** Sets {@code threshold_mode}. */
        public Options thresholdMode(String v) { return new Options(mode, factor, patience, threshold, v, cooldown, minLr, eps); }

        /** Sets {@code cooldown}. */
        public Options cooldown(int v) { return new Options(mode, factor, patience, threshold, thresholdMode, v, minLr, eps); }

        /** Sets {@code min_lr}. */
        public Options minLr(double v) { return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, v, eps); }

        /** Sets {@code eps}. */
        public Options eps(double v) { return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, v); }
    }

    /** PyTorch's defaults. */
    public static Options options() { return new Options("min", 0.1, 10, 1e-4, "rel", 0, 0, 1e-8); }

    private final Optimizer optimizer;
    private Options o; // its minLr is default_min_lr when that is not None
    private Double defaultMinLr; // default_min_lr: None once min_lrs came as a list
    private double[] minLrs;
    private double best;
    private int numBadEpochs, cooldownCounter, lastEpoch;
    private double[] lastLr;

    /** {@code ReduceLROnPlateau(optimizer)}; other arguments take PyTorch's defaults. */
    public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, options()); }

    /** {@code ReduceLROnPlateau(optimizer, o)}; other arguments take PyTorch's defaults. */
    public ReduceLROnPlateau(Optimizer optimizer, Options o) {
        if (o.factor() >= 1.0) throw new IllegalArgumentException("Factor should be < 1.0.");
        checkModes(o);
        this.optimizer = optimizer;
        this.o = o;
        this.defaultMinLr = o.minLr();
        this.minLrs = new double[optimizer.paramGroups().size()];
        java.util.Arrays.fill(minLrs, o.minLr());
        this.best = o.mode().equals("min") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        this.lastLr = currentLrs();
    }

    /** PyTorch's {@code _init_is_better} checks. */
    private static void checkModes(Options o) {
        if (!o.mode().equals("min") && !o.mode().equals("max")) throw new IllegalArgumentException("mode " + o.mode() + " is unknown!");
        if (!o.thresholdMode().equals("rel") && !o.thresholdMode().equals("abs")) {
            throw new IllegalArgumentException("threshold mode " + o.thresholdMode() + " is unknown!");
        }
    }

    private double[] currentLrs() {
        List<ParamGroup> gs = optimizer.paramGroups();
        double[] r = new double[gs.size()];
        for (int i = 0; i < r.length; i++) r[i] = gs.get(i).lr();
        return r;
    }

    private boolean isBetter(double a) {
        boolean min = o.mode().equals("min"), rel = o.thresholdMode().equals("rel");
        if (min && rel) return a < best * (1 - o.threshold());
        if (min) return a < best - o.threshold();
        if (rel) return a > best * (o.threshold() + 1);
        return a > best + o.threshold();
    }

    /** Records one epoch's metric and reduces the lr after {@code patience} epochs without improvement. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > o.patience()) {
            List<ParamGroup> groups = optimizer.paramGroups();
            if (groups.size() != minLrs.length) { // a group was added since: PyTorch's _reduce_lr
                if (defaultMinLr == null) {
                    throw new IllegalStateException("The number of param groups in the `optimizer` (" + groups.size() + ") differs from when "
                            + "`ReduceLROnPlateau` was initialized (" + minLrs.length + "), usually due to a new param group being added "
                            + "to the optimizer. Please modify the `min_lrs` field to match the length of the `optimizer` param groups.");
                }
                minLrs = new double[groups.size()];
                java.util.Arrays.fill(minLrs, defaultMinLr);
            }
            for (int i = 0; i < groups.size(); i++) {
                ParamGroup g = groups.get(i);
                double old = g.lr(), lr = Math.max(old * o.factor(), minLrs[i]);
                if (old - lr > o.eps()) g.setLr(lr);
            }
            cooldownCounter = o.cooldown();
            numBadEpochs = 0;
        }
        lastLr = currentLrs();
    }

    /**
     * {@code state_dict()}, with PyTorch 2.x's keys: {@code "factor"}, {@code "default_min_lr"} (None when min_lr
     * was a list), {@code "min_lrs"}, {@code "patience"}, {@code "cooldown"}, {@code "eps"}, {@code "last_epoch"},
     * {@code "_last_lr"}, {@code "mode_worse"}, {@code "mode"}, {@code "threshold"}, {@code "threshold_mode"},
     * {@code "best"}, {@code "cooldown_counter"}, {@code "num_bad_epochs"} (1.13 also wrote {@code "verbose"}, and
     * no {@code "default_min_lr"}). Types as {@link StateFields} describes; infinities are Python's {@code inf}.
     */
    public Map<String, Object> stateDict() { return stateFields().write(); }

    /**
     * {@code load_state_dict(state_dict)}: every known key replaces its field, hyperparameters included; unknown keys
     * (1.13's {@code "verbose"}) are ignored; {@code "mode_worse"} is re-derived from the loaded mode, as PyTorch's
     * {@code _init_is_better} does after the update (which also checks the modes).
     */
    public void loadStateDict(Map<String, ?> stateDict) {
        stateFields().read(stateDict);
        checkModes(o);
    }

    private StateFields stateFields() {
        return new StateFields()
                .real("factor", o::factor, v -> o = o.factor(v))
                .field("default_min_lr", () -> defaultMinLr,
                        v -> defaultMinLr = v == null ? null : StateFields.asDouble("default_min_lr", v))
                .reals("min_lrs", () -> minLrs, v -> minLrs = v)
                .integer("patience", o::patience, v -> o = o.patience(v))
                .integer("cooldown", o::cooldown, v -> o = o.cooldown(v))
                .real("eps", o::eps, v -> o = o.eps(v))
                .integer("last_epoch", () -> lastEpoch, v -> lastEpoch = v)
                .reals("_last_lr", () -> lastLr, v -> lastLr = v)
                .field("mode_worse", () -> o.mode().equals("min") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY, v -> {})
                .string("mode", o::mode, v -> o = o.mode(v))
                .real("threshold", o::threshold, v -> o = o.threshold(v))
                .string("threshold_mode", o::thresholdMode, v -> o = o.thresholdMode(v))
                .real("best", () -> best, v -> best = v)
                .integer("cooldown_counter", () -> cooldownCounter, v -> cooldownCounter = v)
                .integer("num_bad_epochs", () -> numBadEpochs, v -> numBadEpochs = v);
    }

    /** {@code get_last_lr()}. */
    public double[] lastLr() { return lastLr.clone(); }

    /** The best metric seen so far. */
    public double best() { return best; }

    /** {@code num_bad_epochs}. */
    public int numBadEpochs() { return numBadEpochs; }

    /** {@code last_epoch}. */
    public int lastEpoch() { return lastEpoch; }
}
