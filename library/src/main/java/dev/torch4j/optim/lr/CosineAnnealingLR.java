package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;

/**
 * {@code CosineAnnealingLR(optimizer, T_max, eta_min=0)}: anneals the lr from its initial value to eta_min along a
 * half cosine over T_max epochs (and back up after, periodically), with PyTorch's recursive update.
 */
public class CosineAnnealingLR extends LRScheduler {
    /** The {@code t_max} argument. */
    public int tMax;
    /** The {@code eta_min} argument. */
    public double etaMin;

    /** {@code CosineAnnealingLR(optimizer, t_max)}; other arguments take PyTorch's defaults. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) { this(optimizer, tMax, 0.0); }

    /** {@code CosineAnnealingLR(optimizer, t_max, eta_min)}; other arguments take PyTorch's defaults. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer, -1);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    @Override
    protected void stateFields(StateFields f) {
        f.integer("T_max", () -> tMax, v -> tMax = v).real("eta_min", () -> etaMin, v -> etaMin = v);
        super.stateFields(f);
    }

    @Override
    protected double[] closedFormLr() {
        double[] r = new double[baseLrs.length];
        for (int i = 0; i < r.length; i++) r[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2;
        return r;
    }

    @Override
    protected double[] computeLr() {
        double[] lr = groupLrs();
        if (lastEpoch == 0) return lr;
        double[] r = new double[lr.length];
        for (int i = 0; i < r.length; i++) {
            if (stepCount == 1 && lastEpoch > 0) {
                r[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(lastEpoch * Math.PI / tMax)) / 2;
            } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
                r[i] = lr[i] + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            } else {
                r[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lr[i] - etaMin) + etaMin;
            }
        }
        return r;
    }
}
