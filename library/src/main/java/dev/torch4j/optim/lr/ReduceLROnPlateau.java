package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;
import dev.torch4j.optim.ParamGroup;

import java.util.List;

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
    private final Options o;
    private double best;
    private int numBadEpochs, cooldownCounter, lastEpoch;
    private double[] lastLr;

    /** {@code ReduceLROnPlateau(optimizer)}; other arguments take PyTorch's defaults. */
    public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, options()); }

    /** {@code ReduceLROnPlateau(optimizer, o)}; other arguments take PyTorch's defaults. */
    public ReduceLROnPlateau(Optimizer optimizer, Options o) {
        if (o.factor() >= 1.0) throw new IllegalArgumentException("Factor should be < 1.0.");
        if (!o.mode().equals("min") && !o.mode().equals("max")) throw new IllegalArgumentException("mode " + o.mode() + " is unknown!");
        if (!o.thresholdMode().equals("rel") && !o.thresholdMode().equals("abs")) {
            throw new IllegalArgumentException("threshold mode " + o.thresholdMode() + " is unknown!");
        }
        this.optimizer = optimizer;
        this.o = o;
        this.best = o.mode().equals("min") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        this.lastLr = currentLrs();
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
            for (ParamGroup g : optimizer.paramGroups()) {
                double old = g.lr(), lr = Math.max(old * o.factor(), o.minLr());
                if (old - lr > o.eps()) g.setLr(lr);
            }
            cooldownCounter = o.cooldown();
            numBadEpochs = 0;
        }
        lastLr = currentLrs();
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
