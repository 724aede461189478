package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;

/**
 * {@code CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0)}: cosine annealing from each group's
 * initial lr to {@code eta_min} over {@code T_i} epochs, restarting with {@code T_i} multiplied by {@code T_mult}.
 * {@link #step(double)} takes a fractional epoch ({@code scheduler.step(epoch + i / iters)} inside an epoch).
 */
public class CosineAnnealingWarmRestarts extends LRScheduler {
    /** The {@code T_0} argument. */
    public int t0;
    /** The {@code T_mult} argument. */
    public int tMult;
    /** The {@code eta_min} argument. */
    public double etaMin;
    private int tI; // T_i, the current period: always an int in PyTorch (T_0 times a power of T_mult)
    private double tCur; // T_cur: an int unless a fractional epoch was stepped to

    /** {@code CosineAnnealingWarmRestarts(optimizer, T_0)}. */
    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0) { this(optimizer, t0, 1, 0); }

    /** {@code CosineAnnealingWarmRestarts(optimizer, T_0, T_mult, eta_min)}. */
    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
        super(optimizer, -1);
        if (t0 <= 0) throw new IllegalArgumentException("Expected positive integer T_0, but got " + t0);
        if (tMult < 1) throw new IllegalArgumentException("Expected integer T_mult >= 1, but got " + tMult);
        this.t0 = t0;
        this.tMult = tMult;
        this.etaMin = etaMin;
        this.tI = t0;
        this.tCur = -1;
        step(0.0);
    }

    /**
     * PyTorch's keys {@code "T_0"}, {@code "T_i"}, {@code "T_mult"}, {@code "eta_min"}, {@code "T_cur"} and the base
     * class's; {@code "T_cur"} is written as an int when it is integral (as PyTorch holds it unless a fractional epoch
     * was stepped to), else as a float.
     */
    @Override
    protected void stateFields(StateFields f) {
        f.integer("T_0", () -> t0, v -> t0 = v)
                .integer("T_i", () -> tI, v -> tI = v)
                .integer("T_mult", () -> tMult, v -> tMult = v)
                .real("eta_min", () -> etaMin, v -> etaMin = v)
                .field("T_cur", () -> tCur == Math.rint(tCur) ? (Object) (long) tCur : (Object) tCur, v -> tCur = StateFields.asDouble("T_cur", v));
        super.stateFields(f);
    }

    @Override
    protected double[] computeLr() {
        double[] r = new double[baseLrs.length];
        for (int i = 0; i < r.length; i++) r[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2;
        return r;
    }

    /**
     * The next epoch: {@code T_cur} advances by one, restarting when it reaches {@code T_i}. Like PyTorch's, this
     * step does not count {@code _step_count} (which stays 0). Before epoch 0 (a SequentialLR's first scheduler,
     * whose construction step SequentialLR undoes) it goes to epoch 0, as PyTorch's step does.
     */
    @Override
    public void step() {
        if (lastEpoch < 0) {
            step(0.0);
            return;
        }
        tCur += 1;
        if (tCur >= tI) {
            tCur -= tI;
            tI *= tMult;
        }
        lastEpoch++;
        setLrs(computeLr());
    }

    /** {@code step(epoch)} with a whole epoch: this scheduler's own epoch logic, as {@link #step(double)}. */
    @Override
    public void step(int epoch) { step((double) epoch); }

    /** {@code step(epoch)}: jumps to a (possibly fractional) epoch, as PyTorch computes it. */
    public void step(double epoch) {
        if (epoch < 0) throw new IllegalArgumentException("Expected non-negative epoch, but got " + epoch);
        if (epoch >= t0) {
            if (tMult == 1) {
                tCur = epoch % t0;
            } else {
                int n = (int) (Math.log(epoch / t0 * (tMult - 1) + 1) / Math.log(tMult));
                tCur = epoch - t0 * (Math.pow(tMult, n) - 1) / (tMult - 1);
                tI = t0 * (int) Math.pow(tMult, n);
            }
        } else {
            tI = t0;
            tCur = epoch;
        }
        lastEpoch = (int) Math.floor(epoch);
        setLrs(computeLr());
    }
}
